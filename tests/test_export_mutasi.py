"""Issue 12 items 14 and 15: escaping that changes nothing BPJS receives; the e-Dabu Form
Mutasi with its column numbers, the date format setting, peralihan / perubahan data, and the
mutasi keluar of workers made nonaktif."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from kupang_desk.cli import main
from kupang_desk.domain.entities import Worker
from kupang_desk.domain.settings import SettingError
from kupang_desk.exchange.exports import KESEHATAN_COLUMNS
from kupang_desk.exchange.writing import write_csv
from kupang_desk.services import settings as settings_service
from kupang_desk.services.demo import OPDS
from kupang_desk.services.exporting import export
from kupang_desk.services.importing import ImportOptions, import_file
from kupang_desk.services.opd import save_opd
from kupang_desk.services.workers import deactivate_worker, save_worker
from tests.helpers import office_sheet
from tests.roster_sheets import nik_for

ON = date(2026, 11, 24)
HEADER_ROW = 14  # title block (12 rows) and a blank row above the table


def add(ctx, name: str, born: date, sex: str, serial: int = 1, **fields) -> Worker:
    worker = Worker(nik_for(born, sex, serial), name, born, sex, "DLHK", upah=2_600_000, **fields)
    result = save_worker(ctx, worker, accept_warnings=True)
    assert result.saved, result.issues
    return result.worker


def card(ctx, worker: Worker, number: str, status: str) -> None:
    ctx.store.conn.execute(
        "INSERT INTO memberships (worker_id, program, card_number, status) "
        "VALUES (?, 'kesehatan', ?, ?)",
        (worker.id, number, status),
    )


def table(path) -> tuple[list[str], list[dict]]:
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[HEADER_ROW]]
    numbers = [c.value for c in sheet[HEADER_ROW + 1]]
    assert numbers == list(range(1, len(header) + 1))  # the template's column numbers
    rows = [
        dict(zip(header, (c.value for c in row), strict=True))
        for row in sheet.iter_rows(min_row=HEADER_ROW + 2)
    ]
    return header, rows


@pytest.fixture
def dlhk(ctx):
    save_opd(ctx, OPDS[0])
    return ctx


def test_csv_cells_starting_with_tab_or_carriage_return_are_escaped(tmp_path):
    out = tmp_path / "x.csv"
    write_csv(out, ["A", "B", "C"], [["\t=1+1", "\rcmd", "biasa"]])
    raw = out.read_bytes().decode("utf-8-sig")
    assert "'\t=1+1;\"'\rcmd\";biasa" in raw


def test_xlsx_text_is_typed_text_without_an_added_apostrophe(dlhk, tmp_path):
    add(dlhk, "MARIA NDUN", date(1985, 3, 5), "P", jabatan="-Staf + Kebersihan")
    out = tmp_path / "m.xlsx"
    export(dlhk, "kesehatan", out, opd_code="DLHK", on=ON)
    cell = load_workbook(out).active.cell(row=HEADER_ROW + 2, column=28)  # 28 Jabatan
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("-Staf + Kebersihan", "s", True)
    nik = load_workbook(out).active.cell(row=HEADER_ROW + 2, column=6)
    assert (nik.data_type, nik.number_format, nik.quotePrefix) == ("s", "@", False)


def test_jenis_mutasi_tambah_peralihan_and_perubahan_data(dlhk, tmp_path):
    new = add(dlhk, "ANA BRIA", date(1990, 1, 2), "P")
    moving = add(dlhk, "BENI TALO", date(1988, 4, 5), "L")
    active = add(dlhk, "CICI NDUN", date(1987, 6, 7), "P")
    card(dlhk, moving, "0001111111111", "draft")  # a PBI/mandiri card the sheet gave
    card(dlhk, active, "0002222222222", "active")
    out = tmp_path / "m.xlsx"
    assert export(dlhk, "kesehatan", out, opd_code="DLHK", on=ON) == 3
    _, rows = table(out)
    by_name = {r["Nama Lengkap"]: r for r in rows}
    assert by_name[new.name]["Jenis Mutasi"] == "1"  # tambah
    assert by_name[moving.name]["Jenis Mutasi"] == "4"  # peralihan
    assert by_name[moving.name]["No Kartu BPJS Kesehatan"] == "0001111111111"
    assert by_name[active.name]["Jenis Mutasi"] == "2"  # perubahan data


def test_a_card_from_the_roster_sheet_is_exported_as_peralihan(dlhk, tmp_path):

    born = date(1990, 1, 2)
    sheet = office_sheet(
        tmp_path / "ptt.xlsx",
        ["NO", "NIK", "NAMA", "TGL LAHIR", "L/P", "NO KARTU JKN"],
        None,
        [[1, nik_for(born, "P"), "Ana Bria", born, "P", "0001234567890"]],
    )
    assert import_file(dlhk, sheet, ImportOptions(opd_code="DLHK")).memberships == 1
    out = tmp_path / "m.xlsx"
    export(dlhk, "kesehatan", out, opd_code="DLHK", on=ON)
    [row] = table(out)[1]
    assert (row["Jenis Mutasi"], row["No Kartu BPJS Kesehatan"]) == ("4", "0001234567890")


def test_birth_date_format_is_a_setting(dlhk, tmp_path):
    add(dlhk, "MARIA NDUN", date(1985, 3, 5), "P", tmt=date(2020, 1, 13))
    out = tmp_path / "dd.xlsx"
    export(dlhk, "kesehatan", out, opd_code="DLHK", on=ON)
    header, [row] = table(out)
    assert header[9] == "Tgl Lahir (dd/mm/yyyy)" and row[header[9]] == "05/03/1985"
    settings_service.set_value(dlhk, "bpjs_kes.format_tanggal", "mm/dd/yyyy")
    out = tmp_path / "mm.xlsx"
    export(dlhk, "kesehatan", out, opd_code="DLHK", on=ON)
    header, [row] = table(out)
    assert header[9] == "Tgl Lahir (mm/dd/yyyy)" and row[header[9]] == "03/05/1985"
    assert (row["Tgl Aktif Berlaku Mutasi"], row["TMT Kerja"]) == ("11/24/2026", "01/13/2020")
    with pytest.raises(SettingError, match="dd/mm/yyyy atau mm/dd/yyyy"):
        settings_service.set_value(dlhk, "bpjs_kes.format_tanggal", "yyyy-mm-dd")


def test_mutasi_keluar_lists_nonaktif_workers_with_date_and_reason(dlhk, tmp_path, capsys):
    staying = add(dlhk, "ANA BRIA", date(1990, 1, 2), "P")
    leaving = add(dlhk, "BENI TALO", date(1988, 4, 5), "L")
    never_enrolled = add(dlhk, "CICI NDUN", date(1987, 6, 7), "P")
    card(dlhk, staying, "0001111111111", "active")
    card(dlhk, leaving, "0002222222222", "active")
    deactivate_worker(dlhk, leaving.id, reason="Mengundurkan diri", on=date(2026, 10, 31))
    deactivate_worker(dlhk, never_enrolled.id, reason="Kontrak berakhir", on=date(2026, 10, 1))

    out = tmp_path / "keluar.xlsx"
    assert export(dlhk, "kesehatan-keluar", out, opd_code="DLHK", on=ON) == 1
    header, [row] = table(out)
    assert header[:37] == [c.header.format(format="dd/mm/yyyy") for c in KESEHATAN_COLUMNS]
    assert header[37] == "Keterangan (alasan keluar)"
    assert (row["Nama Lengkap"], row["Jenis Mutasi"]) == ("BENI TALO", "3")
    assert row["Tgl Aktif Berlaku Mutasi"] == "31/10/2026"
    assert row["Keterangan (alasan keluar)"] == "Mengundurkan diri"

    # the Form Mutasi of additions leaves nonaktif workers out
    main_out = tmp_path / "tambah.xlsx"
    assert export(dlhk, "kesehatan", main_out, opd_code="DLHK", on=ON) == 1
    assert [r["Nama Lengkap"] for r in table(main_out)[1]] == ["ANA BRIA"]

    db = str(dlhk.store.path)
    dlhk.close()
    cli_out = tmp_path / "cli-keluar.xlsx"
    assert main(["--db", db, "export", "kesehatan-keluar", str(cli_out), "--opd", "DLHK"]) == 0
    assert "1 baris" in capsys.readouterr().err
    assert table(cli_out)[1][0]["Nama Lengkap"] == "BENI TALO"
