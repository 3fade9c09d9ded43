"""Roster import speed: a 100,000-row xlsx, full import vs the bare floor, and peak memory.

Full import = read (calamine) + convert cells + domain validation + duplicate checks (file
and database) + batched inserts + commit in one transaction. Floor = the same file read with
calamine plus one bare `executemany` insert of the raw cells into a table of the same
shape. Target (issue 5): >= 25,000 rows/s on the 2-core machine.

Usage: .venv/bin/python benchmarks/bench_import.py [ROWS]
"""

from __future__ import annotations

import multiprocessing
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import python_calamine
from openpyxl import Workbook

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.defaults import SEEDED_PEMDA_SETTINGS
from kupang_desk.domain.nik import encode_date_part
from kupang_desk.exchange import limits
from kupang_desk.services.context import open_context
from kupang_desk.services.demo import FIRST_L, FIRST_P, OPDS, SURNAMES
from kupang_desk.services.importing import ImportOptions, import_file
from kupang_desk.services.opd import save_opd
from kupang_desk.services.settings import set_values as set_settings

HEADERS = [
    "NO",
    "NIK",
    "NAMA LENGKAP",
    "TEMPAT LAHIR",
    "TGL LAHIR",
    "L/P",
    "JABATAN",
    "UNIT KERJA",
    "ALAMAT",
    "NO HP",
    "UPAH",
    "TMT",
]


def build_xlsx(path: Path, rows: int) -> None:
    rng = random.Random(5)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("PTT")
    sheet.append(["DAFTAR PEGAWAI TIDAK TETAP"])
    sheet.append(["DINAS LINGKUNGAN HIDUP DAN KEBERSIHAN KOTA KUPANG"])
    sheet.append([])
    sheet.append(HEADERS)
    serials: dict[str, int] = {}
    for number in range(1, rows + 1):
        sex = rng.choice("LP")
        born = date(1970, 1, 1) + timedelta(days=rng.randint(0, 30 * 365))
        key = f"53710{rng.randint(1, 6)}" + encode_date_part(born, sex)
        serials[key] = serials.get(key, 0) + 1
        sheet.append(
            [
                number,
                f"{key}{serials[key]:04d}",
                f"{rng.choice(FIRST_L if sex == 'L' else FIRST_P).lower()}  {rng.choice(SURNAMES)}",
                "Kupang",
                born,
                sex,
                "Tenaga Kebersihan",
                "Bidang Kebersihan",
                f"Jl. El Tari No. {number % 120}",
                f"0812-{number:08d}",
                2_900_000,
                date(2020, 1, 1),
            ]
        )
    sheet.append([None, None, "JUMLAH", None, None, None, None, None, None, None, rows * 2_900_000])
    workbook.save(path)


def floor(path: Path, db_path: Path) -> float:
    started = time.perf_counter()
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = [r for r in sheet.iter_rows()][4:]
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(len(HEADERS)))})")
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(HEADERS))})", rows)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


def timed_import(xlsx: Path, db_path: Path, rows: int, results) -> None:
    """In a fresh process, so its peak RSS is the import's own."""
    ctx = open_context(db_path, user="bench", role=Role.ADMIN)
    set_settings(ctx, SEEDED_PEMDA_SETTINGS)  # the demo's pemda: its UMK is checked per row
    save_opd(ctx, OPDS[0])
    started, cpu_started, busy_started = time.perf_counter(), time.process_time(), busy_cores()
    report = import_file(ctx, xlsx, ImportOptions(opd_code="DLHK"))
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    others = busy_cores() - busy_started - cpu
    ctx.close()
    assert report.accepted == rows, (report.accepted, report.rejected[:3])
    results.put((seconds, cpu, others, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def busy_cores() -> float:
    """CPU seconds the whole machine has spent busy (Linux), to see a neighbour's load."""
    try:
        ticks = [int(t) for t in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except OSError:
        return 0.0
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        xlsx = Path(tmp) / "roster.xlsx"
        started = time.perf_counter()
        build_xlsx(xlsx, rows)
        print(
            f"built {rows:,} rows xlsx in {time.perf_counter() - started:.1f} s "
            f"({xlsx.stat().st_size / 1e6:.1f} MB)"
        )
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        child = context.Process(
            target=timed_import, args=(xlsx, Path(tmp) / "kupang.sqlite3", rows, results)
        )
        child.start()
        full_s, cpu_s, others_s, peak_mb = results.get()
        child.join()
        floor_s = floor(xlsx, Path(tmp) / "floor.sqlite3")
        started = time.perf_counter()
        limits.check_spreadsheet(xlsx)  # part of the full import; shown on its own here
        limits_s = time.perf_counter() - started

    print(
        f"floor (calamine read + bare executemany): {floor_s:.2f} s = {rows / floor_s:,.0f} rows/s"
    )
    print(
        f"full import (read, validate, duplicates, commit): {full_s:.2f} s = "
        f"{rows / full_s:,.0f} rows/s (target >= 25,000)"
    )
    print(f"ratio full/floor: {full_s / floor_s:.1f}x")
    print(
        f"size check before calamine reads (exchange.limits): {limits_s:.2f} s "
        f"= {limits_s / floor_s:.2f}x the floor"
    )
    print(
        f"import CPU {cpu_s:.2f} s in {full_s:.2f} s (reading and writing threads overlap); "
        f"other processes meanwhile: {max(others_s, 0):.1f} CPU s"
    )
    print(f"peak RSS of the import process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
