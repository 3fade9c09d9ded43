"""Issue 12 item 12: the headers of real office sheets, card numbers that become
memberships, a header picked by hand, and the file of rejected rows that imports again."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from kupang_desk.services.demo import OPDS
from kupang_desk.services.importing import (
    HeaderNotFound,
    ImportOptions,
    import_file,
    inspect_file,
    save_rejected,
)
from kupang_desk.services.opd import save_opd
from kupang_desk.store.memberships import list_memberships
from tests.helpers import office_sheet
from tests.roster_sheets import nik_for

BORN_L, BORN_P = date(1985, 3, 15), date(1990, 9, 13)
NIK_L, NIK_P = nik_for(BORN_L, "L"), nik_for(BORN_P, "P")
NI_PPPK = "199009132025242014"


@pytest.fixture
def dlhk(ctx):
    save_opd(ctx, OPDS[0])
    return ctx


TOP = [
    "NO",
    "N.I.K",
    "NAMA",
    "TEMPAT / TGL LAHIR",
    None,
    "L/P",
    "NIP / NI PPPK",
    "NOMOR KARTU KELUARGA",
    "STATUS KEPEGAWAIAN",
    "NOMOR SK",
    "TANGGAL SK",
    "TANGGAL MULAI KERJA",
    "TANGGAL AKHIR KONTRAK",
    "GAJI / UPAH (Rp)",
    "NO KARTU JKN",
    "NO KPJ",
]
BELOW = [None, None, None, "TEMPAT", "TGL LAHIR", *[None] * 11]
KK = "5371010101100001"


def test_a_two_row_office_header_maps_every_column(dlhk, tmp_path):
    path = office_sheet(
        tmp_path / "thl.xlsx",
        TOP,
        BELOW,
        [
            [
                1,
                NIK_L,
                "Yosef Bria",
                "Kupang",
                BORN_L,
                "L",
                "",
                KK,
                "THL",
                "800/12/DLHK/2026",
                date(2026, 1, 2),
                date(2026, 1, 5),
                date(2026, 12, 31),
                2_600_000,
                "0001234567890",
                "24011234567",
            ],
            [
                2,
                NIK_P,
                "Maria Ndun",
                "Soe",
                BORN_P,
                "P",
                NI_PPPK,
                "",
                "PPPK Paruh Waktu",
                "",
                None,
                date(2025, 10, 1),
                None,
                2_700_000,
                "",
                "",
            ],
        ],
    )
    layout = inspect_file(path)
    assert layout.header_row == 5  # the row under the merged header
    assert sorted(layout.mapping.values()) == sorted(
        [
            "nik",
            "name",
            "birth_place",
            "birth_date",
            "sex",
            "nip",
            "no_kk",
            "employment_type",
            "contract_number",
            "contract_date",
            "tmt",
            "end_date",
            "upah",
            "jkn_card",
            "kpj_card",
        ]
    )
    report = import_file(dlhk, path, ImportOptions(opd_code="DLHK"))
    assert report.to_json()["rejected"] == []
    assert (report.accepted, report.memberships) == (2, 2)
    rows = {
        r["nik"]: r
        for r in dlhk.store.query(
            "SELECT nik, birth_place, birth_date, nip, no_kk, employment_type, contract_number,"
            " tmt, end_date, upah, id FROM workers"
        )
    }
    yosef = rows[NIK_L]
    assert (yosef["birth_place"], yosef["birth_date"], yosef["no_kk"]) == (
        "KUPANG",
        "1985-03-15",
        KK,
    )
    assert yosef["contract_number"] == "800/12/DLHK/2026 tgl 02-01-2026"
    assert (yosef["tmt"], yosef["end_date"], yosef["upah"]) == (
        "2026-01-05",
        "2026-12-31",
        2_600_000,
    )
    assert (rows[NIK_P]["nip"], rows[NIK_P]["employment_type"]) == (NI_PPPK, "PPPK Paruh Waktu")
    cards = {
        (m.program, m.card_number, m.status) for m in list_memberships(dlhk.store, yosef["id"])
    }
    assert cards == {
        ("kesehatan", "0001234567890", "draft"),
        ("ketenagakerjaan", "24011234567", "draft"),
    }
    assert list_memberships(dlhk.store, rows[NIK_P]["id"]) == []


@pytest.mark.parametrize(
    ("nik_header", "wage_header", "card_header", "start_header"),
    [
        ("N I K", "HONORARIUM", "NO. BPJS KESEHATAN", "TMT"),
        ("NO. INDUK KEPENDUDUKAN", "GAJI / UPAH (Rp)", "NO KARTU JKN", "TANGGAL MULAI KERJA"),
        ("N.I.K", "Honorarium (Rp.)", "No. BPJS Kesehatan", "T.M.T"),
    ],
)
def test_header_spellings_of_real_sheets(
    dlhk, tmp_path, nik_header, wage_header, card_header, start_header
):
    top = ["NO", nik_header, "NAMA", "TGL LAHIR", "L/P", wage_header, card_header, start_header]
    path = office_sheet(
        tmp_path / "ptt.xlsx",
        top,
        None,
        [[1, NIK_L, "Yosef Bria", BORN_L, "L", 2_600_000, "0001234567890", date(2024, 2, 1)]],
    )
    assert len(inspect_file(path).mapping) == 7
    report = import_file(dlhk, path, ImportOptions(opd_code="DLHK", dry_run=True))
    assert (report.accepted, report.memberships, report.to_json()["rejected"]) == (1, 1, [])


def test_card_numbers_are_checked_by_the_card_rules(dlhk, tmp_path):
    top = ["NO", "NIK", "NAMA", "TGL LAHIR", "L/P", "NO KARTU JKN", "NO KPJ"]
    first = office_sheet(
        tmp_path / "satu.xlsx",
        top,
        None,
        [[1, NIK_L, "Yosef Bria", BORN_L, "L", "0001234567890", ""]],
    )
    assert import_file(dlhk, first, ImportOptions(opd_code="DLHK")).memberships == 1
    path = office_sheet(
        tmp_path / "dua.xlsx",
        top,
        None,
        [
            [1, NIK_P, "Maria Ndun", BORN_P, "P", "000123456789", ""],  # 12 digits
            [2, nik_for(BORN_P, "P", 2), "Ana Ndun", BORN_P, "P", "0001234567890", ""],  # Yosef's
            [3, nik_for(BORN_P, "P", 3), "Rut Ndun", BORN_P, "P", "", "2401123456"],  # 10 digits
            [4, nik_for(BORN_P, "P", 4), "Eva Ndun", BORN_P, "P", "0009999999991", ""],
            [5, nik_for(BORN_P, "P", 5), "Ida Ndun", BORN_P, "P", "0009999999991", ""],  # row 4's
        ],
    )
    report = import_file(dlhk, path, ImportOptions(opd_code="DLHK"))
    rejected = {r["row"]: r for r in report.to_json()["rejected"]}
    assert sorted(rejected) == [6, 7, 8, 10]
    assert "harus 13 angka, tertulis 12" in rejected[6]["message"]
    assert "YOSEF BRIA" in rejected[7]["message"] and NIK_L in rejected[7]["message"]
    assert "harus 11 angka, tertulis 10" in rejected[8]["message"]
    assert "sudah ada di baris 9" in rejected[10]["message"]
    assert (report.accepted, report.memberships) == (1, 1)


def test_no_header_the_clerk_picks_the_row_and_maps_by_hand(dlhk, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["REKAP HONOR BULAN JANUARI"])
    sheet.merge_cells("A1:D1")
    sheet.append(["URUT", "KTP", "PEGAWAI", "LAHIR", "KELAMIN"])  # no header the importer knows
    sheet.append([1, NIK_L, "Yosef Bria", BORN_L, "L"])
    sheet.append([2, NIK_P, "Maria Ndun", "13-13-1990", "P"])
    path = tmp_path / "rekap.xlsx"
    workbook.save(path)
    with pytest.raises(HeaderNotFound):
        inspect_file(path)
    layout = inspect_file(path, header_row=2)
    assert layout.headers == ["URUT", "KTP", "PEGAWAI", "LAHIR", "KELAMIN"] and layout.mapping == {
        4: "sex"
    }
    mapping = {1: "nik", 2: "name", 3: "birth_date", 4: "sex"}
    options = ImportOptions(opd_code="DLHK", header_row=2, mapping=mapping)
    report = import_file(dlhk, path, options)
    assert report.accepted == 1
    assert [r["row"] for r in report.to_json()["rejected"]] == [4]

    # The rejected rows: canonical headers where the file's own would not be recognised,
    # so the corrected file imports with no mapping step.
    out = tmp_path / "ditolak.xlsx"
    assert save_rejected(report, out) == 1
    written = load_workbook(out).active
    header = [c.value for c in next(written.iter_rows(max_row=1))]
    assert header[:5] == ["URUT", "NIK", "NAMA", "TANGGAL LAHIR", "KELAMIN"]
    written.cell(row=2, column=4).value = "13-09-1990"
    written.parent.save(out)
    again = import_file(dlhk, out, ImportOptions(opd_code="DLHK"))
    assert (again.accepted, again.to_json()["rejected"]) == (1, [])


def test_rejected_rows_of_a_merged_header_import_again_as_they_are(dlhk, tmp_path):
    path = office_sheet(
        tmp_path / "thl.xlsx",
        TOP,
        BELOW,
        [
            [
                1,
                NIK_L,
                "Yosef Bria",
                "Kupang",
                BORN_L,
                "P",
                "",
                "",
                "THL",
                "",
                None,
                None,
                None,
                2_600_000,
                "",
                "",
            ]
        ],  # sex disagrees with the NIK
    )
    report = import_file(dlhk, path, ImportOptions(opd_code="DLHK"))
    out = tmp_path / "ditolak.xlsx"
    save_rejected(report, out)
    written = load_workbook(out).active
    header = [c.value for c in next(written.iter_rows(max_row=1))]
    assert header[3:5] == ["TEMPAT LAHIR", "TANGGAL LAHIR"]
    written.cell(row=2, column=6).value = "L"
    written.parent.save(out)
    again = import_file(dlhk, out, ImportOptions(opd_code="DLHK"))
    assert (again.accepted, again.to_json()["rejected"]) == (1, [])
