"""The worker form and list as a clerk uses them (pytest-qt, offscreen)."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from kupang_desk.services import workers as worker_service
from kupang_desk.ui.main_window import MainWindow
from kupang_desk.ui.worker_form import WorkerForm


@pytest.fixture(autouse=True)
def never_block(monkeypatch):
    """Closing a form with typed data would ask; tests that care replace this again."""
    monkeypatch.setattr(WorkerForm, "ask_unsaved", staticmethod(lambda parent: "discard"))


def new_form(qtbot, ctx, window=None) -> WorkerForm:
    window = window or MainWindow(ctx)
    qtbot.addWidget(window)
    form = window.open_form()
    qtbot.addWidget(form)
    form.show()
    return form


def type_worker(qtbot, form, nik="5371014503850001", name="maria goreti ndun"):
    qtbot.keyClicks(form.nik, nik)
    qtbot.keyClicks(form.name, name)
    form.opd.setCurrentIndex(form.opd.findData("DLHK"))
    qtbot.keyClicks(form.unit, "Bidang Kebersihan")
    qtbot.keyClicks(form.jabatan, "Penyapu Jalan")
    qtbot.keyClicks(form.upah, "2900000")


def test_typing_a_nik_fills_birth_date_sex_and_kecamatan(qtbot, ctx):
    form = new_form(qtbot, ctx)
    qtbot.keyClicks(form.nik, "5371044503850001")
    assert form.birth_date.text() == "05-03-1985"
    assert form.sex.currentData() == "P"
    assert form.kecamatan.text() == "OEBOBO"
    form.kecamatan.setText("KOTA RAJA")  # the clerk's correction stands
    form.nik.setText("")
    qtbot.keyClicks(form.nik, "5371011508900002")
    assert form.birth_date.text() == "15-08-1990"
    assert form.sex.currentData() == "L"
    assert form.kecamatan.text() == "KOTA RAJA"


def test_message_appears_beside_a_field_when_it_loses_focus(qtbot, ctx):
    form = new_form(qtbot, ctx)
    form.activateWindow()
    form.no_kk.setFocus()
    qtbot.keyClicks(form.no_kk, "537101")
    assert form.field_message("no_kk") == ""  # not while typing
    form._left_field("no_kk")
    assert "harus 16 angka" in form.field_message("no_kk")
    assert form.field_message("nik") == ""  # untouched fields stay quiet


def test_mismatched_birth_date_blocks_saving_naming_both_dates(qtbot, ctx):
    form = new_form(qtbot, ctx)
    type_worker(qtbot, form)
    form.birth_date.setText("15-03-1985")
    form.save()
    text = form.field_message("birth_date")
    assert "05-03-1985" in text and "15-03-1985" in text
    assert form.saved_worker is None
    assert worker_service.count_workers(ctx, worker_service.WorkerQuery())["total"] == 0


def test_duplicate_nik_names_the_holders_opd(qtbot, ctx, worker):
    worker_service.save_worker(ctx, worker)
    form = new_form(qtbot, ctx)
    type_worker(qtbot, form, name="yosefina bani")
    form.opd.setCurrentIndex(form.opd.findData("DINKES"))
    form.save()
    text = form.field_message("nik")
    assert "MARIA GORETI NDUN" in text and "Dinas Lingkungan Hidup dan Kebersihan" in text
    assert form.saved_worker is None


def test_a_warning_can_be_accepted_once(qtbot, ctx, monkeypatch):
    asked = []
    monkeypatch.setattr(
        WorkerForm, "accept_warnings", staticmethod(lambda p, issues: asked.append(issues) or True)
    )
    form = new_form(qtbot, ctx)
    type_worker(qtbot, form)
    form.upah.setText("2000000")
    form.save()
    assert form.saved_worker is not None
    assert [i.code for i in asked[0]] == ["upah.below_umk"]
    assert form.saved_worker.accepted_warnings == "upah.below_umk"
    form.save()  # saving again does not ask about the accepted warning
    assert len(asked) == 1


def test_refused_warning_does_not_save(qtbot, ctx, monkeypatch):
    monkeypatch.setattr(WorkerForm, "accept_warnings", staticmethod(lambda p, issues: False))
    form = new_form(qtbot, ctx)
    type_worker(qtbot, form)
    form.upah.setText("2000000")
    form.save()
    assert form.saved_worker is None
    assert "di bawah UMK" in form.field_message("upah")


def test_save_and_new_keeps_opd_unit_and_jabatan(qtbot, ctx):
    window = MainWindow(ctx)
    form = new_form(qtbot, ctx, window)
    type_worker(qtbot, form)
    qtbot.mouseClick(form.save_new_button, Qt.MouseButton.LeftButton)
    assert form.saved_worker is not None
    assert form.nik.text() == "" and form.name.text() == ""
    assert form.opd.currentData() == "DLHK"
    assert (form.unit.text(), form.jabatan.text()) == ("Bidang Kebersihan", "Penyapu Jalan")
    assert not form.is_dirty()
    assert window.model.rowCount() == 1


def test_enter_on_the_last_field_saves_and_ctrl_s_too(qtbot, ctx):
    form = new_form(qtbot, ctx)
    type_worker(qtbot, form)
    form.upah.setFocus()
    qtbot.keyClick(form.upah, Qt.Key.Key_Return)
    assert form.saved_worker is not None
    saved_once = form.saved_worker
    form.contract_number.setText("800/1/DLHK/2026")
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(form.contract_number, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.saved_worker.row_version == saved_once.row_version + 1


def test_unsaved_changes_are_not_lost_silently(qtbot, ctx, monkeypatch):
    answers = ["cancel", "discard"]
    asked = []
    monkeypatch.setattr(
        WorkerForm, "ask_unsaved", staticmethod(lambda p: asked.append(1) or answers.pop(0))
    )
    form = new_form(qtbot, ctx)
    qtbot.keyClicks(form.name, "maria")
    form.reject()
    assert form.isVisible() and form.name.text() == "maria"
    form.reject()
    assert not form.isVisible() and len(asked) == 2
    clean = new_form(qtbot, ctx)
    clean.reject()
    assert len(asked) == 2  # nothing typed: nothing asked


def test_deactivation_asks_reason_and_keeps_the_row(qtbot, ctx, worker, monkeypatch):
    from datetime import date

    saved = worker_service.save_worker(ctx, worker).worker
    monkeypatch.setattr(
        WorkerForm,
        "ask_deactivation",
        staticmethod(
            lambda p, deactivate: deactivate("Kontrak berakhir", date(2026, 12, 31)) == ""
        ),
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.model.rowCount() == 1
    form = window.open_form(worker_service.get_worker(ctx, saved.id))
    qtbot.addWidget(form)
    qtbot.mouseClick(form.deactivate_button, Qt.MouseButton.LeftButton)
    assert "NONAKTIF" in form.status_label.text() and "Kontrak berakhir" in form.status_label.text()
    assert window.model.rowCount() == 0  # the list shows active workers by default
    window.status_filter.setCurrentIndex(window.status_filter.findData("nonaktif"))
    assert window.model.rowCount() == 1
    assert ctx.store.query("SELECT count(*) FROM workers")[0][0] == 1


def test_family_tab_saves_children_and_marks_the_fourth_tambahan(qtbot, ctx, worker):
    saved = worker_service.save_worker(ctx, replace(worker)).worker
    form = WorkerForm(ctx, [], worker_service.get_worker(ctx, saved.id))
    qtbot.addWidget(form)
    tab = form.family_tab
    for i in range(4):
        row = tab.add_row()
        tab.table.item(row, 0).setText(f"53710101011{i}0001")
        tab.table.item(row, 1).setText(f"anak {'abcd'[i]}")
        tab.table.item(row, 3).setText(f"01-01-201{i}")
        tab.table.cellWidget(row, 2).setCurrentIndex(tab.table.cellWidget(row, 2).findData("anak"))
        tab.table.cellWidget(row, 4).setCurrentIndex(tab.table.cellWidget(row, 4).findData("L"))
    assert form.is_dirty()
    assert tab.save(), tab.messages.text()
    relations = [tab.table.cellWidget(r, 2).currentData() for r in range(4)]
    assert relations.count("tambahan") == 1
    assert not form.is_dirty()
    assert form.membership_tab.person.count() == 5  # the worker and four family members


def test_status_line_counts_and_perlu_perbaikan(qtbot, ctx, worker, monkeypatch):
    from kupang_desk.ui.problems_view import ProblemsDialog

    worker_service.save_worker(ctx, worker)
    with ctx.store.transaction() as db:
        db.execute("UPDATE workers SET upah = 2000000")  # e.g. an old import, below UMK
    dialog = ProblemsDialog(ctx, lambda worker_id: None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.running)
    assert dialog.model.rowCount() == 1
    assert "di bawah UMK" in dialog.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.count_label.text() == "1 pegawai · 0 L · 1 P · 1 perlu perbaikan"
    window.fix_filter.setChecked(True)
    assert window.model.rowCount() == 1


def test_closing_the_main_window_asks_about_an_open_form(qtbot, ctx, monkeypatch):
    monkeypatch.setattr(WorkerForm, "ask_unsaved", staticmethod(lambda parent: "cancel"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    form = window.open_form()
    form.show()
    qtbot.keyClicks(form.name, "maria")
    assert not window.close()
    assert window.isVisible() and form.isVisible()
    monkeypatch.setattr(WorkerForm, "ask_unsaved", staticmethod(lambda parent: "discard"))
    assert window.close()


def test_tab_follows_the_form_in_reading_order(qtbot, ctx):
    from PySide6.QtWidgets import QApplication

    form = new_form(qtbot, ctx)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    form.nik.setFocus()
    visited = [QApplication.focusWidget()]
    for _ in range(len(form._order) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    expected = [w for w in form._order if w.isEnabled()]
    assert visited[: len(expected)] == expected
    assert expected[-1] is form.upah
