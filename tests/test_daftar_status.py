"""Issue 12 items 5 and 6: the daftar and the rekap say who is covered, with what status,
on which dasar iuran, and who is left out and why (rejected, ended, not enrolled by type).

Worked numbers use a UMK of Rp 2.500.000 set here (not the seeded one) and the regulation's
4 % + 1 % with the Rp 12.000.000 ceiling."""

import json
from dataclasses import replace

import pytest
from pypdf import PdfReader

from kupang_desk.cli import main
from kupang_desk.domain.bpjs_readiness import programs_for
from kupang_desk.domain.entities import EMPLOYMENT_TYPES
from kupang_desk.domain.settings import (
    SETTING_FIELDS,
    PemdaSettings,
    SettingError,
    parse_setting,
    program_key,
)
from kupang_desk.services import settings as settings_service
from kupang_desk.services.exporting import export_file
from kupang_desk.services.reports import ReportError, print_daftar, print_rekap
from tests.helpers import (
    CARD,
    ON,
    PERIOD,
    add_member,
    insert,
    line_of,
    parse_amount,
    pdf_lines,
    person,
    with_umk,
)


def test_each_person_shows_status_card_and_dasar_and_jumlah_is_the_covered_only(
    ctx, status_roster, tmp_path
):
    out = tmp_path / "daftar.pdf"
    result = print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, on=ON)
    _, pages = pdf_lines(out)
    lines = [line for page in pages for line in page]
    text = "\n".join(lines)

    # Upah, Dasar Iuran, Kelas/Faskes, Status / No. Kartu, then the three iuran
    aktif = line_of(lines, status_roster["aktif"].nik)
    assert aktif.endswith(f"2.000.000 2.500.000 Kelas 2 Aktif {CARD} 100.000 25.000 125.000")
    assert line_of(lines, status_roster["diusulkan"].nik).endswith(
        "15.000.000 12.000.000 Kelas 1 Diusulkan 480.000 120.000 600.000"
    )
    assert line_of(lines, status_roster["terverifikasi"].nik).endswith(
        "3.000.000 3.000.000 Kelas 2 Terverifikasi 120.000 30.000 150.000"
    )
    assert line_of(lines, status_roster["diajukan"].nik).endswith(
        "4.000.000 4.000.000 Kelas 2 Diajukan 160.000 40.000 200.000"
    )
    # no membership: no kelas, no dasar, no iuran
    dihapus = line_of(lines, status_roster["dihapus"].nik)
    assert dihapus.endswith("3.500.000 - - Belum didaftarkan - - -")
    assert "Kelas" not in dihapus
    # rejected and ended memberships are not listed, but counted
    for key in ("ditolak0", "ditolak1", "ditolak2", "berhenti0", "berhenti1"):
        assert status_roster[key].nik not in text
    assert "3 peserta ditolak dan 2 tidak aktif tidak dicantumkan" in text

    # totals split by status, then JUMLAH of the covered four (not the unregistered one)
    assert "Aktif: 1 peserta 100.000 25.000 125.000" in lines
    assert "Diajukan: 1 peserta 160.000 40.000 200.000" in lines
    assert "Terverifikasi: 1 peserta 120.000 30.000 150.000" in lines
    assert "Diusulkan: 1 peserta 480.000 120.000 600.000" in lines
    assert "Belum didaftarkan: 1 orang, tanpa iuran - - -" in lines
    assert "JUMLAH 860.000 215.000 1.075.000" in lines
    assert "aktif 1, diajukan 1, terverifikasi 1, diusulkan 1, belum didaftarkan 1" in text
    assert "Rp 1.075.000" in text

    totals = result.totals["DLHK"]
    assert (totals.workers, totals.employer, totals.worker) == (5, 860_000, 215_000)
    assert (totals.rejected, totals.inactive, totals.employees) == (3, 2, 10)
    assert totals.by_status["unregistered"].people == 1
    assert totals.by_status["unregistered"].employer == 0


def test_the_print_choice_lists_proposals_or_active_members_only(ctx, status_roster, tmp_path):
    out = tmp_path / "usulan.pdf"
    result = print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, on=ON, status="usulan")
    _, pages = pdf_lines(out)
    text = "\n".join("\n".join(page) for page in pages)
    assert "DAFTAR USULAN PESERTA BPJS KESEHATAN" in text
    listed = {k for k, w in status_roster.items() if w.nik in text}
    assert listed == {"diusulkan", "terverifikasi", "diajukan"}
    assert "JUMLAH 760.000 190.000 950.000" in text
    # the active and the unregistered one are outside this choice; the note says so
    assert "2 peserta lain di luar pilihan usulan" in text
    assert result.totals["DLHK"].not_chosen == 2

    out = tmp_path / "terdaftar.pdf"
    print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, on=ON, status="terdaftar")
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert {k for k, w in status_roster.items() if w.nik in text} == {"aktif"}
    assert "Periode November 2026 · peserta aktif" in text
    assert "JUMLAH 100.000 25.000 125.000" in text

    with pytest.raises(ReportError, match="Pilihan peserta 'sebagian' tidak dikenal"):
        print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, on=ON, status="sebagian")


def test_report_daftar_status_option_on_the_command_line(ctx, status_roster, tmp_path, capsys):
    db = ctx.store.path
    ctx.close()
    out = tmp_path / "cli.pdf"
    args = ["--db", str(db), "report", "daftar", str(out), "--opd", "DLHK", "--period", "2026-11"]
    assert main([*args, "--status", "usulan", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["status"], data["workers"]) == ("usulan", 3)
    assert data["iuran"]["DLHK"]["total"] == 950_000
    assert data["iuran"]["DLHK"]["by_status"]["draft"] == {
        "people": 1,
        "men": 1,  # by sex too: the SPTJM's counts (tests/test_sptjm.py)
        "women": 0,
        "employer": 480_000,
        "worker": 120_000,
        "total": 600_000,
    }
    assert data["left_out"]["DLHK"] == {
        "rejected": 3,
        "inactive": 2,
        "not_chosen": 2,
        "employment_types": {},
    }
    assert main(args) == 0  # default: semua
    err = capsys.readouterr().err
    assert "5 pegawai" in err and "3 peserta ditolak dan 2 tidak aktif tidak dicantumkan" in err
    with pytest.raises(SystemExit) as refused:  # not a choice: argparse's usage error
        main([*args, "--status", "aktif"])
    assert refused.value.code == 2
    assert "usulan" in capsys.readouterr().err


def test_family_follows_its_own_status_under_a_listed_worker(ctx, tmp_path):
    with_umk(ctx)
    active, rejected = person(1, 3_000_000), person(2, 3_000_000)
    insert(ctx, [active, rejected], {1: ("active", CARD), 2: ("rejected", "")})
    add_member(ctx, 1, 1, "istri", "P", "active", "0009876543210")
    add_member(ctx, 1, 2, "anak", "L", None)  # no membership yet
    add_member(ctx, 1, 3, "anak", "P", "rejected")
    add_member(ctx, 2, 4, "istri", "P", "draft")  # goes with her rejected husband
    out = tmp_path / "keluarga.pdf"
    result = print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, on=ON)
    lines = [line for page in pdf_lines(out)[1] for line in page]
    text = "\n".join(lines)
    assert "KELUARGA 1" in text and "Aktif 0009876543210" in line_of(lines, "KELUARGA 1")
    assert line_of(lines, "KELUARGA 2").endswith("Anak - Belum didaftarkan - - -")  # no "idem"
    assert "KELUARGA 3" not in text and "KELUARGA 4" not in text
    assert "3 peserta ditolak tidak dicantumkan" in text
    totals = result.totals["DLHK"]
    assert (totals.workers, totals.family, totals.rejected) == (1, 2, 3)
    assert "Aktif: 2 peserta 120.000 30.000 150.000" in lines
    assert "Belum didaftarkan: 1 orang, tanpa iuran - - -" in lines


def test_pppk_are_left_out_of_ketenagakerjaan_lists_and_exports_with_a_note(ctx, tmp_path, capsys):
    with_umk(ctx)
    ptt = person(1, 3_000_000)
    pppk = [person(2, 3_000_000, kind="PPPK"), person(3, 3_200_000, kind="PPPK")]
    paruh = person(4, 2_000_000, kind="PPPK Paruh Waktu")
    # even a TK membership left from the PTT years does not put a PPPK on the TK list
    insert(ctx, [ptt, *pppk, paruh], {w.id: ("draft", "") for w in (ptt, *pppk, paruh)})
    note = (
        "2 pegawai PPPK tidak dicantumkan: JKK/JKM melalui Taspen; 1 pegawai PPPK Paruh "
        "Waktu tidak dicantumkan: JKK/JKM melalui Taspen"
    )

    out = tmp_path / "tk.pdf"
    result = print_daftar(
        ctx, out, opd_code="DLHK", program="ketenagakerjaan", period=PERIOD, on=ON
    )
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert ptt.nik in text and not any(w.nik in text for w in (*pppk, paruh))
    assert note in " ".join(text.split())
    assert result.totals["DLHK"].not_enrolled == {"PPPK": 2, "PPPK Paruh Waktu": 1}
    # JKN as PPU: all four are on the Kesehatan list
    kes = print_daftar(ctx, tmp_path / "kes.pdf", opd_code="DLHK", period=PERIOD, on=ON)
    assert kes.workers == 4

    exported = export_file(ctx, "ketenagakerjaan", tmp_path / "tk.xlsx")
    assert (exported.rows, exported.note) == (1, note)
    assert export_file(ctx, "kesehatan", tmp_path / "kes.xlsx", on=ON).rows == 4

    rekap = print_rekap(ctx, tmp_path / "rekap.pdf", period=PERIOD, on=ON).document
    assert (rekap.total.workers, rekap.total.kes_proposed, rekap.total.tk_proposed) == (4, 4, 1)
    assert note in dict(rekap.notes)["BPJS Ketenagakerjaan"]

    db = ctx.store.path
    ctx.close()
    assert main(["--db", str(db), "export", "ketenagakerjaan", str(tmp_path / "x.xlsx")]) == 0
    assert note in capsys.readouterr().err
    # the admin enrols PPPK in BPJS TK after all: the same setting moves list and readiness
    assert main(["--db", str(db), "settings", "set", "program.pppk", "kesehatan, tk"]) == 0
    assert main(["--db", str(db), "settings", "list", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["program.pppk"] == "kesehatan,ketenagakerjaan"
    assert listing["program.pppk_paruh_waktu"] == "kesehatan,taspen"
    args = ["--db", str(db), "report", "daftar", str(out), "--opd", "DLHK"]
    assert main([*args, "--program", "ketenagakerjaan", "--period", "2026-11", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["workers"] == 3
    assert data["left_out"]["DLHK"]["employment_types"] == {"PPPK Paruh Waktu": 1}


def test_readiness_reads_the_same_setting(worker):
    pppk = replace(worker, employment_type="PPPK")
    assert programs_for(pppk) == {"kesehatan"}  # JKK/JKM through Taspen
    assert programs_for(replace(worker, employment_type="THL")) == {
        "kesehatan",
        "ketenagakerjaan",
    }
    enrolled = PemdaSettings(programs_pppk=("kesehatan", "ketenagakerjaan"))
    assert programs_for(pppk, (), enrolled) == {"kesehatan", "ketenagakerjaan"}
    no_tk = PemdaSettings(programs_thl=("kesehatan",))
    assert programs_for(replace(worker, employment_type="THL"), (), no_tk) == {"kesehatan"}


def test_every_employment_type_has_a_programs_setting_with_the_regulation_defaults():
    assert "PPPK" in EMPLOYMENT_TYPES
    defaults = PemdaSettings()
    for kind in EMPLOYMENT_TYPES:
        assert program_key(kind) in SETTING_FIELDS
        expected = ("kesehatan", "taspen") if kind.startswith("PPPK") else None
        assert defaults.programs_of(kind) == (expected or ("kesehatan", "ketenagakerjaan"))
    assert parse_setting("program.thl", "JKN + TK") == ("kesehatan", "ketenagakerjaan")
    with pytest.raises(SettingError, match=r"program\.thl: JKK/JKM .* tidak keduanya"):
        parse_setting("program.thl", "kesehatan,ketenagakerjaan,taspen")
    with pytest.raises(SettingError, match=r"program\.ptt: isi satu atau lebih"):
        parse_setting("program.ptt", "askes")
    with pytest.raises(SettingError, match=r"program\.ptt"):
        parse_setting("program.ptt", "")


def test_a_wrong_programs_value_is_refused_by_the_cli_naming_the_key(ctx, capsys):
    db = ctx.store.path
    ctx.close()
    assert main(["--db", str(db), "settings", "set", "program.thl", "bpjs"]) == 2
    assert "program.thl" in capsys.readouterr().err


def test_rekap_counts_by_status_with_thousands_separators_and_a_grand_total(ctx, tmp_path):
    with_umk(ctx)
    wages = [2_000_000, 2_900_000, 3_250_000, 15_000_000]
    many = [person(i, wages[i % 4]) for i in range(1, 1201)]
    dinkes = [person(2001 + i, 2_000_000, opd="DINKES") for i in range(3)]
    memberships = {w.id: ("draft", "") for w in many}
    memberships.update({2001: ("active", CARD), 2003: ("rejected", "")})
    insert(ctx, [*many, *dinkes], memberships)
    out = tmp_path / "rekap.pdf"
    document = print_rekap(ctx, out, period=PERIOD, on=ON).document

    # wages 2.000.000 (-> UMK 2.500.000), 2.900.000, 3.250.000, 15.000.000 (-> 12.000.000):
    # 4 % + 1 % = 125.000 + 145.000 + 162.500 + 600.000 = 1.032.500 per four, 300 fours
    dlhk = next(r for r in document.rows if r.opd_name.startswith("Dinas Lingkungan"))
    assert (dlhk.workers, dlhk.kes_proposed, dlhk.kes_total) == (1200, 1200, 309_750_000)
    dinkes_row = next(r for r in document.rows if r.opd_name == "Dinas Kesehatan")
    assert (dinkes_row.workers, dinkes_row.kes_active, dinkes_row.kes_unregistered) == (3, 1, 1)
    assert dinkes_row.kes_total == 125_000
    total = document.total
    assert total.workers == 1203 and total.kes_total == 309_875_000
    assert total.total == total.kes_total + total.tk_total > total.kes_total

    lines = PdfReader(out).pages[0].extract_text().splitlines()
    at = lines.index("JUMLAH")
    cells = lines[at + 1 : at + 17]
    # counts carry thousands separators like the amounts: L, P, pegawai, then Kesehatan
    # aktif, usulan, belum didaftarkan
    assert cells[:6] == ["1.203", "0", "1.203", "1", "1.200", "1"]
    assert cells[8] == "309.875.000"
    assert parse_amount(cells[15]) == total.total  # the grand total of both programs
    text = " ".join(lines)
    assert f"Jumlah iuran kedua program Rp {cells[15]} per bulan" in text
    assert "1 peserta ditolak tidak dicantumkan" in text
    assert "1.200" in lines  # DLHK's Pegawai and Usulan


@pytest.mark.parametrize("program", ["kesehatan", "ketenagakerjaan"])
def test_the_widest_values_fit_their_columns_on_a4_without_shrinking(program):
    """A4 landscape is the narrowest paper: these cells must not be squeezed there."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kupang_desk.reports.daftar_peserta import columns_for
    from kupang_desk.reports.fonts import BOLD, REGULAR, register_fonts
    from kupang_desk.reports.listing import FONT_SIZE, PAD_X
    from kupang_desk.reports.page import MARGINS, PAPERS

    register_fonts()
    columns = columns_for(program)
    frame = PAPERS["a4"][0] - MARGINS[0] - MARGINS[1]
    scale = frame / sum(c.width for c in columns)
    inner = {c.title: c.width * scale - 2 * PAD_X for c in columns}
    widest = {
        "NIK": "5371014503850001",
        "Tgl Lahir": "31-12-1999",
        "Upah": "999.999.999",
        "Dasar Iuran": "12.000.000",
        # a 13-digit JKN card, an 11-digit KPJ
        "Status / No. Kartu": f"Aktif {CARD if program == 'kesehatan' else CARD[:11]}",
        "Iuran Pemberi Kerja": "17.399.999",  # JKK-V of the widest TK wage
        "Iuran Pekerja": "120.000",
        "Jumlah Iuran": "9.999.999",
    }
    for title, text in widest.items():
        assert stringWidth(text, REGULAR, FONT_SIZE) <= inner[title], title
    assert stringWidth("Belum didaftarkan", REGULAR, FONT_SIZE) <= inner["Status / No. Kartu"]
    # a JUMLAH of a whole large OPD in bold still fits the iuran columns
    assert stringWidth("99.999.999", BOLD, FONT_SIZE) <= inner["Jumlah Iuran"]


def test_the_print_job_carries_the_choice_to_the_report(ctx, status_roster, tmp_path):
    from kupang_desk.services.reports import PrintJob, run_job

    out = tmp_path / "job.pdf"
    run_job(ctx, PrintJob("daftar", "DLHK", "kesehatan", PERIOD, "a4", "terdaftar"), out)
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert status_roster["aktif"].nik in text and status_roster["diusulkan"].nik not in text


def test_print_dialog_offers_the_choice_for_the_daftar_only(qtbot, ctx):
    from kupang_desk.services.opd import list_opd
    from kupang_desk.ui.print_preview import PrintOptionsDialog

    dialog = PrintOptionsDialog(list_opd(ctx), "DLHK", "daftar")
    qtbot.addWidget(dialog)
    assert dialog.status.currentData() == "semua"  # the default
    assert [dialog.status.itemData(i) for i in range(dialog.status.count())] == [
        "semua",
        "usulan",
        "terdaftar",
    ]
    dialog.status.setCurrentIndex(dialog.status.findData("usulan"))
    assert dialog.job().status == "usulan"
    dialog.kind.setCurrentIndex(dialog.kind.findData("rekap"))
    assert not dialog.status.isEnabled()  # the rekap has a column per status


def test_the_setup_wizard_edits_the_programs_of_each_type(qtbot, ctx):
    from kupang_desk.ui.setup_wizard import SetupWizard

    wizard = SetupWizard(ctx)
    qtbot.addWidget(wizard)
    floor = wizard.pages["floor"]
    choice = floor.fields["program.pppk"]
    assert choice.text() == "kesehatan,taspen"
    choice.boxes["taspen"].setChecked(False)
    choice.boxes["ketenagakerjaan"].setChecked(True)
    floor.umk.setValue(2_500_000)
    assert floor.validatePage()
    assert settings_service.load(ctx).programs_pppk == ("kesehatan", "ketenagakerjaan")
    for box in choice.boxes.values():
        box.setChecked(False)
    assert not floor.validatePage()
    assert "program.pppk" in floor.messages.text()
