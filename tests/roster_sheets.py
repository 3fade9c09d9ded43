"""Roster sheets built the way OPD clerks make them, for the import tests."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from kupang_desk.domain.nik import encode_date_part

HEADER = [
    "NO",
    "NIK",
    "NAMA LENGKAP",
    "TEMPAT LAHIR",
    "TGL LAHIR",
    "L/P",
    "JABATAN",
    "NO. HP",
    "GAJI",
]


def nik_for(born: date, sex: str, serial: int = 1, district: str = "537101") -> str:
    return f"{district}{encode_date_part(born, sex)}{serial:04d}"


def clerk_xlsx(path: Path, rows: list[list], *, header: list[str] = HEADER) -> Path:
    """Title rows (merged), a blank row, the header with NO, the rows, a blank row, JUMLAH,
    and the signature block, as typed in the office."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DAFTAR NAMA PEGAWAI TIDAK TETAP (PTT)"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["DINAS LINGKUNGAN HIDUP DAN KEBERSIHAN KOTA KUPANG TAHUN 2026"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(header))
    sheet.append([])
    sheet.append(header)  # row 4
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["JUMLAH", None, None, None, None, None, None, None, 99_000_000])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=3)
    sheet.append([])
    sheet.append([None, None, None, None, None, "Kupang, 24 November 2026"])
    sheet.append([None, None, None, None, None, "KEPALA DINAS LINGKUNGAN HIDUP"])
    sheet.append([])
    sheet.append([None, None, None, None, None, "Drs. YOHANES B. SERAN, M.Si"])
    sheet.append([None, None, None, None, None, "NIP. 196805121994031007"])
    workbook.save(path)
    return path


def clerk_csv(path: Path, rows: list[list[str]], *, encoding: str, delimiter: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["DAFTAR PTT DINAS KESEHATAN"])
        writer.writerow([])
        writer.writerow(HEADER)
        writer.writerows(rows)
        writer.writerow(["JUMLAH", "", "", "", "", "", "", "", "5800000"])
    return path
