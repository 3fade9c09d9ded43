"""Issue 15 §2 in the window: the Dokumen tab takes a 4 MB photo by the file dialog and by
drag and drop, keeps it under the limit, shows it (zoom, fit, rotate), refuses a renamed
non-image, and nothing of the scan (name or bytes) reaches the log file."""

import logging
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPageSize, QPainter, QPdfWriter

from kupang_desk.applog import setup_logging
from kupang_desk.domain.documents import IMAGE_MAX_BYTES
from kupang_desk.services import documents as document_service
from kupang_desk.services import workers as worker_service
from kupang_desk.ui.document_viewer import DocumentViewer
from kupang_desk.ui.worker_form import WorkerForm
from tests.helpers import noisy_photo


@pytest.fixture
def log_file(tmp_path):
    path = setup_logging(tmp_path / "log")
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.name == "kupang_desk"]:
        root.removeHandler(handler)
        handler.close()
    sys.excepthook = sys.__excepthook__


@pytest.fixture
def form(qtbot, ctx, worker):
    saved = worker_service.save_worker(ctx, worker).worker
    form = WorkerForm(ctx, [], worker_service.get_worker(ctx, saved.id))
    qtbot.addWidget(form)
    form.resize(1000, 700)
    form.show()
    form.tabs.setCurrentWidget(form.documents_tab)
    return form


def drop(widget, paths: list[Path]) -> None:
    """The tab's own handlers (offscreen Qt delivers no synthetic drop through notify)."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    args = (QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton, Qt.NoModifier)
    enter = QDragEnterEvent(*args)
    widget.dragEnterEvent(enter)
    assert enter.isAccepted()
    widget.dropEvent(QDropEvent(*args))


def test_a_4_mb_photo_by_dialog_is_kept_small_shown_and_never_logged(
    qtbot, ctx, form, tmp_path, monkeypatch, log_file
):
    photo = noisy_photo(tmp_path / "KTP MARIA GORETI NDUN.png")
    assert photo.stat().st_size > 4_000_000
    tab = form.documents_tab
    assert "Dokumen" in [form.tabs.tabText(i) for i in range(form.tabs.count())]
    monkeypatch.setattr(type(tab), "ask_file", staticmethod(lambda parent: photo))
    tab.kind.setCurrentIndex(tab.kind.findData("ktp"))
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.messages.text() == "1 dokumen disimpan."
    infos = document_service.list_documents(ctx, form._worker.id)
    assert [(i.kind, i.mime, i.family_member_id) for i in infos] == [("ktp", "image/jpeg", None)]
    assert infos[0].size <= IMAGE_MAX_BYTES
    print(f"4 MB photo: {photo.stat().st_size} B PNG -> {infos[0].size} B JPEG")
    # Shown at once, downscaled to 1120 x 800 (1400 x 1000 shrunk until under 300 KB).
    viewer = tab.viewer
    assert viewer.view.isVisible() and (viewer.image.width(), viewer.image.height()) == (1120, 800)
    fitted = viewer.zoom
    assert 0 < fitted < 1  # the whole page in the window
    qtbot.mouseClick(viewer.zoom_in_button, Qt.MouseButton.LeftButton)
    assert viewer.zoom == pytest.approx(fitted * 1.25)
    qtbot.mouseClick(viewer.rotate_button, Qt.MouseButton.LeftButton)
    assert viewer.rotation == 90 and viewer.view.transform().m12() != 0  # turned a quarter
    # Nothing of the scan in the log: not its file name, not a run of its bytes.
    logging.getLogger("kupang_desk.test").info("dokumen %s disimpan", photo.name)
    stored = document_service.read_document(ctx, infos[0].id)[1]
    text = log_file.read_bytes()
    assert b"dokumen [teks] disimpan" in text  # the log works, and masks what it is handed
    for secret in (photo.name.encode(), b"MARIA", stored[1000:1032], photo.read_bytes()[500:532]):
        assert secret not in text


def test_drag_and_drop_attaches_to_a_family_member_and_refuses_a_renamed_file(
    qtbot, ctx, form, tmp_path
):
    from kupang_desk.domain.entities import FamilyMember
    from kupang_desk.services.family import save_family

    result = save_family(
        ctx,
        form._worker.id,
        [
            FamilyMember(
                worker_id=form._worker.id,
                nik="5371010101150001",
                name="Anak Satu",
                relation="anak",
                sex="L",
                birth_date=date(2015, 1, 1),
            )
        ],
    )
    assert result.saved, result.issues
    tab = form.documents_tab
    tab.set_worker(form._worker)
    assert tab.person.count() == 2
    tab.person.setCurrentIndex(1)
    tab.kind.setCurrentIndex(tab.kind.findData("surat_sekolah"))
    pdf = tmp_path / "surat.pdf"
    writer = QPdfWriter(str(pdf))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(100, 100, "Surat keterangan masih sekolah")
    painter.end()
    fake = tmp_path / "kk.jpg"
    fake.write_text("ini bukan gambar, hanya teks yang diberi nama .jpg\n" * 20)
    drop(tab, [pdf, fake])
    assert "bukan gambar PNG/JPEG atau PDF" in tab.messages.text()
    infos = document_service.list_documents(ctx, form._worker.id)
    member_id = tab.person.itemData(1)
    assert [(i.kind, i.mime, i.family_member_id) for i in infos] == [
        ("surat_sekolah", "application/pdf", member_id)
    ]
    assert infos[0].size == pdf.stat().st_size  # a PDF is kept as it is
    tab.list.setCurrentRow(0)
    # A4 at 2 px per point: 595 x 842 pt -> 1190 x 1684 px, its first page on screen.
    assert (tab.viewer.image.width(), tab.viewer.image.height()) == (1190, 1684)


def test_viewer_alone_clears_and_names_a_broken_file(qtbot):
    viewer = DocumentViewer()
    qtbot.addWidget(viewer)
    viewer.show()
    assert not viewer.set_document("application/pdf", b"%PDF-1.4 rusak, tanpa halaman")
    assert "tidak dapat ditampilkan" in viewer.empty.text() and not viewer.fit_button.isEnabled()
    viewer.clear()
    assert viewer.image.isNull() and viewer.empty.isVisible()
