from pathlib import Path

from PySide6.QtCore import Qt

from kupang_desk.ui.main_window import MainWindow
from tests.conftest import reopen


def names_in_model(model) -> list[str]:
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def add_worker_through_form(qtbot, window: MainWindow) -> None:
    form = window.open_form()
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.nik, "5371014503850001")
    qtbot.keyClicks(form.name, "maria goreti ndun")
    form.birth_date.setCursorPosition(0)
    qtbot.keyClicks(form.birth_date, "05031985")
    assert form.birth_date.text() == "05-03-1985"
    form.sex.setCurrentIndex(form.sex.findData("P"))
    form.opd.setCurrentIndex(form.opd.findData("DLHK"))
    qtbot.keyClicks(form.jabatan, "Tenaga Kebersihan / Penyapu Jalan")
    qtbot.keyClicks(form.upah, "2900000")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert (
        form.messages.text()
        == "MARIA GORETI NDUN tersimpan. Isi keluarga dan kepesertaan BPJS, atau tutup form."
    )
    assert form.saved_worker is not None


def test_add_worker_through_the_form_shows_it_in_the_list(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.model.rowCount() == 0
    add_worker_through_form(qtbot, window)
    assert names_in_model(window.model) == ["MARIA GORETI NDUN"]
    assert window.count_label.text() == "1 pegawai · 0 L · 1 P"

    ctx2 = reopen(ctx)
    window2 = MainWindow(ctx2)
    qtbot.addWidget(window2)
    assert names_in_model(window2.model) == ["MARIA GORETI NDUN"]
    ctx2.close()


def test_mismatched_birth_date_blocks_saving(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    form = window.open_form()
    qtbot.addWidget(form)
    qtbot.keyClicks(form.nik, "5371014503850001")
    qtbot.keyClicks(form.name, "MARIA")
    form.birth_date.setCursorPosition(0)
    qtbot.keyClicks(form.birth_date, "01011990")
    form.sex.setCurrentIndex(form.sex.findData("P"))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "05-03-1985" in form.field_message("birth_date")
    assert "01-01-1990" in form.field_message("birth_date")
    assert form.saved_worker is None
    assert window.model.rowCount() == 0


def test_print_daftar_writes_the_pdf(qtbot, ctx, tmp_path, monkeypatch):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    add_worker_through_form(qtbot, window)
    target = tmp_path / "daftar.pdf"
    monkeypatch.setattr(MainWindow, "ask_pdf_path", staticmethod(lambda parent, name: target))
    window.opd_filter.setCurrentIndex(window.opd_filter.findData("DLHK"))
    window.print_action.trigger()
    assert target.exists()
    assert Path(target).read_bytes().startswith(b"%PDF")
