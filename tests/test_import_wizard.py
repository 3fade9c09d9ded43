import threading
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from kupang_desk.services import importing
from kupang_desk.store import bulk
from kupang_desk.ui.import_wizard import STATUS_COLOURS, ImportWizard
from kupang_desk.ui.main_window import MainWindow
from tests.helpers import add_existing, many_rows, messy_rows, shot, snapshot
from tests.roster_sheets import clerk_xlsx

BACKGROUND = Qt.ItemDataRole.BackgroundRole


def start_wizard(qtbot, ctx, monkeypatch, path: Path) -> tuple[MainWindow, ImportWizard]:
    monkeypatch.setattr(ImportWizard, "ask_open_path", staticmethod(lambda parent: path))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.opd_filter.setCurrentIndex(window.opd_filter.findData("DLHK"))
    wizard = window.open_import_wizard()
    qtbot.addWidget(wizard)
    return window, wizard


def test_wizard_maps_previews_imports_and_saves_rejected_rows(qtbot, ctx, tmp_path, monkeypatch):
    add_existing(ctx)
    path = clerk_xlsx(tmp_path / "ptt dlhk.xlsx", messy_rows())
    window, wizard = start_wizard(qtbot, ctx, monkeypatch, path)
    page = wizard.file_page
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled() is False
    page._browse()
    assert page.path.text() == str(path)
    assert page.opd.currentData() == "DLHK"
    wizard.next()

    mapping = wizard.mapping_page
    assert "baris 4" in mapping.subTitle()
    assert [c.currentData() for c in mapping.combos] == [
        "",
        "nik",
        "name",
        "birth_place",
        "birth_date",
        "sex",
        "jabatan",
        "phone",
        "upah",
    ]
    mapping.combos[6].setCurrentIndex(0)  # the clerk leaves JABATAN out
    mapping.combos[1].setCurrentIndex(mapping.combos[1].findData("name"))
    wizard.next()
    assert wizard.currentPage() is mapping and "Nama" in mapping.error.text()
    shot(wizard, "wizard-mapping")
    mapping.combos[1].setCurrentIndex(mapping.combos[1].findData("nik"))
    wizard.next()

    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    qtbot.waitUntil(lambda: preview.done, timeout=10_000)
    assert "12 baris data: 6 akan disimpan" in preview.summary.text()
    model = preview.model
    assert model.rowCount() == 12
    assert model.index(0, 1).data() == "Baru"
    assert model.index(1, 1).data() == "Ditolak"
    assert "Teks (Text)" in model.index(1, 4).data()
    assert model.index(1, 0).data(BACKGROUND).color() == STATUS_COLOURS["ditolak"]
    assert model.index(0, 0).data(BACKGROUND).color() == STATUS_COLOURS["baru"]
    assert ctx.store.query("SELECT count(*) FROM workers")[0][0] == 1  # only the existing one
    window.resize(1000, 700)
    shot(wizard, "wizard-preview")

    rejected_file = tmp_path / "ditolak.xlsx"
    monkeypatch.setattr(ImportWizard, "ask_save_path", staticmethod(lambda p, s: rejected_file))
    assert preview.save_rejected_button.isEnabled()
    qtbot.mouseClick(preview.save_rejected_button, Qt.MouseButton.LeftButton)
    sheet = load_workbook(rejected_file).active
    assert sheet.max_row == 7 and sheet.cell(1, 10).value == "KETERANGAN"

    assert wizard.button(wizard.WizardButton.CommitButton).text() == "Impor"
    wizard.next()  # the preview is the commit page: this runs the import
    run = wizard.run_page
    assert not wizard.button(wizard.WizardButton.BackButton).isEnabled()
    qtbot.waitUntil(lambda: run.done, timeout=10_000)
    assert run.summary.text().startswith("Selesai. 12 baris data: 6 disimpan")
    shot(wizard, "wizard-done")
    jabatan = ctx.store.query("SELECT jabatan FROM workers WHERE nik = '5371014503850001'")
    assert jabatan[0][0] == ""  # the column was left out in the mapping
    assert window.model.rowCount() == 6  # the DLHK filter is on
    assert window.count_label.text().startswith("6 pegawai")


def test_cancel_during_import_saves_nothing(qtbot, ctx, tmp_path, monkeypatch):
    path = clerk_xlsx(tmp_path / "big.xlsx", many_rows(200))
    monkeypatch.setattr(importing, "BATCH_SIZE", 10)
    busy, release = threading.Event(), threading.Event()
    real_insert = bulk.insert_workers

    def held_insert(store, workers, *, user):  # the first batch waits for the clerk's Batal
        busy.set()
        assert release.wait(10), "the writer was never let go"
        real_insert(store, workers, user=user)

    monkeypatch.setattr(bulk, "insert_workers", held_insert)
    _, wizard = start_wizard(qtbot, ctx, monkeypatch, path)
    wizard.file_page._browse()
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.done, timeout=10_000)
    before = snapshot(ctx)
    wizard.next()
    run = wizard.run_page
    qtbot.waitUntil(busy.is_set, timeout=10_000)
    qtbot.mouseClick(run.cancel_button, Qt.MouseButton.LeftButton)
    release.set()  # 200 rows in batches of 10: the import is far from its end
    qtbot.waitUntil(lambda: run.done, timeout=10_000)
    assert run.summary.text() == "Impor dibatalkan; tidak ada data yang disimpan."
    assert snapshot(ctx) == before


def test_import_action_opens_the_wizard_on_the_selected_opd(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.opd_filter.setCurrentIndex(window.opd_filter.findData("DINKES"))
    window.import_action.trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    assert wizard.file_page.opd.currentData() == "DINKES"
    wizard.reject()


def test_file_without_opd_column_needs_a_target_opd(qtbot, ctx, tmp_path, monkeypatch):
    path = clerk_xlsx(tmp_path / "ptt.xlsx", many_rows(3))
    _, wizard = start_wizard(qtbot, ctx, monkeypatch, path)
    page = wizard.file_page
    page._browse()
    page.opd.setCurrentIndex(page.opd.findData(None))
    wizard.next()
    assert wizard.currentPage() is page
    assert page.error.text() == "Berkas tidak punya kolom OPD: pilih OPD tujuan."
    page.opd.setCurrentIndex(page.opd.findData("DLHK"))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page


def test_export_actions_write_the_files_of_the_selected_opd(qtbot, ctx, tmp_path, monkeypatch):
    add_existing(ctx)  # a DINKES worker
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.opd_filter.setCurrentIndex(window.opd_filter.findData("DINKES"))
    targets = {}

    def ask(parent, suggested, file_filter):
        targets[suggested] = tmp_path / suggested
        return targets[suggested]

    monkeypatch.setattr(MainWindow, "ask_export_path", staticmethod(ask))
    said = {}
    for kind, action in window.export_actions.items():
        action.trigger()  # written in the background: waited for one by one here
        qtbot.waitUntil(lambda: "diekspor" in window.statusBar().currentMessage(), timeout=10_000)
        said[kind] = window.statusBar().currentMessage()
        window.statusBar().clearMessage()
    assert sorted(targets) == [
        "bpjs-ketenagakerjaan-dinkes.xlsx",
        "daftar-pegawai-dinkes.csv",
        "mutasi-bpjs-kesehatan-dinkes.xlsx",
        "mutasi-keluar-bpjs-kesehatan-dinkes.xlsx",
    ]
    assert all(path.exists() for path in targets.values())
    assert said["csv"] == f"1 baris diekspor ke {targets['daftar-pegawai-dinkes.csv']}"


def test_no_header_found_the_clerk_picks_the_row_and_maps_the_columns(
    qtbot, ctx, tmp_path, monkeypatch
):
    from datetime import date

    from openpyxl import Workbook

    from tests.roster_sheets import nik_for

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["REKAP HONOR BULAN JANUARI"])
    sheet.append(["URUT", "KTP", "PEGAWAI", "LAHIR", "JNS"])
    sheet.append([1, nik_for(date(1985, 3, 15), "L"), "Yosef Bria", date(1985, 3, 15), "L"])
    path = tmp_path / "rekap.xlsx"
    workbook.save(path)
    _, wizard = start_wizard(qtbot, ctx, monkeypatch, path)
    wizard.file_page._browse()
    wizard.next()
    mapping = wizard.mapping_page
    assert wizard.currentPage() is mapping  # not refused
    assert "tidak dikenali otomatis" in mapping.subTitle()
    assert mapping.header_row.value() == 1
    mapping.header_row.setValue(2)
    assert [mapping.table.item(r, 0).text() for r in range(5)] == [
        "URUT",
        "KTP",
        "PEGAWAI",
        "LAHIR",
        "JNS",
    ]
    for column, key in {1: "nik", 2: "name", 3: "birth_date", 4: "sex"}.items():
        mapping.combos[column].setCurrentIndex(mapping.combos[column].findData(key))
    shot(wizard, "wizard-header-by-hand")
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.done, timeout=10_000)
    assert preview.report.accepted == 1, preview.summary.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.done, timeout=10_000)
    assert ctx.store.query("SELECT name FROM workers")[0][0] == "YOSEF BRIA"
