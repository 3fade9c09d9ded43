"""A clerk's day in the worker form (issue 11): one save saves every tab, Ctrl+S says what
the button says, money is read as typed, status steps flow (pytest-qt, offscreen)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kupang_desk.domain.entities import Membership, Program
from kupang_desk.services import family as family_service
from kupang_desk.services import workers as worker_service
from kupang_desk.ui.family_tab import BIRTH, NAME, NIK, RELATION, SEX
from kupang_desk.ui.main_window import MainWindow
from kupang_desk.ui.worker_form import WorkerForm
from tests.helpers import confirm_key_fields

CHILD_NIK = "5371010101100001"  # born 01-01-2010, male


@pytest.fixture(autouse=True)
def never_block(monkeypatch):
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


def open_saved(qtbot, ctx, worker) -> WorkerForm:
    saved = worker_service.save_worker(ctx, worker).worker
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    form = window.open_form(worker_service.get_worker(ctx, saved.id))
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def ctrl_s(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def type_child_row(qtbot, form, nik=CHILD_NIK, *, leave_name_open=True) -> None:
    """A child typed the way a clerk does: the name cell's editor is still open."""
    tab = form.family_tab
    form.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    row = tab.table.rowCount() - 1
    tab.table.item(row, NIK).setText(nik)
    tab.table.item(row, BIRTH).setText("01-01-2010")
    tab.table.cellWidget(row, RELATION).setCurrentIndex(
        tab.table.cellWidget(row, RELATION).findData("anak")
    )
    tab.table.cellWidget(row, SEX).setCurrentIndex(tab.table.cellWidget(row, SEX).findData("L"))
    tab.table.setCurrentCell(row, NAME)
    tab.table.editItem(tab.table.item(row, NAME))
    editor = QApplication.focusWidget()
    assert editor is not None and tab.table.isAncestorOf(editor)
    qtbot.keyClicks(editor, "yohanes ndun")
    if not leave_name_open:
        tab.commit_pending_edit()


def family_names(ctx, worker_id) -> list[str]:
    return [m.name for m in family_service.list_family(ctx, worker_id)]


def test_ctrl_s_saves_a_family_row_whose_cell_is_still_being_typed(qtbot, ctx, worker):
    form = open_saved(qtbot, ctx, worker)
    type_child_row(qtbot, form)
    ctrl_s(qtbot, QApplication.focusWidget())
    assert not form.isVisible()
    assert family_names(ctx, form._worker.id) == ["YOHANES NDUN"]


def test_the_simpan_button_saves_the_pending_family_row_too(qtbot, ctx, worker):
    form = open_saved(qtbot, ctx, worker)
    type_child_row(qtbot, form, leave_name_open=False)
    form.name.setText("MARIA GORETI NDUN BANI")  # and a change on the first tab
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    worker_id = form._worker.id
    assert family_names(ctx, worker_id) == ["YOHANES NDUN"]
    assert worker_service.get_worker(ctx, worker_id).name == "MARIA GORETI NDUN BANI"


def test_a_family_row_the_rules_refuse_keeps_the_form_open_on_its_tab(qtbot, ctx, worker):
    form = open_saved(qtbot, ctx, worker)
    type_child_row(qtbot, form, nik="5371010101100000")  # serial 0000
    form.tabs.setCurrentIndex(0)
    form.name.setFocus()
    ctrl_s(qtbot, form.name)
    assert form.isVisible()
    assert form.tabs.currentWidget() is form.family_tab
    assert "0000" in form.family_tab.messages.text()
    assert "tab Keluarga belum tersimpan" in form.messages.text()
    table = form.family_tab.table
    assert (table.item(0, NIK).text(), table.item(0, NAME).text()) == (
        "5371010101100000",
        "yohanes ndun",
    )  # nothing typed is lost
    assert family_names(ctx, form._worker.id) == []
    table.item(0, NIK).setText(CHILD_NIK)
    ctrl_s(qtbot, form.name)
    assert not form.isVisible()
    assert family_names(ctx, form._worker.id) == ["YOHANES NDUN"]


def test_ctrl_s_and_simpan_save_a_pending_membership_edit(qtbot, ctx, worker):
    saved = worker_service.save_worker(ctx, worker).worker
    family_service.save_membership(ctx, Membership(Program.KESEHATAN, saved.id))
    for save in ("ctrl_s", "button"):
        form = open_saved(qtbot, ctx, worker_service.get_worker(ctx, saved.id))
        tab = form.membership_tab
        form.tabs.setCurrentWidget(tab)
        tab.select_membership(family_service.list_memberships(ctx, saved.id)[0].id)
        tab.faskes_code.setText("0138U020" if save == "ctrl_s" else "0138U021")
        tab.faskes_name.setText("Puskesmas Oebobo")
        assert form.is_dirty()
        if save == "ctrl_s":
            ctrl_s(qtbot, tab.faskes_code)
        else:
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert not form.isVisible(), (save, form.messages.text(), tab.messages.text())
        [stored] = family_service.list_memberships(ctx, saved.id)
        assert stored.faskes_code == ("0138U020" if save == "ctrl_s" else "0138U021")


def test_a_new_membership_typed_but_not_saved_is_saved_by_ctrl_s(qtbot, ctx, worker):
    form = open_saved(qtbot, ctx, worker)
    tab = form.membership_tab
    form.tabs.setCurrentWidget(tab)
    tab.faskes_code.setText("0138U020")
    tab.faskes_name.setText("Puskesmas Oebobo")
    ctrl_s(qtbot, tab.faskes_name)
    assert not form.isVisible()
    [stored] = family_service.list_memberships(ctx, form._worker.id)
    assert (stored.program, stored.faskes_code) == (Program.KESEHATAN, "0138U020")


def test_saving_the_family_keeps_a_membership_edit_in_progress(qtbot, ctx, worker):
    form = open_saved(qtbot, ctx, worker)
    form.membership_tab.faskes_code.setText("0138U020")
    type_child_row(qtbot, form, leave_name_open=False)
    assert form.family_tab.save()
    assert form.family_tab.messages.text() == "Data keluarga tersimpan."
    assert "#1b5e20" in form.family_tab.messages.styleSheet()  # green, not the error red
    assert form.membership_tab.faskes_code.text() == "0138U020"
    assert form.membership_tab.is_dirty()


def test_ctrl_s_shows_the_same_messages_as_the_simpan_button(qtbot, ctx):
    shown = {}
    for how in ("button", "ctrl_s"):
        form = new_form(qtbot, ctx)
        form.activateWindow()
        qtbot.waitUntil(form.isActiveWindow)
        type_worker(qtbot, form)
        form.birth_date.setText("15-03-1985")  # the NIK says 05-03-1985
        form.no_kk.setText("5371")
        form.jabatan.setFocus()
        if how == "button":
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        else:
            ctrl_s(qtbot, form.jabatan)
        assert form.saved_worker is None
        shown[how] = {key: form.field_message(key) for key in ("birth_date", "no_kk", "nik")}
        assert form._messages["birth_date"].isVisibleTo(form)
        assert QApplication.focusWidget() in (form.nik, form.birth_date, form.no_kk)
        form.close()
    assert shown["ctrl_s"] == shown["button"]
    assert "05-03-1985" in shown["ctrl_s"]["birth_date"]
    assert "16 angka" in shown["ctrl_s"]["no_kk"]


def test_status_buttons_stay_usable_after_each_step(qtbot, ctx, worker):
    form = open_saved(qtbot, ctx, worker)
    tab = form.membership_tab
    form.tabs.setCurrentWidget(tab)
    assert tab.save()
    confirm_key_fields(ctx, form._worker.id)
    assert tab.step_buttons["verified"].isEnabled()  # the saved one stays selected
    for step, next_step in (("verified", "submitted"), ("submitted", "active")):
        qtbot.mouseClick(tab.step_buttons[step], Qt.MouseButton.LeftButton)
        assert tab.step_buttons[next_step].isEnabled(), (step, tab.messages.text())
        assert "#1b5e20" in tab.messages.styleSheet()  # a success is not in the error colour
    qtbot.mouseClick(tab.step_buttons["active"], Qt.MouseButton.LeftButton)
    assert "nomor kartu" in tab.messages.text() and "#b00020" in tab.messages.styleSheet()
    assert tab.step_buttons["active"].isEnabled()  # type the card number and try again
    tab.card_number.setText("0001234567890")
    assert tab.save()
    qtbot.mouseClick(tab.step_buttons["active"], Qt.MouseButton.LeftButton)
    assert tab.step_buttons["inactive"].isEnabled()
    [stored] = family_service.list_memberships(ctx, form._worker.id)
    assert stored.status == "active"


def test_upah_typed_with_dots_and_decimal_comma_is_stored_as_typed(qtbot, ctx):
    form = new_form(qtbot, ctx)
    type_worker(qtbot, form)
    assert form.upah.text() == "2.900.000"  # grouped while typing
    form.upah.clear()
    qtbot.keyClicks(form.upah, "2.600.000,00")  # above the 2026 UMK: no warning to accept
    form.upah.editingFinished.emit()
    assert form.upah.text() == "2.600.000"
    form.save()
    assert form.saved_worker.upah == 2_600_000


def test_unreadable_or_implausible_upah_is_said_beside_the_field(qtbot, ctx, monkeypatch):
    asked = []
    monkeypatch.setattr(
        WorkerForm, "accept_warnings", staticmethod(lambda p, issues: asked.append(issues))
    )
    form = new_form(qtbot, ctx)
    type_worker(qtbot, form)
    form.upah.setText("2,500")
    form.save()
    assert form.saved_worker is None and not asked
    assert "bisa berarti dua jumlah" in form.field_message("upah")
    assert form.upah.text() == "2,500"  # the typing stays for the clerk to correct
    form.upah.setText("250.000.000")
    form.save()
    assert form.saved_worker is None
    assert [i.code for i in asked[0]] == ["upah.implausible"]
    assert "lebih dari 10 kali UMK" in form.field_message("upah")


def test_nonaktifkan_without_a_reason_keeps_the_dialog_and_its_typing(qtbot, ctx, worker):
    from datetime import date

    from kupang_desk.ui.worker_form import DeactivationDialog

    saved = worker_service.save_worker(ctx, worker).worker
    form = WorkerForm(ctx, [], worker_service.get_worker(ctx, saved.id))
    qtbot.addWidget(form)
    seen = []

    def deactivate(reason, on):
        return worker_service_refusal(ctx, saved.id, reason, on, seen)

    dialog = DeactivationDialog(deactivate, form)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.on.setText("31-12-2026")
    dialog.submit()  # no reason
    assert dialog.isVisible() and dialog.result() == 0
    assert "Tulis alasan nonaktif" in dialog.messages.text()
    assert dialog.on.text() == "31-12-2026"  # the typed date stays
    dialog.on.setText("31-02-2026")
    dialog.reason.setText("Kontrak berakhir")
    dialog.submit()
    assert dialog.isVisible() and "31-02-2026 tidak ada" in dialog.messages.text()
    assert dialog.reason.text() == "Kontrak berakhir"
    dialog.on.setText("31-12-2026")
    dialog.submit()
    assert not dialog.isVisible()
    stored = worker_service.get_worker(ctx, saved.id)
    assert (stored.status, stored.status_date) == ("nonaktif", date(2026, 12, 31))
    assert seen == ["Tulis alasan nonaktif, mis. kontrak berakhir atau meninggal.", ""]


def worker_service_refusal(ctx, worker_id, reason, on, seen) -> str:
    try:
        worker_service.deactivate_worker(ctx, worker_id, reason=reason, on=on)
    except worker_service.DeactivationRefused as exc:
        seen.append(str(exc))
        return str(exc)
    seen.append("")
    return ""


def test_a_user_without_an_opd_is_refused_in_the_dialog_with_the_typing_kept(qtbot, ctx):
    from kupang_desk.services import auth
    from kupang_desk.ui.users_dialog import UserEditDialog, UsersDialog

    admin, _ = auth.create_first_admin(ctx.store, "admin", "Bagian Umum", "rahasia-panjang-1")
    users = UsersDialog(admin)
    qtbot.addWidget(users)
    password = auth.temporary_password()
    dialog = UserEditDialog(
        admin,
        None,
        users,
        submit=lambda user: [i.message for i in auth.create_user(admin, user, password)],
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("op.dlhk")
    dialog.full_name.setText("Operator DLHK")  # role operator, OPD left at "semua OPD"
    dialog._done()
    assert dialog.isVisible() and dialog.user is None
    assert "OPD" in dialog.messages.text()
    assert (dialog.username.text(), dialog.full_name.text()) == ("op.dlhk", "Operator DLHK")
    dialog.opd.setCurrentIndex(dialog.opd.findData("DLHK"))
    dialog._done()
    assert not dialog.isVisible() and dialog.user.username == "op.dlhk"
    assert auth.login(ctx.store, "op.dlhk", password).opd_code == "DLHK"


def shown_window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_down_or_enter_in_the_search_box_moves_into_the_list_and_enter_opens(qtbot, ctx, worker):
    worker_service.save_worker(ctx, worker)
    window = shown_window(qtbot, ctx)
    window.search.setFocus()
    qtbot.keyClicks(window.search, "maria")
    qtbot.waitUntil(lambda: not window._search_timer.isActive())  # the search ran
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.table
    assert window.table.currentIndex().row() == 0
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.table
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    forms = [f for f in window.findChildren(WorkerForm) if f.isVisible()]
    assert len(forms) == 1 and forms[0]._worker.nik == worker.nik
    forms[0].close()


def test_tambah_anggota_puts_the_cursor_in_the_nik_cell_and_the_nik_fills_the_rest(
    qtbot, ctx, worker
):
    from kupang_desk.ui.widgets import DateField

    form = open_saved(qtbot, ctx, worker)
    tab = form.family_tab
    form.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert (tab.table.currentRow(), tab.table.currentColumn()) == (0, NIK)
    assert tab.table.isAncestorOf(editor)
    qtbot.keyClicks(editor, "5371014505150002")  # a girl born 05-05-2015
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert tab.table.item(0, BIRTH).text() == "05-05-2015"
    assert tab.table.cellWidget(0, SEX).currentData() == "P"
    tab.table.setCurrentCell(0, BIRTH)
    tab.table.editItem(tab.table.item(0, BIRTH))
    date_editor = QApplication.focusWidget()
    assert isinstance(date_editor, DateField) and date_editor.inputMask()
    date_editor.selectAll()
    qtbot.keyClicks(date_editor, "06052015")
    print(
        "EDITOR TEXT", repr(date_editor.text()), date_editor.hasAcceptableInput()
    )  # digits only: the mask adds the dashes
    qtbot.keyClick(date_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.table.item(0, BIRTH).text() == "06-05-2015")  # queued commit
    tab.table.item(0, NIK).setText("5371014505150003")  # the clerk's date stays
    assert tab.table.item(0, BIRTH).text() == "06-05-2015"


def test_an_empty_list_says_why(qtbot, ctx, worker):
    window = shown_window(qtbot, ctx)
    assert "Belum ada pegawai" in window.empty_label.text() and window.empty_label.isVisible()
    worker_service.save_worker(ctx, worker)
    window.apply_filter()
    assert not window.empty_label.isVisible()
    window.search.setText("xyz")
    qtbot.waitUntil(lambda: not window._search_timer.isActive())
    assert window.empty_label.text() == "Tidak ada pegawai yang cocok dengan 'xyz'."
    window.search.clear()
    qtbot.waitUntil(lambda: not window._search_timer.isActive())
    window.fix_filter.setChecked(True)
    assert window.empty_label.text() == "Tidak ada pegawai dengan saringan ini."
