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


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
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
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


# Hostile files, written part by part so that they stay small on disk whatever they claim.
_XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"'
    "/></Types>"
)
_XLSX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_XLSX_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="PTT" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_XLSX_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
HEADER_ROW_XML = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>NIK</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>NAMA</t></is></c></row>'
)


def raw_xlsx(path: Path, rows_xml, *, dimension: str = "", shared_strings=()) -> Path:
    """An xlsx whose sheet XML is `rows_xml` (str or an iterable of str chunks), streamed
    into the zip so that a part of many megabytes never sits in memory."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _XLSX_TYPES)
        archive.writestr("_rels/.rels", _XLSX_RELS)
        archive.writestr("xl/workbook.xml", _XLSX_WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _XLSX_WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for chunk in [rows_xml] if isinstance(rows_xml, str) else rows_xml:
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main">'
            )
            for chunk in shared_strings:
                strings.write(chunk.encode())
            strings.write(b"</sst>")
    return path


def raw_ods(path: Path, table_xml: str) -> Path:
    """An ods whose first table is `table_xml` (rows as LibreOffice writes them)."""
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="PTT">'
        f"{table_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path
