"""Issue 15 §3: the OPD head's SPTJM counts exactly what the daftar lists (same gathering,
same status rules), names the list's period and page count, and leaves room for the
meterai; alone (`report sptjm`) or after each OPD's daftar (`report daftar --sptjm`)."""

import json
from dataclasses import replace

import pytest
from pypdf import PdfReader

from kupang_desk.cli import main
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.reports import Period, ReportError, print_daftar
from kupang_desk.services.sptjm import print_sptjm
from tests.helpers import CARD, ON, PERIOD, add_member

DLHK_HEAD = ("Drs. YOHANES B. SERAN, M.Si", "196805121994031007")  # the demo's (conftest)


def text_of(path) -> str:
    """The words of the PDF on one line (table cells come out one per line)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_sptjm_counts_the_daftar_by_sex_and_status_with_period_pages_and_signature(
    ctx, status_roster, tmp_path
):
    # The status_roster: aktif (L), diusulkan (L), terverifikasi (P), diajukan (L), a worker whose
    # memberships were deleted (L, belum didaftarkan), 3 rejected and 2 ended (left out).
    add_member(ctx, status_roster["aktif"].id, 7, "istri", "P", "active", CARD)
    daftar = print_daftar(ctx, tmp_path / "daftar.pdf", opd_code="DLHK", period=PERIOD, on=ON)
    out = tmp_path / "sptjm.pdf"
    result = print_sptjm(ctx, out, opd_code="DLHK", period=PERIOD, on=ON)

    assert result.pages == 1
    assert result.daftar_pages == daftar.pages == len(PdfReader(tmp_path / "daftar.pdf").pages)
    totals = result.totals
    assert (totals.workers, totals.men, totals.women) == (5, 4, 1)
    assert (totals.family, totals.family_men, totals.family_women) == (1, 0, 1)
    by_status = {s: (b.people, b.men, b.women) for s, b in totals.by_status.items()}
    assert by_status == {
        "active": (2, 1, 1),  # the worker and his wife
        "draft": (1, 1, 0),
        "verified": (1, 0, 1),
        "submitted": (1, 1, 0),
        "unregistered": (1, 1, 0),
    }
    assert by_status == {
        s: (b.people, b.men, b.women) for s, b in daftar.totals["DLHK"].by_status.items()
    }

    text = text_of(out)
    assert "SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK" in text
    for row in (
        "Pegawai 4 1 5",
        "Anggota keluarga 0 1 1",
        "Jumlah peserta 4 2 6",
        "Aktif 1 1 2",
        "Diajukan 1 0 1",
        "Terverifikasi 0 1 1",
        "Diusulkan 1 0 1",
        "Belum didaftarkan 1 0 1",
    ):
        assert row in text, row
    assert "Daftar Peserta BPJS Kesehatan Pegawai Tidak Tetap" in text
    assert "November 2026" in text
    assert f"{daftar.pages} halaman" in text
    # Iuran as on the daftar: dasar 2.500.000 (UMK floor), 12.000.000 (ceiling), 3.000.000
    # and 4.000.000 at 4 % + 1 %; the wife is covered by the worker's contribution.
    assert "Rp 1.075.000 (pemberi kerja Rp 860.000, pekerja Rp 215.000" in text
    assert daftar.totals["DLHK"].total == 1_075_000
    assert "3 peserta ditolak dan 2 tidak aktif tidak dicantumkan" in text
    assert "Kupang, 25 November 2026" in text
    assert "Meterai" in text and "10.000" in text
    assert DLHK_HEAD[0] in text and f"NIP. {DLHK_HEAD[1]}" in text
    assert "Halaman 1 dari 1" in text


def test_daftar_with_sptjm_as_its_last_page_names_the_lists_own_page_count(
    ctx, status_roster, tmp_path
):
    alone = print_daftar(ctx, tmp_path / "alone.pdf", opd_code="DLHK", period=PERIOD, on=ON)
    out = tmp_path / "with.pdf"
    both = print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, on=ON, sptjm=True)
    reader = PdfReader(out)
    assert both.pages == len(reader.pages) == alone.pages + 1
    assert both.workers == alone.workers == 5
    last = reader.pages[-1]
    assert float(last.mediabox.width) < float(last.mediabox.height)  # the letter: portrait
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)
    text = " ".join(last.extract_text().split())
    assert "SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK" in text
    assert f"{alone.pages} halaman" in text  # written once the file was laid out
    assert "Halaman 1 dari 1" in text  # the statement is numbered on its own
    first = reader.pages[0].extract_text()
    assert f"Halaman 1 dari {alone.pages}" in first


def test_operator_gets_their_own_opds_sptjm_and_no_other(ctx, status_roster, tmp_path):
    operator = AppContext(ctx.store, user="op", role="operator", opd_code="DLHK")
    assert print_sptjm(operator, tmp_path / "own.pdf", period=PERIOD, on=ON).opd_code == "DLHK"
    stranger = AppContext(ctx.store, user="op2", role="operator", opd_code="DINKES")
    with pytest.raises(AccessDenied):
        print_sptjm(stranger, tmp_path / "x.pdf", opd_code="DLHK", period=PERIOD, on=ON)
    with pytest.raises(ReportError, match="pilih OPD"):
        print_sptjm(ctx, tmp_path / "x.pdf", period=PERIOD, on=ON)  # the admin must say which


def test_cli_sptjm_json_equals_the_daftar_json(tmp_path, capsys):
    db = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "300"]) == 0
    base = ["--db", str(db), "report"]
    options = ["--opd", "DLHK", "--program", "kesehatan", "--period", "2026-11", "--json"]
    assert main([*base, "daftar", str(tmp_path / "d.pdf"), *options]) == 0
    capsys.readouterr()
    assert main([*base, "daftar", str(tmp_path / "d.pdf"), *options]) == 0
    daftar = json.loads(capsys.readouterr().out)
    assert main([*base, "sptjm", str(tmp_path / "s.pdf"), *options]) == 0
    sptjm = json.loads(capsys.readouterr().out)

    assert sptjm["workers"] == daftar["workers"] and sptjm["family"] == daftar["family"]
    assert sptjm["daftar_pages"] == daftar["pages"]
    listed = daftar["iuran"]["DLHK"]["by_status"]
    assert {s: v["people"] for s, v in sptjm["by_status"].items()} == {
        s: v["people"] for s, v in listed.items()
    }
    assert {s: (v["men"], v["women"]) for s, v in sptjm["by_status"].items()} == {
        s: (v["men"], v["women"]) for s, v in listed.items()
    }
    assert sptjm["iuran"]["total"] == daftar["iuran"]["DLHK"]["total"]
    people = sptjm["workers"] + sptjm["family"]
    assert sum(v["people"] for v in sptjm["by_status"].values()) == people
    text = text_of(tmp_path / "s.pdf")
    men = sptjm["men"] + sptjm["family_men"]
    women = sptjm["women"] + sptjm["family_women"]
    assert f"Jumlah peserta {men} {women} {people}" in text
    assert f"{daftar['pages']} halaman" in text

    # --sptjm: one more page, on the same call
    assert main([*base, "daftar", str(tmp_path / "ds.pdf"), *options, "--sptjm"]) == 0
    with_sptjm = json.loads(capsys.readouterr().out)
    assert with_sptjm["pages"] == daftar["pages"] + 1 and with_sptjm["sptjm"] is True

    # no OPD given to an admin: exit 2 and a message naming what to do
    assert main([*base, "sptjm", str(tmp_path / "x.pdf")]) == 2
    assert "--opd" in capsys.readouterr().err


def test_sptjm_is_one_page_on_a4_too_and_for_ketenagakerjaan(ctx, status_roster, tmp_path):
    for program in ("kesehatan", "ketenagakerjaan"):
        out = tmp_path / f"{program}.pdf"
        result = print_sptjm(
            ctx, out, opd_code="DLHK", program=program, period=Period(2026, 11), on=ON, paper="a4"
        )
        assert result.pages == 1
        text = text_of(out)
        if program == "ketenagakerjaan":  # no family on a TK list
            assert "Anggota keluarga" not in text and "Jumlah peserta (pegawai) 4 1 5" in text


def test_print_dialog_offers_the_statements_and_run_job_prints_them(
    qtbot, ctx, status_roster, tmp_path
):
    from kupang_desk.services.opd import list_opd
    from kupang_desk.services.reports import run_job
    from kupang_desk.ui.print_preview import PrintOptionsDialog

    dialog = PrintOptionsDialog(list_opd(ctx), "DLHK", "daftar")
    qtbot.addWidget(dialog)
    kinds = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert kinds == ["daftar", "rekap", "sptjm", "uji-publik", "progres"]
    assert dialog.with_sptjm.isEnabled() and not dialog.job().sptjm  # off unless ticked
    dialog.with_sptjm.setChecked(True)
    assert dialog.job().sptjm
    dialog.kind.setCurrentIndex(dialog.kind.findData("uji-publik"))
    assert dialog.opd.isEnabled() and not dialog.program.isEnabled()
    assert not dialog.job().sptjm  # only a daftar carries the statement
    dialog.kind.setCurrentIndex(dialog.kind.findData("progres"))
    assert not dialog.opd.isEnabled()

    for kind in ("sptjm", "uji-publik", "progres"):
        job = replace(dialog.job(), kind=kind, opd_code="DLHK", period=PERIOD)
        out = tmp_path / f"{kind}.pdf"
        assert run_job(ctx, job, out) == len(PdfReader(out).pages) >= 1
    assert "TANGGUNG JAWAB MUTLAK" in text_of(tmp_path / "sptjm.pdf")
    assert "PENGUMUMAN" in text_of(tmp_path / "uji-publik.pdf")
    assert "PROGRES PENDAFTARAN" in text_of(tmp_path / "progres.pdf")
