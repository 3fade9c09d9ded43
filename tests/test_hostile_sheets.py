"""Hostile spreadsheets (issue 12 item 13): refused before calamine reads them, in bounded
memory, with the clerk's message; the files are made here and stay small on disk."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from kupang_desk.exchange import limits
from kupang_desk.exchange.reading import RosterFileError, RosterReader
from kupang_desk.services.importing import ImportOptions, import_file
from kupang_desk.services.opd import save_opd
from tests.roster_sheets import HEADER_ROW_XML, clerk_ods, nik_for, raw_ods, raw_xlsx

MEMORY_LIMIT = 1 << 30  # 1 GiB of address space: calamine's grids above would need far more


def open_bounded(path: Path) -> subprocess.CompletedProcess:
    """RosterReader(path) in a child whose address space is capped: an allocation calamine
    cannot get aborts the child instead of the test run."""
    code = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))
        from kupang_desk.exchange.reading import RosterFileError, RosterReader
        try:
            with RosterReader(sys.argv[1]) as reader:
                print("read", reader.total_rows)
        except RosterFileError as exc:
            print("refused:", exc)
        """
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
    )


def assert_refused(path: Path, *expected: str) -> str:
    result = open_bounded(path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("refused: "), result.stdout
    message = result.stdout
    assert f"Berkas {path.name} terlalu besar untuk diimpor" in message
    assert "200.000 baris, 200 kolom" in message  # the limits as the README states them
    for text in expected:
        assert text in message
    return message


def test_two_cells_at_the_corners_of_the_sheet_are_refused_not_a_crash(tmp_path):
    path = raw_xlsx(
        tmp_path / "pojok.xlsx",
        HEADER_ROW_XML + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    )
    assert path.stat().st_size < 2500
    assert_refused(path, "sampai baris 1.048.576")


def test_the_far_cell_may_hide_in_the_first_row(tmp_path):
    # calamine places a cell by its own r="…", whatever row element holds it
    header = HEADER_ROW_XML.replace("</row>", '<c r="XFD1"><v>1</v></c></row>')
    assert_refused(raw_xlsx(tmp_path / "lebar.xlsx", header), "sampai kolom ke-16.384")
    tall = HEADER_ROW_XML.replace("</row>", '<c r="C199999"><v>1</v></c></row>')
    tall = tall.replace('r="B1"', 'r="AZ1"')  # 199,999 rows x 52 columns
    assert_refused(raw_xlsx(tmp_path / "luas.xlsx", tall), "199.999 baris x 52 kolom")


def test_a_wide_sheet_is_measured_exactly(tmp_path):
    # 100 columns: the quick pass cannot bound the rows, the exact pass counts them
    wide = "".join(f'<c r="{_letters(c)}1"><v>1</v></c>' for c in range(3, 101))
    small = HEADER_ROW_XML.replace("</row>", wide + "</row>")
    limits.check_spreadsheet(raw_xlsx(tmp_path / "lebar.xlsx", small))  # 100 cells: fine
    hidden = small + '<row r="90000"><c r="A90000"><v>1</v></c></row>'
    assert_refused(raw_xlsx(tmp_path / "tersembunyi.xlsx", hidden), "90.000 baris x 100 kolom")


def test_attributes_in_another_order_are_read_too(tmp_path):
    row = '<row r="2"><c s="1" r="A2"><v>1</v></c><c t="n" s="1" r="XFD2"><v>1</v></c></row>'
    assert_refused(raw_xlsx(tmp_path / "urutan.xlsx", HEADER_ROW_XML + row), "kolom ke-16.384")
    plain = '<row r="2"><c s="1" r="A2"><v>1</v></c><c t="n" r="B2"><v>1</v></c></row>'
    limits.check_spreadsheet(raw_xlsx(tmp_path / "biasa.xlsx", HEADER_ROW_XML + plain))


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def test_a_declared_dimension_beyond_the_limits_is_refused(tmp_path):
    path = raw_xlsx(tmp_path / "dimensi.xlsx", HEADER_ROW_XML, dimension="A1:XFD1048576")
    assert_refused(path, "ukuran yang tercatat di berkas")


def test_cells_without_a_reference_are_counted(tmp_path):
    row = '<row><c t="inlineStr"><is><t>NIK</t></is></c>' + "<c><v>1</v></c>" * 300 + "</row>"
    assert_refused(raw_xlsx(tmp_path / "tanpa-r.xlsx", row), "kolom ke-")


def test_a_sheet_over_200000_rows_is_refused(tmp_path):
    rows = (
        "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(s, s + 10_000))
        for s in range(2, 200_010, 10_000)
    )
    path = raw_xlsx(tmp_path / "sejuta.xlsx", [HEADER_ROW_XML, *rows])
    assert path.stat().st_size < 2_000_000
    assert_refused(path, "sampai baris 200.")


def test_huge_shared_strings_are_refused_without_reading_them_whole(tmp_path):
    strings = ("<si><t>" + "A" * 1000 + "</t></si>" for _ in range(60_000))  # 60 MB
    path = raw_xlsx(tmp_path / "teks.xlsx", HEADER_ROW_XML, shared_strings=strings)
    assert path.stat().st_size < 1_000_000
    assert_refused(path, "xl/sharedStrings.xml", "50 MB")


def test_ods_with_repeated_rows_and_columns_is_refused(tmp_path):
    header = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>NIK</text:p>'
        '</table:table-cell><table:table-cell office:value-type="string"><text:p>NAMA'
        "</text:p></table:table-cell></table:table-row>"
    )
    bomb = (
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="16384" office:value-type="float" office:value="1">'
        "<text:p>1</text:p></table:table-cell></table:table-row>"
    )
    assert_refused(raw_ods(tmp_path / "ulang.ods", header + bomb), "sampai baris 1.048.576")


def test_libreoffice_trailing_empty_repeats_are_not_counted(ctx, tmp_path):
    path = clerk_ods(tmp_path / "biasa.ods", [[nik_for(date(1985, 3, 15), "L"), "ANA"]])
    limits.check_spreadsheet(path)  # the plain file passes
    empty_tail = (
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    )
    header = (
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
            for h in ("NIK", "NAMA")
        )
        + '<table:table-cell table:number-columns-repeated="1022"/></table:table-row>'
    )
    path = raw_ods(tmp_path / "ekor.ods", header + empty_tail)
    limits.check_spreadsheet(path)
    with RosterReader(path) as reader:
        assert reader.layout.header_row == 1


def test_the_refusal_reaches_the_clerk_through_the_import(ctx, tmp_path):
    save_opd(ctx, _opd())
    path = raw_xlsx(tmp_path / "pojok.xlsx", HEADER_ROW_XML + '<row r="9"><c r="ZZZ9"/></row>')
    with pytest.raises(RosterFileError, match="terlalu besar untuk diimpor"):
        import_file(ctx, path, ImportOptions(opd_code="DLHK", dry_run=True))


def test_a_csv_cell_over_the_field_limit_rejects_only_its_row(ctx, tmp_path):
    save_opd(ctx, _opd())
    nik = nik_for(date(1985, 3, 15), "L")
    path = tmp_path / "panjang.csv"
    path.write_text(
        "NIK;NAMA;TGL LAHIR;L/P\n"
        f"{nik};ANTONIUS;15-03-1985;L\n"
        f"{nik_for(date(1990, 1, 2), 'P')};{'X' * 200_000};02-01-1990;P\n"
        f"{nik_for(date(1991, 1, 2), 'P', 2)};MARIA;02-01-1991;P\n",
        encoding="utf-8",
    )
    report = import_file(ctx, path, ImportOptions(opd_code="DLHK", dry_run=True))
    assert report.accepted == 2
    [rejected] = report.to_json()["rejected"]
    assert rejected["row"] == 3
    assert "lebih dari 131.072 karakter" in rejected["message"]


def _opd():
    from kupang_desk.services.demo import OPDS

    return OPDS[0]
