"""Issue 10: from an empty file, first admin -> set-up wizard -> OPDs typed and imported ->
a worker -> the daftar peserta carries the configured pemda, OPD, head and place."""

from datetime import date
from io import BytesIO

from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import Qt

from kupang_desk.services import auth
from kupang_desk.services import opd as opd_service
from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services.reports import Period, PrintJob
from kupang_desk.ui.login_dialog import FirstAdminDialog
from kupang_desk.ui.main_window import MainWindow
from kupang_desk.ui.print_preview import PrintPreview
from kupang_desk.ui.setup_wizard import OpdDialog, SetupWizard
from tests.helpers import admin_context, shot

PASSWORD = "Rahasia-Belu-2026"


def test_wizard_from_an_empty_file_to_a_printed_daftar(qtbot, tmp_path, monkeypatch):
    ctx = _first_admin(qtbot, tmp_path)
    assert not settings_service.setup_done(ctx)
    logo, sheet = _logo_and_opd_sheet(tmp_path)
    _pemda_kop_and_signer(qtbot, ctx, logo)
    _resume_at_bpjs_and_finish(qtbot, ctx, sheet, tmp_path, monkeypatch)
    _change_opds_in_alat(qtbot, ctx)
    text = _add_worker_and_print(qtbot, ctx, tmp_path, monkeypatch)
    for expected in (
        "PEMERINTAH KABUPATEN BELU",
        "DINAS LINGKUNGAN HIDUP",
        "Yosef Manek, S.T.",
        "NIP. 197011081995121002",
        "Atambua,",
    ):
        assert expected in text, expected
    assert "kupang" not in text.lower()
    ctx.close()


# The steps of the test above, in the order a new pemda's admin takes them.


def _first_admin(qtbot, tmp_path):
    store = auth.open_database(tmp_path / "belu.sqlite3")
    first = FirstAdminDialog(store)
    qtbot.addWidget(first)
    qtbot.keyClicks(first.full_name, "Bagian Umum Setda")
    qtbot.keyClicks(first.password, PASSWORD)
    qtbot.keyClicks(first.repeat, PASSWORD)
    first.create()
    return first.context


def _logo_and_opd_sheet(tmp_path):
    logo = tmp_path / "logo.png"
    buffer = BytesIO()
    Image.new("RGB", (90, 120), (10, 80, 160)).save(buffer, "PNG")
    logo.write_bytes(buffer.getvalue())
    sheet = tmp_path / "opd.csv"
    sheet.write_text(
        "KODE;NAMA OPD;NAMA KEPALA;NIP;JABATAN\n"
        "DINKES;Dinas Kesehatan;dr. Yustina Luruk;197203152000032004;Kepala Dinas\n"
        "BPBD;Badan Penanggulangan Bencana Daerah;Ferdi Taek;197601042003121004;Kepala Pelaksana\n",
        encoding="utf-8",
    )
    return logo, sheet


def _pemda_kop_and_signer(qtbot, ctx, logo):
    wizard = SetupWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    pemda = wizard.pages["pemda"]
    assert pemda.region.currentData() is None  # nothing preselected for a new pemda
    wizard.next()
    assert wizard.currentPage() is pemda and "Pilih wilayah" in pemda.messages.text()
    pemda.choose("kabupaten", "5304")
    assert pemda.name.text() == "Pemerintah Kabupaten Belu"
    pemda.choose("provinsi", "31")
    assert pemda.name.text() == "Pemerintah Provinsi Daerah Khusus Ibukota Jakarta"
    pemda.choose("kabupaten", "5304")
    pemda.name.setText("Pemkab Belu")  # typed by the clerk: another pick does not replace it
    pemda.choose("kabupaten", "5301")
    assert pemda.name.text() == "Pemkab Belu"
    pemda.name.clear()
    pemda.choose("kabupaten", "5304")
    assert pemda.name.text() == "Pemerintah Kabupaten Belu"
    wizard.next()
    kop = wizard.pages["kop"]
    kop.fields["pemda.place"].setText("Atambua")
    address = kop.fields["pemda.address"]
    address.setPlainText("Jalan Basuki Rahmat No. 1\nTelp. (0389) 21001\nKode Pos 85711\nAtambua")
    kop.set_logo(str(logo))
    wizard.next()
    assert wizard.currentPage() is kop
    assert kop.messages.text().startswith(
        "Alamat pada kop: 4 baris alamat, paling banyak 3 (mis. jalan; telepon/email/kode pos)"
    )
    address.setPlainText("Jalan Basuki Rahmat No. 1, Atambua\n  Telp. (0389) 21001 \n\n")
    wizard.next()
    assert (
        settings_service.load(ctx).address
        == "Jalan Basuki Rahmat No. 1, Atambua\nTelp. (0389) 21001"
    )
    signer = wizard.pages["signer"]
    signer.fields["rekap.signer_nip"].setText("12345")
    wizard.next()
    assert wizard.currentPage() is signer
    # The field's label, not the CLI's key, and the cursor in that field.
    assert signer.messages.text().startswith("NIP: NIP 12345: harus 18 angka")
    assert wizard.focusWidget() is signer.fields["rekap.signer_nip"]
    signer.fields["rekap.signer_nip"].setText("196805121994031007")
    signer.fields["rekap.signer_name"].setText("Drs. Benediktus Mau")
    wizard.next()


def _resume_at_bpjs_and_finish(qtbot, ctx, sheet, tmp_path, monkeypatch):
    # Left half-way: a new wizard resumes at the BPJS page.
    assert settings_service.load(ctx).setup_step == "bpjs"
    resumed = SetupWizard(ctx)
    qtbot.addWidget(resumed)
    assert resumed.pages["pemda"].name.text() == "Pemerintah Kabupaten Belu"  # kept as saved
    assert resumed.startId() == 3
    resumed.show()
    bpjs = resumed.pages["bpjs"]
    bpjs.fields["bpjs_kes.nomor_pks"].setText("PKS/07/2026")
    # The page refuses what `settings set` refuses: the same domain rule, the same words.
    for key, bad, says in (
        ("bpjs_tk.npp", "x y", "NPP pemda: 'x y' bukan NPP BPJS Ketenagakerjaan: isi angka saja"),
        ("bpjs_kes.tanggal_registrasi", "kemarin", "Tanggal registrasi: 'kemarin' tidak terbaca"),
    ):
        bpjs.fields[key].setText(bad)
        resumed.next()
        assert resumed.currentPage() is bpjs and says in bpjs.messages.text()
        bpjs.fields[key].setText("")
    bpjs.fields["bpjs_tk.npp"].setText("53001234")
    bpjs.fields["bpjs_kes.tanggal_registrasi"].setText("2 Januari 2026")
    resumed.next()
    stored = settings_service.load(ctx)
    assert (stored.tk_npp, stored.kes_tanggal_registrasi) == ("53001234", "02-01-2026")
    floor = resumed.pages["floor"]
    assert floor.umk.value() == 0  # not the seeded city's: asked
    resumed.next()
    assert resumed.currentPage() is floor and "UMK/UMP" in floor.messages.text()
    floor.umk.setValue(2_500_000)
    resumed.next()
    editor = resumed.pages["opd"].editor
    editor.type_row(
        code="dlh",
        name="Dinas Lingkungan Hidup",
        head_title="Kepala Dinas",
        head_name="Yosef Manek, S.T.",
        head_nip="197011081995121002",
        address="Jl. Ahmad Yani No. 5, Atambua",
    )
    monkeypatch.setattr(SetupWizard, "ask_opd_file", staticmethod(lambda parent: str(sheet)))
    editor.import_button.click()
    assert editor.preview.import_button.text() == "Impor 2 baris"
    editor.preview.import_button.click()
    assert "2 OPD diimpor" in editor.messages.text()
    shot(resumed, "wizard-opd")
    resumed.next()  # Selesai
    assert resumed.pages["opd"].validatePage()
    assert settings_service.setup_done(ctx)
    assert [o.code for o in opd_service.list_opd(ctx)] == ["BPBD", "DINKES", "DLH"]
    assert rate_service.umk(ctx, date(2026, 6, 1)) == 2_500_000 or date.today().year != 2026


def _change_opds_in_alat(qtbot, ctx):
    # Alat -> OPD: deactivate one; it keeps its record.
    dialog = OpdDialog(ctx)
    qtbot.addWidget(dialog)
    row = [dialog.editor.table.item(r, 0).text() for r in range(3)].index("BPBD")
    dialog.editor.table.cellWidget(row, dialog.editor.table.columnCount() - 1).setChecked(False)
    table = dialog.editor.table
    dlh = [table.item(r, 0).text() for r in range(3)].index("DLH")
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    table.item(dlh, headers.index("Kelas JKK (1-5)")).setText("tiga")
    assert not dialog.editor.save() and "kelas risiko JKK" in dialog.editor.messages.text()
    table.item(dlh, headers.index("Kelas JKK (1-5)")).setText("3")
    table.item(dlh, headers.index("NPP BPJS TK")).setText("nn0012345")
    assert not dialog.editor.save()
    assert "OPD DLH: 'NN0012345' bukan NPP BPJS Ketenagakerjaan" in (dialog.editor.messages.text())
    table.item(dlh, headers.index("NPP BPJS TK")).setText("53.00.1234")
    kop_address = headers.index("Alamat kop (baris dipisah |)")
    assert table.item(dlh, kop_address).text() == "Jl. Ahmad Yani No. 5, Atambua"
    table.item(dlh, kop_address).setText("Jl. Ahmad Yani No. 5 | Atambua 85711")
    assert dialog.editor.save()
    saved = opd_service.get_opd(ctx, "DLH")
    assert (saved.jkk_class, saved.npp, saved.name) == (3, "53001234", "Dinas Lingkungan Hidup")
    assert saved.address == "Jl. Ahmad Yani No. 5\nAtambua 85711"
    assert (
        dialog.editor.table.item(dlh, kop_address).text() == "Jl. Ahmad Yani No. 5 | Atambua 85711"
    )
    assert [o.code for o in opd_service.list_opd(ctx, active_only=True)] == ["DINKES", "DLH"]


def _add_worker_and_print(qtbot, ctx, tmp_path, monkeypatch):
    """Tambah Pegawai -> Cetak Daftar Peserta in the main window; the daftar's first page."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert "(nonaktif)" in window.opd_filter.itemText(window.opd_filter.findData("BPBD"))
    form = window.open_form()
    qtbot.addWidget(form)
    assert form.opd.findData("BPBD") == -1  # deactivated: not offered for a new worker
    form.show()
    qtbot.keyClicks(form.nik, "5304014503850001")
    qtbot.keyClicks(form.name, "maria goreti bere")
    form.birth_date.setCursorPosition(0)
    qtbot.keyClicks(form.birth_date, "05031985")
    form.sex.setCurrentIndex(form.sex.findData("P"))
    form.opd.setCurrentIndex(form.opd.findData("DLH"))
    qtbot.keyClicks(form.jabatan, "Tenaga Kebersihan")
    qtbot.keyClicks(form.upah, "2900000")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.saved_worker is not None, form.messages.text()
    form.close()
    job = PrintJob("daftar", "DLH", "kesehatan", Period.of(date.today()), "f4")
    monkeypatch.setattr(MainWindow, "ask_print_job", staticmethod(lambda *args: job))
    out = tmp_path / "daftar"
    monkeypatch.setattr(PrintPreview, "ask_pdf_path", staticmethod(lambda parent, name: out))
    with qtbot.waitSignal(window.printing.preview_opened, timeout=20_000) as opened:
        window.print_action.trigger()
    preview = opened.args[0]
    out = preview.save_as()
    preview.close()
    return PdfReader(out).pages[0].extract_text()


def test_every_setting_has_a_screen(qtbot, ctx):
    """No setting that no screen can change: the wizard pages plus the rates dialog."""
    from kupang_desk.domain.settings import SETTING_KEYS

    wizard = SetupWizard(ctx)
    qtbot.addWidget(wizard)
    on_pages = {key for page in wizard.pages.values() for key in getattr(page, "fields", {})}
    on_pages |= {"pemda.level", "pemda.region_code", "pemda.logo", "setup.step"}
    in_rates_dialog = {"pemda.kelas_enabled", "pemda.jht_enrolled", "pemda.jp_enrolled"}
    assert set(SETTING_KEYS) - on_pages - in_rates_dialog == set()


def test_opd_import_shows_a_dry_run_first(qtbot, ctx, tmp_path):
    """Alat -> OPD -> Impor: every row with its verdict; nothing is saved before Impor."""
    sheet = tmp_path / "opd.csv"
    sheet.write_text(
        "No;Kode;Perangkat Daerah;Nama Kepala;NIP;Jabatan;Alamat\n"
        "1;DISHUB;Dinas Perhubungan;Marthen Fanggidae;197405172001121005;Kepala Dinas;"
        "Jl. Palapa | Telp. (0380) 833001\n"
        "2;DINKES;Dinas Kesehatan;dr. Maria Ndun;197203152000032004;Kepala Dinas;\n"
        "3;BPBD;Badan Penanggulangan Bencana Daerah;Ferdi;19760104200312100;Kepala;\n"
        "4;;Dinas Tanpa Kode;;;;\n",
        encoding="utf-8",
    )
    before = {o.code: o for o in opd_service.list_opd(ctx)}
    assert set(before) == {"DLHK", "DINKES"}
    dialog = OpdDialog(ctx)
    qtbot.addWidget(dialog)
    editor = dialog.editor
    assert editor.import_file(str(sheet))
    preview = editor.preview
    assert preview.isVisible()
    assert "opd.csv: 4 baris. 1 OPD baru, 1 diperbarui, 2 ditolak." in preview.summary.text()
    rows = preview.row_texts()
    assert [r[:4] for r in rows] == [
        ["2", "DISHUB", "Dinas Perhubungan", "Baru"],
        ["3", "DINKES", "Dinas Kesehatan", "Diperbarui"],
        ["4", "BPBD", "Badan Penanggulangan Bencana Daerah", "Ditolak"],
        ["5", "", "Dinas Tanpa Kode", "Ditolak"],
    ]
    assert rows[0][4] == rows[1][4] == ""
    assert rows[2][4].startswith("NIP kepala: NIP 19760104200312100: harus 18 angka")
    assert rows[3][4] == "Kode OPD wajib diisi (mis. DLHK)."
    assert preview.import_button.text() == "Impor 2 baris"
    # The dry run saved nothing.
    assert {o.code: o for o in opd_service.list_opd(ctx)} == before

    preview.cancel_button.click()
    assert not preview.isVisible()
    assert "Impor dibatalkan" in editor.messages.text()
    assert {o.code: o for o in opd_service.list_opd(ctx)} == before

    assert editor.import_file(str(sheet))
    editor.preview.import_button.click()
    assert editor.messages.text() == "2 OPD diimpor, 2 baris dilewati."
    after = {o.code: o for o in opd_service.list_opd(ctx)}
    assert set(after) == {"DLHK", "DINKES", "DISHUB"}
    assert after["DISHUB"].address == "Jl. Palapa\nTelp. (0380) 833001"
    assert after["DINKES"].head_name == "dr. Maria Ndun"  # refreshed by the import
    codes = [editor.table.item(r, 0).text() for r in range(editor.table.rowCount())]
    assert sorted(codes) == ["DINKES", "DISHUB", "DLHK"]


def test_an_opd_list_with_no_good_row_cannot_be_imported(qtbot, ctx, tmp_path):
    sheet = tmp_path / "opd.csv"
    sheet.write_text("KODE;NAMA OPD;NIP\nX;Dinas X;123\n", encoding="utf-8")
    dialog = OpdDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.editor.import_file(str(sheet))
    assert dialog.editor.preview.import_button.text() == "Impor 0 baris"
    assert not dialog.editor.preview.import_button.isEnabled()


def test_qt_s_own_buttons_and_menus_speak_indonesian(qtbot, qapp):
    """Qt has no Indonesian catalogue: a question box said Yes/No, a field's right-click
    menu Cut/Copy/Paste. Every key is one Qt really asks for (its German catalogue has it)."""
    import os

    import PySide6
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QLineEdit, QMessageBox

    from kupang_desk.ui import qt_indonesian

    german = QTranslator()
    folder = os.path.join(os.path.dirname(PySide6.__file__), "Qt", "translations")
    assert german.load(os.path.join(folder, "qtbase_de.qm"))
    unknown = [
        (context, source)
        for context, texts in qt_indonesian.TEXTS.items()
        for source in texts
        if not german.translate(context, source)
    ]
    assert unknown == []

    qt_indonesian.install(qapp)
    try:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Periksa",
            "Tetap simpan?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        qtbot.addWidget(box)
        assert box.button(QMessageBox.StandardButton.Yes).text() == "&Ya"
        assert box.tr("Tetap simpan?") == "Tetap simpan?"  # the app's own texts untouched
        assert box.button(QMessageBox.StandardButton.No).text() == "&Tidak"
        field = QLineEdit()
        qtbot.addWidget(field)
        menu = field.createStandardContextMenu()
        texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
        assert texts == [
            "&Urungkan",
            "&Ulangi",
            "&Potong",
            "&Salin",
            "&Tempel",
            "Hapus",
            "Pilih Semua",
        ]
    finally:
        qapp.removeTranslator(qt_indonesian._installed.pop())


def test_the_opd_page_starts_with_a_row_to_type_in_and_skips_it_if_left(qtbot, tmp_path):
    ctx = admin_context(tmp_path / "baru.sqlite3", user="tester")
    try:
        wizard = SetupWizard(ctx)
        qtbot.addWidget(wizard)
        page = wizard.pages["opd"]
        table = page.editor.table
        assert table.rowCount() == 1 and table.item(0, 0).text() == ""
        assert not page.validatePage()  # the untouched row is not an OPD "without a code"
        assert page.editor.messages.text() == "Isi paling sedikit satu OPD."
        table.item(0, 0).setText("dlh")
        table.item(0, 1).setText("Dinas Lingkungan Hidup")
        assert page.validatePage()
        assert [o.code for o in opd_service.list_opd(ctx)] == ["DLH"]
    finally:
        ctx.close()
