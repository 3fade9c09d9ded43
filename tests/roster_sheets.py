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


def _ods_cell(value) -> str:
    from xml.sax.saxutils import escape

    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d-%m-%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


def clerk_ods(path: Path, rows: list[list]) -> Path:
    """A minimal OpenDocument spreadsheet as LibreOffice Calc saves it (no odfpy here)."""
    import zipfile

    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
        for row in [["DAFTAR PTT"], [], HEADER, *rows]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="PTT">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path
