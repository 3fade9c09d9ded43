from PySide6.QtCore import Qt

from kupang_desk.ui.main_window import MainWindow
from tests.helpers import reopen


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


def test_print_daftar_opens_the_preview_and_saves_the_pdf(qtbot, ctx, tmp_path, monkeypatch):
    from kupang_desk.services.reports import Period, PrintJob
    from kupang_desk.ui.print_preview import PrintPreview

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    add_worker_through_form(qtbot, window)
    job = PrintJob("daftar", "DLHK", "kesehatan", Period(2026, 11), "f4")
    asked = []
    monkeypatch.setattr(
        MainWindow, "ask_print_job", staticmethod(lambda *args: asked.append(args[1:]) or job)
    )
    target = tmp_path / "daftar"
    monkeypatch.setattr(PrintPreview, "ask_pdf_path", staticmethod(lambda parent, name: target))
    window.opd_filter.setCurrentIndex(window.opd_filter.findData("DLHK"))
    with qtbot.waitSignal(window.printing.preview_opened, timeout=20_000) as opened:
        window.print_action.trigger()
    preview = opened.args[0]
    assert [(len(opds), selected, kind) for opds, selected, kind in asked] == [
        (2, "DLHK", "daftar")
    ]
    assert preview.page_count == 1
    saved = preview.save_as()
    assert saved == tmp_path / "daftar.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    preview.close()
