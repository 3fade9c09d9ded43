import csv
import json
import subprocess
import sys
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from kupang_desk.cli import main
from kupang_desk.domain.entities import Worker
from kupang_desk.exchange.exports import KESEHATAN_COLUMNS, KETENAGAKERJAAN_COLUMNS
from kupang_desk.services.demo import OPDS, fill_demo
from kupang_desk.services.exporting import export
from kupang_desk.services.importing import import_file
from kupang_desk.services.opd import save_opd
from kupang_desk.services.workers import save_worker
from kupang_desk.store.db import open_store
from kupang_desk.store.workers import iter_workers
from tests.helpers import admin_context
from tests.roster_sheets import clerk_xlsx, nik_for

ROOT = Path(__file__).resolve().parent.parent
KES_HEADER_ROWS = 12  # title + 11 pemda fields
KES_TABLE_HEADER = KES_HEADER_ROWS + 2  # after one blank row


def add_family(ctx, worker_id: int) -> None:
    conn = ctx.store.conn
    conn.execute(
        "INSERT INTO memberships (worker_id, program, card_number, kelas_rawat, faskes_code, "
        "faskes_name, status) VALUES (?, 'kesehatan', '0001234567890', '2', '0138U020', "
        "'PUSKESMAS OEBOBO', 'active')",
        (worker_id,),
    )
    for uid, nik, name, relation, born, sex in (
        ("f1", nik_for(date(1987, 4, 2), "L", 3), "YOSEF NDUN", "suami", "1987-04-02", "L"),
        ("f2", nik_for(date(2012, 9, 9), "P", 4), "MARIA NDUN", "anak", "2012-09-09", "P"),
    ):
        cursor = conn.execute(
            "INSERT INTO family_members (uuid, worker_id, nik, name, relation, birth_date, sex) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (uid, worker_id, nik, name, relation, born, sex),
        )
        if relation == "anak":
            conn.execute(
                "INSERT INTO memberships (worker_id, family_member_id, program, card_number, "
                "status) VALUES (?, ?, 'kesehatan', '0009876543210', 'active')",
                (worker_id, cursor.lastrowid),
            )


def test_kesehatan_form_has_37_text_columns_and_family_rows(ctx, worker, tmp_path):
    saved = save_worker(
        ctx,
        Worker(
            **{
                **asdict(worker),
                "kecamatan": "Oebobo",
                "marital_status": "K",
                "phone": "+6281234567890",
                "jabatan": '=HYPERLINK("x")',
            }
        ),
    ).worker
    add_family(ctx, saved.id)
    out = tmp_path / "mutasi.xlsx"
    assert export(ctx, "kesehatan", out, opd_code="DLHK", on=date(2026, 11, 24)) == 3

    sheet = load_workbook(out).active
    assert sheet["A1"].value == "FORM MUTASI DATA PESERTA"
    assert (sheet["A3"].value, sheet["B3"].value) == (
        "Nama Instansi/Badan/Perusahaan",
        "Pemerintah Kota Kupang",
    )
    header = [c.value for c in sheet[KES_TABLE_HEADER]]
    assert len(header) == 37 == len(KESEHATAN_COLUMNS)
    assert header[:8] == [
        "No",
        "No Kartu BPJS Kesehatan",
        "Jenis Mutasi",
        "Tgl Aktif Berlaku Mutasi",
        "No KK",
        "NIK/KITAS/KITAP",
        "Nama Lengkap",
        "PISA / Kode HubKel",
    ]
    # the template's row of column numbers under the header
    assert [c.value for c in sheet[KES_TABLE_HEADER + 1]] == list(range(1, 38))
    rows = list(sheet.iter_rows(min_row=KES_TABLE_HEADER + 2))
    assert len(rows) == 3
    by_header = [dict(zip(header, row, strict=True)) for row in rows]
    peserta, suami, anak = by_header
    nik_cell = peserta["NIK/KITAS/KITAP"]
    assert (nik_cell.value, nik_cell.data_type, nik_cell.number_format) == (
        "5371014503850001",
        "s",
        "@",
    )
    assert peserta["No Kartu BPJS Kesehatan"].value == "0001234567890"
    assert peserta["PISA / Kode HubKel"].value == "1"
    assert peserta["Jenis Kelamin"].value == "2"
    assert peserta["Tgl Lahir (dd/mm/yyyy)"].value == "05/03/1985"
    assert peserta["Tgl Aktif Berlaku Mutasi"].value == "24/11/2026"
    assert peserta["Status Kawin"].value == "2"
    assert peserta["Kode Kecamatan"].value == "537104"
    assert peserta["Kode Faskes Tk.I"].value == "0138U020"
    assert peserta["No Telepon"].value == "081234567890"
    # never a formula, and BPJS receives the value as typed (no apostrophe added)
    assert peserta["Jabatan"].value == '=HYPERLINK("x")'
    assert peserta["Jabatan"].data_type == "s" and peserta["Jabatan"].quotePrefix
    assert peserta["Gaji Pokok + Tunj. Tetap"].value == 2_900_000
    assert peserta["Gaji Pokok + Tunj. Tetap"].data_type == "n"
    assert (suami["PISA / Kode HubKel"].value, suami["Jenis Kelamin"].value) == ("2", "1")
    assert suami["No Kartu BPJS Kesehatan"].value is None
    assert suami["Jenis Mutasi"].value == "1"
    assert suami["Kode Faskes Tk.I"].value == "0138U020"  # follows the worker's faskes
    assert (anak["PISA / Kode HubKel"].value, anak["Status Kawin"].value) == ("4", "1")
    assert anak["No Kartu BPJS Kesehatan"].value == "0009876543210"
    assert anak["No KK"].value == peserta["No KK"].value
    assert anak["Jabatan"].value is None


def test_ketenagakerjaan_file_has_the_sipp_field_set(ctx, worker, tmp_path):
    save_worker(ctx, worker)
    out = tmp_path / "tk.xlsx"
    assert export(ctx, "ketenagakerjaan", out) == 1
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header == [c.header for c in KETENAGAKERJAAN_COLUMNS]
    row = dict(zip(header, sheet[2], strict=True))
    assert (row["NIK"].value, row["NIK"].data_type) == ("5371014503850001", "s")
    assert (row["JKK"].value, row["JKM"].value, row["JHT"].value, row["JP"].value) == (
        "Y",
        "Y",
        "T",
        "T",
    )
    assert (row["Kota"].value, row["Upah"].value) == ("KOTA KUPANG", 2_900_000)


def test_csv_round_trip_of_the_demo_data_loses_nothing(tmp_path):
    source = admin_context(tmp_path / "source.sqlite3")
    fill_demo(source, 300, today=date(2026, 11, 24))
    # Identifiers with a leading zero must survive as text (the NPWP's check digit is valid).
    source.store.conn.execute(
        "UPDATE workers SET jabatan = '@SUM(A1)', status = 'nonaktif', "
        "status_reason = 'Kontrak selesai', status_date = '2026-01-31', end_date = '2026-01-31', "
        "email = 'a@b.id', npwp = '012345674901234' WHERE id = 1"
    )
    out = tmp_path / "roster.csv"
    assert export(source, "csv", out) == 300
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b";'@SUM(A1);" in raw  # escaped, so Excel does not evaluate it

    target = admin_context(tmp_path / "target.sqlite3")
    for opd in OPDS:
        save_opd(target, opd)
    report = import_file(target, out)
    assert (report.rows, report.accepted, report.rejected) == (300, 300, [])

    ignore = {"id", "uuid", "row_version"}
    compared = [f.name for f in fields(Worker) if f.name not in ignore]

    def roster(ctx):
        return sorted(tuple(getattr(w, n) for n in compared) for w in iter_workers(ctx.store))

    assert roster(target) == roster(source)
    source.close()
    target.close()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kupang_desk", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_cli_import_json_dry_run_and_exit_codes(ctx, tmp_path, capsys):
    db = str(ctx.store.path)
    born = date(1990, 6, 1)
    good = clerk_xlsx(
        tmp_path / "good.xlsx",
        [[1, nik_for(born, "L"), "LUKAS MAU", "KUPANG", born, "L", "", "", ""]],
    )
    bad = clerk_xlsx(
        tmp_path / "bad.xlsx",
        [[1, nik_for(born, "L", 2), "LUKAS MAU", "KUPANG", "1990", "L", "", "", ""]],
    )
    assert main(["--db", db, "import", str(good), "--opd", "DLHK", "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "file": "good.xlsx",
        "rows": 1,
        "accepted": 1,
        "rejected": [],
        "skipped": 8,
        "inserted": 1,
        "updated": 0,
        "memberships": 0,
        "dry_run": True,
    }
    assert ctx.store.query("SELECT count(*) FROM workers")[0][0] == 0
    ctx.close()  # the CLI subprocesses below need the single-writer lock

    result = run_cli("--db", db, "import", str(bad), "--opd", "DLHK", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["rejected"] == [
        {
            "row": 5,
            "field": "birth_date",
            "message": "Kolom TGL LAHIR: '1990' tidak terbaca sebagai tanggal. Tulis hh-bb-tttt, "
            "mis. 15-03-1985 atau 15 Maret 1985.",
        }
    ]
    assert "1 ditolak" in result.stderr

    assert run_cli("--db", db, "import", str(good), "--opd", "DLHK").returncode == 0
    store = open_store(db)
    assert store.query("SELECT count(*) FROM workers")[0][0] == 1
    store.close()
    missing = run_cli("--db", db, "import", str(tmp_path / "nope.xlsx"), "--opd", "DLHK")
    assert missing.returncode == 2 and "tidak ada" in missing.stderr

    out = tmp_path / "roster.csv"
    assert main(["--db", db, "export", "csv", str(out), "--opd", "DLHK"]) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert len(rows) == 2 and rows[1][2] == "LUKAS MAU"
    wrong = run_cli("--db", db, "export", "pdf", str(tmp_path / "x.pdf"))
    assert (
        wrong.returncode == 2
        and "kesehatan, kesehatan-keluar, ketenagakerjaan, csv" in wrong.stderr
    )
    help_text = run_cli("export", "--help").stdout
    assert "Contoh: kupang-desk export kesehatan" in help_text
