from datetime import date

import pytest

from kupang_desk.domain.formatting import rupiah
from kupang_desk.services.context import AccessDenied
from kupang_desk.services.importing import (
    ImportCancelled,
    ImportOptions,
    ImportRefused,
    RosterFileError,
    RowStatus,
    import_file,
    inspect_file,
    save_rejected,
)
from kupang_desk.store.errors import DiskFull
from tests.helpers import (
    EXISTING,
    MARCH_15,
    MARIA,
    SERIAL_BORN,
    add_existing,
    many_rows,
    messy_rows,
    snapshot,
)
from tests.roster_sheets import HEADER, clerk_csv, clerk_ods, clerk_xlsx, nik_for


@pytest.fixture
def existing(ctx):
    return add_existing(ctx)


def test_clerk_xlsx_import_reports_exact_rejections_and_saves_the_rest(ctx, existing, tmp_path):
    path = clerk_xlsx(tmp_path / "ptt dlhk.xlsx", messy_rows())
    layout = inspect_file(path)
    assert layout.header_row == 4
    assert sorted(layout.mapping.values()) == sorted(
        ["nik", "name", "birth_place", "birth_date", "sex", "jabatan", "phone", "upah"]
    )

    report = import_file(ctx, path, ImportOptions(opd_code="DLHK"))
    result = report.to_json()

    assert result["rows"] == 12
    assert result["accepted"] == 6
    assert result["skipped"] == 9  # 2 blank rows inside, JUMLAH, signature block
    rejected = [(r["row"], r["field"], r["message"]) for r in result["rejected"]]
    assert rejected[:5] == [
        (
            6,
            "nik",
            "Kolom NIK berisi angka (5371010101900001), bukan teks: Excel hanya menyimpan 15 "
            "angka pertama dan angka terakhir bisa berubah. Format kolom NIK sebagai Teks "
            "(Text), ketik ulang sesuai KTP/KK, lalu impor lagi.",
        ),
        (13, "nik", f"NIK {MARIA} sudah ada di baris 5 berkas ini; hapus salah satu baris."),
        (
            14,
            "nik",
            f"NIK {EXISTING} sudah terdaftar atas nama PETRUS NALLE (pegawai) di Dinas "
            "Kesehatan. Pilih 'perbarui data yang ada' untuk menimpa datanya.",
        ),
        (
            15,
            "birth_date",
            "Kolom TGL LAHIR: 31-02-1985 bukan tanggal yang ada di kalender. Tulis hh-bb-tttt, "
            "mis. 15-03-1985 atau 15 Maret 1985.",
        ),
        (16, "nik", "NIK wajib diisi (16 angka sesuai KTP)."),
    ]
    row, field, message = rejected[5]
    assert (row, field) == (17, "birth_date")
    assert "05-03-1985" in message and "06-03-1985" in message
    assert len(rejected) == 6

    saved = {
        r["nik"]: dict(r) for r in ctx.store.query("SELECT * FROM workers WHERE opd_code = 'DLHK'")
    }
    assert len(saved) == 6
    maria = saved[MARIA]
    assert maria["name"] == "MARIA GORETI NDUN"
    assert maria["birth_place"] == "KUPANG"
    assert maria["phone"].endswith("81234567890")
    assert maria["upah"] == 2_900_000
    kornelis = saved[nik_for(SERIAL_BORN, "L")]
    assert kornelis["birth_date"] == "1988-07-20"
    assert kornelis["phone"].endswith("81234567891")
    assert kornelis["upah"] == 2_900_000
    for serial, sex in ((2, "P"), (3, "L"), (4, "P"), (5, "L")):
        born = saved[nik_for(MARCH_15, sex, serial)]
        assert (born["birth_date"], born["sex"]) == ("1985-03-15", sex)

    audits = ctx.store.query("SELECT action, after_json FROM audit_log WHERE action = 'import'")
    assert len(audits) == 1
    assert '"inserted":6' in audits[0]["after_json"]


def test_dry_run_checks_everything_and_saves_nothing(ctx, existing, tmp_path):
    path = clerk_xlsx(tmp_path / "ptt.xlsx", messy_rows())
    before = snapshot(ctx)
    report = import_file(ctx, path, ImportOptions(opd_code="DLHK", dry_run=True))
    assert (report.rows, report.accepted, len(report.rejected)) == (12, 6, 6)
    assert snapshot(ctx) == before


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_in_each_encoding_and_delimiter(ctx, tmp_path, encoding, delimiter):
    born = date(1990, 6, 1)
    rows = [
        [
            "1",
            nik_for(born, "L"),
            "José Da Costa",
            "Kupang",
            "01-06-1990",
            "L",
            "Operator",
            "0812 3456 7890",
            "2.900.000",
        ],
        ["2", nik_for(born, "P", 2), "Siti, S.Pd", "Kupang", "1 Juni 1990", "P", "Guru", "", "0"],
        ["3", "5.37101E+15", "Lukas Mau", "Kupang", "01-06-1990", "L", "", "", ""],
    ]
    path = clerk_csv(tmp_path / "ptt.csv", rows, encoding=encoding, delimiter=delimiter)
    report = import_file(ctx, path, ImportOptions(opd_code="DINKES"))
    assert (report.rows, report.accepted, report.skipped) == (3, 2, 1)
    [rejected] = report.to_json()["rejected"]
    assert rejected["row"] == 6 and rejected["field"] == "nik"
    assert "5.37101E+15" in rejected["message"] and "Teks (Text)" in rejected["message"]
    names = [r[0] for r in ctx.store.query("SELECT name FROM workers ORDER BY name")]
    assert names == ["JOSÉ DA COSTA", "SITI, S.PD"]
    [upah] = ctx.store.query("SELECT upah FROM workers WHERE name LIKE 'JOS%'")[0]
    assert upah == 2_900_000


def test_update_overwrites_only_the_columns_in_the_file(ctx, existing, tmp_path):
    path = clerk_xlsx(
        tmp_path / "ptt.xlsx",
        [[1, EXISTING, "Petrus  Nalle", "Ende", date(1979, 8, 17), "L", "Sopir", "", 3_500_000]],
    )
    report = import_file(ctx, path, ImportOptions(opd_code="DLHK", update=True))
    assert (report.accepted, report.updated, report.rejected) == (1, 1, [])
    row = dict(ctx.store.query("SELECT * FROM workers WHERE nik = ?", (EXISTING,))[0])
    assert (row["birth_place"], row["jabatan"], row["upah"]) == ("ENDE", "Sopir", 3_500_000)
    assert row["opd_code"] == "DINKES"  # no OPD column: the worker stays where he is
    assert row["row_version"] == 2
    actions = [r[0] for r in ctx.store.query("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-2:] == ["import-update", "import"]


def test_operator_imports_only_into_own_opd(ctx, existing, tmp_path):
    ctx.role, ctx.opd_code = "operator", "DLHK"
    path = clerk_xlsx(tmp_path / "ptt.xlsx", messy_rows()[:1])
    with pytest.raises(AccessDenied):
        import_file(ctx, path, ImportOptions(opd_code="DINKES"))
    # Without --opd the operator's own OPD is the target.
    assert import_file(ctx, path).accepted == 1
    # Updating a worker of another OPD is refused even with "perbarui".
    other = clerk_xlsx(
        tmp_path / "other.xlsx",
        [[1, EXISTING, "PETRUS NALLE", "KUPANG", date(1979, 8, 17), "L", "", "", ""]],
    )
    report = import_file(ctx, other, ImportOptions(update=True))
    [rejected] = report.to_json()["rejected"]
    assert rejected["message"] == f"NIK {EXISTING} sudah terdaftar di OPD lain; hubungi admin."


def test_opd_column_is_read_by_code_short_name_or_name(ctx, tmp_path):
    born = date(1990, 6, 1)
    header = [*HEADER, "OPD"]
    rows = [
        [1, nik_for(born, "L", 1), "A", "", born, "L", "", "", "", "dlhk"],
        [2, nik_for(born, "L", 2), "B", "", born, "L", "", "", "", "Dinas Kesehatan"],
        [3, nik_for(born, "L", 3), "C", "", born, "L", "", "", "", "Dinas Pariwisata"],
    ]
    report = import_file(ctx, clerk_xlsx(tmp_path / "x.xlsx", rows, header=header))
    assert report.accepted == 2
    assert report.to_json()["rejected"] == [
        {
            "row": 7,
            "field": "opd_code",
            "message": "OPD 'DINAS PARIWISATA' tidak dikenal. Tulis kode OPD, mis. DLHK.",
        }
    ]


def test_missing_target_opd_or_header_cannot_start(ctx, tmp_path):
    path = clerk_xlsx(tmp_path / "ptt.xlsx", messy_rows()[:1])
    with pytest.raises(ImportRefused, match="--opd"):
        import_file(ctx, path)
    with pytest.raises(ImportRefused, match="XYZ"):
        import_file(ctx, path, ImportOptions(opd_code="XYZ"))
    bare = clerk_xlsx(tmp_path / "bare.xlsx", [], header=["NO", "URAIAN", "JUMLAH"])
    with pytest.raises(RosterFileError, match="NIK dan NAMA"):
        import_file(ctx, bare, ImportOptions(opd_code="DLHK"))
    (tmp_path / "notes.docx").write_bytes(b"PK")
    with pytest.raises(RosterFileError, match=r"\.docx"):
        import_file(ctx, tmp_path / "notes.docx", ImportOptions(opd_code="DLHK"))


def test_disk_full_midway_leaves_the_database_as_before(ctx, existing, tmp_path, monkeypatch):
    path = clerk_xlsx(tmp_path / "big.xlsx", many_rows(3000))
    monkeypatch.setattr("kupang_desk.services.importing.BATCH_SIZE", 500)
    before = snapshot(ctx)
    # SQLite answers SQLITE_FULL once the file would pass max_page_count: a real full disk.
    pages = ctx.store.query("PRAGMA page_count")[0][0]
    ctx.store.conn.execute(f"PRAGMA max_page_count = {pages + 40}")
    with pytest.raises(DiskFull):
        import_file(ctx, path, ImportOptions(opd_code="DLHK"))
    ctx.store.conn.execute("PRAGMA max_page_count = 1073741823")
    assert snapshot(ctx) == before
    assert ctx.store.query("PRAGMA quick_check")[0][0] == "ok"


def test_cancel_leaves_the_database_as_before(ctx, tmp_path, monkeypatch):
    path = clerk_xlsx(tmp_path / "big.xlsx", many_rows(50))
    monkeypatch.setattr("kupang_desk.services.importing.BATCH_SIZE", 10)
    before = snapshot(ctx)
    seen = []
    with pytest.raises(ImportCancelled):
        import_file(
            ctx,
            path,
            ImportOptions(opd_code="DLHK"),
            progress=lambda done, total: seen.append((done, total)),
            cancelled=lambda: len(seen) >= 2,
        )
    assert [done for done, _ in seen] == [10, 20]
    assert all(total >= 50 for _, total in seen)
    assert snapshot(ctx) == before


def test_rejected_rows_are_saved_with_keterangan(ctx, existing, tmp_path):
    from openpyxl import load_workbook

    report = import_file(
        ctx, clerk_xlsx(tmp_path / "ptt.xlsx", messy_rows()), ImportOptions(opd_code="DLHK")
    )
    out = tmp_path / "ditolak.xlsx"
    assert save_rejected(report, out) == 6
    sheet = load_workbook(out).active
    rows = list(sheet.values)
    assert rows[0] == (*HEADER, "KETERANGAN")
    assert rows[1][1] == 5371010101900001  # kept as the clerk typed it, to be fixed
    assert rows[1][-1].startswith("Kolom NIK berisi angka")
    assert rows[3][1] == EXISTING and "sudah terdaftar" in rows[3][-1]
    # The correction sheet imports again: the header is found, the same rows come back.
    again = import_file(ctx, out, ImportOptions(opd_code="DLHK", dry_run=True))
    assert again.rows == 6


def test_ods_from_libreoffice(ctx, tmp_path):
    born = date(1990, 6, 1)
    path = clerk_ods(
        tmp_path / "ptt.ods",
        [
            [1, nik_for(born, "L"), "lukas mau", "Kupang", born, "L", "Operator", "", 2900000],
            [2, 5371014106900002, "SISKA MAU", "Kupang", born, "P", "", "", ""],
        ],
    )
    report = import_file(ctx, path, ImportOptions(opd_code="DLHK"))
    assert (report.rows, report.accepted) == (2, 1)
    [rejected] = report.to_json()["rejected"]
    assert rejected["row"] == 5 and "Teks (Text)" in rejected["message"]
    row = ctx.store.query("SELECT name, birth_date, upah FROM workers")[0]
    assert tuple(row) == ("LUKAS MAU", "1990-06-01", 2_900_000)


def test_second_sheet_subheader_and_column_number_row(ctx, tmp_path):
    """Notes on the first sheet; "TEMPAT/TGL LAHIR" merged over TEMPAT | TGL; a (1) (2) … row."""
    from openpyxl import Workbook

    born = date(1990, 6, 1)
    workbook = Workbook()
    workbook.active.title = "Catatan"
    workbook.active.append(["Daftar dikirim ke BKPSDM tiap bulan"])
    sheet = workbook.create_sheet("PTT")
    sheet.append(["NO", "NIK", "NAMA", "TEMPAT/TGL LAHIR", None, "L/P"])
    sheet.merge_cells("D1:E1")
    sheet.append([None, None, None, "TEMPAT", "TGL", None])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])
    sheet.append([1, nik_for(born, "L"), "LUKAS MAU", "Soe", born, "L"])
    sheet.append([2, nik_for(born, "P", 2), "SISKA MAU", "Soe", "31-06-1990", "P"])
    path = tmp_path / "ptt.xlsx"
    workbook.save(path)

    layout = inspect_file(path)
    assert layout.header_row == 2
    assert layout.mapping == {1: "nik", 2: "name", 3: "birth_place", 4: "birth_date", 5: "sex"}
    report = import_file(ctx, path, ImportOptions(opd_code="DLHK"))
    assert (report.rows, report.accepted, report.skipped) == (2, 1, 1)
    assert report.to_json()["rejected"] == [
        {
            "row": 5,
            "field": "birth_date",
            "message": "Kolom TEMPAT/TGL LAHIR (TGL): 31-06-1990 bukan tanggal yang ada di "
            "kalender. Tulis hh-bb-tttt, mis. 15-03-1985 atau 15 Maret 1985.",
        }
    ]
    assert tuple(ctx.store.query("SELECT birth_place, birth_date FROM workers")[0]) == (
        "SOE",
        "1990-06-01",
    )


def test_a_wage_below_the_umk_of_the_rates_table_is_imported_with_a_warning(ctx, tmp_path):
    from kupang_desk.services import rates as rate_service

    floor = rate_service.umk(ctx)
    born = date(1990, 6, 1)
    path = clerk_xlsx(
        tmp_path / "upah.xlsx",
        [
            [1, nik_for(born, "L", 1), "LUKAS MAU", "KUPANG", born, "L", "", "", floor - 1],
            [2, nik_for(born, "L", 2), "YOSEF MAU", "KUPANG", born, "L", "", "", floor],
        ],
    )
    seen = []
    report = import_file(ctx, path, ImportOptions(opd_code="DLHK"), on_row=seen.append)
    assert report.accepted == 2
    assert [(r.status, [i.code for i in r.issues]) for r in seen] == [
        (RowStatus.WARNING, ["upah.below_umk"]),
        (RowStatus.NEW, []),
    ]
    assert rupiah(floor) in seen[0].issues[0].message


def test_an_implausible_wage_is_imported_with_a_warning_and_text_wages_read_as_typed(ctx, tmp_path):
    born = date(1990, 6, 1)
    path = clerk_xlsx(
        tmp_path / "upah.xlsx",
        [
            # above the 2026 UMK (2.532.853), so no below-UMK warning
            [1, nik_for(born, "L", 1), "LUKAS MAU", "KUPANG", born, "L", "", "", "2.600.000,00"],
            [2, nik_for(born, "L", 2), "YOSEF MAU", "KUPANG", born, "L", "", "", 250_000_000],
            [3, nik_for(born, "L", 3), "PAULUS MAU", "KUPANG", born, "L", "", "", "2,500"],
        ],
    )
    seen = []
    report = import_file(ctx, path, ImportOptions(opd_code="DLHK"), on_row=seen.append)
    assert [(r.status, [i.code for i in r.issues]) for r in seen] == [
        (RowStatus.NEW, []),
        (RowStatus.WARNING, ["upah.implausible"]),
        (RowStatus.REJECTED, ["import.cell"]),
    ]
    assert "bisa berarti dua jumlah" in seen[2].issues[0].message
    assert report.accepted == 2
    wages = [r[0] for r in ctx.store.query("SELECT upah FROM workers ORDER BY id")]
    assert wages == [2_600_000, 250_000_000]
