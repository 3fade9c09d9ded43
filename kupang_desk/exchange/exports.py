"""The BPJS upload files and the roster CSV, each driven by ONE column-spec table.

BPJS changes its templates: a column is a header, the key of the participant row it reads
and, where BPJS wants codes, the code table. Participant rows are plain dicts assembled by
services/ (keys below); nothing here knows where they come from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.domain.settings import KES_DATE_FORMATS
from kupang_desk.exchange.columns import (
    BIRTH_PLACE_DATE,
    CARD_FIELDS,
    CONTRACT_DATE,
    ROSTER_FIELDS,
)
from kupang_desk.exchange.writing import write_csv, write_table

TEXT, DATE, MONEY, PHONE, NUMBER = "text", "date", "money", "phone", "number"
DEFAULT = "*"  # code used when a value is not in the table

# Kode HubKel / PISA of the "Form Mutasi Data Peserta".
HUBKEL = {"peserta": "1", "suami": "2", "istri": "3", "anak": "4", "tambahan": "5"}
SEX_CODES = {"L": "1", "P": "2"}
# Status kawin, current code set (0 TD, 1 B, 2 K, 3 C). An older template numbers them
# 1 kawin / 2 belum kawin / 3 cerai: swap this table when BPJS sends that one.
MARITAL_CODES = {"TK": "1", "K": "2", "CH": "3", "CM": "3", DEFAULT: "0"}
EMPLOYMENT_CODES = {"PPPK Paruh Waktu": "3", DEFAULT: "2"}  # 1 tetap, 2 kontrak, 3 paruh waktu
CITIZENSHIP = {"WNI": "1", "WNA": "2", DEFAULT: "1"}
# Jenis mutasi: a new participant; one who already holds a card from elsewhere (PBI or
# mandiri) moving to this employer; a change of data; one who leaves (worker nonaktif).
# Check the codes against the KC's own template: like MARITAL_CODES, one table to edit.
TAMBAH, PERALIHAN, UBAH, KELUAR = "tambah", "peralihan", "ubah", "keluar"
JENIS_MUTASI = {TAMBAH: "1", UBAH: "2", KELUAR: "3", PERALIHAN: "4", DEFAULT: "1"}
# The date format of the Form Mutasi is the setting bpjs_kes.format_tanggal (domain.settings).
DATE_FORMATS = KES_DATE_FORMATS
DEFAULT_DATE_FORMAT = "dd/mm/yyyy"
YES_NO = {True: "Y", False: "T"}


@dataclass(frozen=True)
class ExportColumn:
    header: str
    source: str  # key of the participant row
    codes: Mapping | None = None
    kind: str = TEXT
    width: int = 14


KESEHATAN_COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("No", "no", kind=NUMBER, width=5),
    ExportColumn("No Kartu BPJS Kesehatan", "card_number", width=16),
    ExportColumn("Jenis Mutasi", "mutasi", JENIS_MUTASI, width=8),
    ExportColumn("Tgl Aktif Berlaku Mutasi", "mutasi_date", kind=DATE, width=12),
    ExportColumn("No KK", "no_kk", width=18),
    ExportColumn("NIK/KITAS/KITAP", "nik", width=18),
    ExportColumn("Nama Lengkap", "name", width=28),
    ExportColumn("PISA / Kode HubKel", "relation", HUBKEL, width=8),
    ExportColumn("Tempat Lahir", "birth_place"),
    ExportColumn("Tgl Lahir ({format})", "birth_date", kind=DATE, width=12),
    ExportColumn("Jenis Kelamin", "sex", SEX_CODES, width=8),
    ExportColumn("Status Kawin", "marital_status", MARITAL_CODES, width=8),
    ExportColumn("Alamat", "address", width=28),
    ExportColumn("RT", "rt", width=5),
    ExportColumn("RW", "rw", width=5),
    ExportColumn("Kode Pos", "kode_pos", width=8),
    ExportColumn("Kode Kecamatan", "kecamatan_code", width=10),
    ExportColumn("Nama Kecamatan", "kecamatan"),
    ExportColumn("Kode Desa", "desa_code", width=10),
    ExportColumn("Nama Desa", "kelurahan"),
    ExportColumn("Kode Faskes Tk.I", "faskes_code", width=10),
    ExportColumn("Nama Faskes Tk.I", "faskes_name", width=20),
    ExportColumn("Kode Faskes Dokter Gigi", "faskes_gigi_code", width=10),
    ExportColumn("Nama Faskes Dokter Gigi", "faskes_gigi_name", width=20),
    ExportColumn("No Telepon", "phone", kind=PHONE),
    ExportColumn("Email", "email", width=20),
    ExportColumn("NIP", "nip", width=20),
    ExportColumn("Jabatan", "jabatan", width=24),
    ExportColumn("Status", "employment_type", EMPLOYMENT_CODES, width=8),
    ExportColumn("Kelas Rawat", "kelas_rawat", width=8),
    ExportColumn("TMT Kerja", "tmt", kind=DATE, width=12),
    ExportColumn("Gaji Pokok + Tunj. Tetap", "upah", kind=MONEY),
    ExportColumn("Kewarganegaraan", "citizenship", CITIZENSHIP, width=8),
    ExportColumn("No Kartu Asuransi", "insurance_number"),
    ExportColumn("Nama Asuransi", "insurance_name"),
    ExportColumn("No NPWP", "npwp", width=18),
    ExportColumn("No Passport", "passport"),
)

# Header block above the Kesehatan table: (label, settings key). Values are pemda settings.
KESEHATAN_HEADER_FIELDS = (
    ("Jenis Peserta", "jenis_peserta"),
    ("Nama Instansi/Badan/Perusahaan", "nama_instansi"),
    ("Kode Virtual Account", "kode_va"),
    ("Bank", "bank"),
    ("Tanggal Registrasi", "tanggal_registrasi"),
    ("Nomor PKS", "nomor_pks"),
    ("Kode PKS", "kode_pks"),
    ("Masa Berlaku", "masa_berlaku"),
    ("Kode Tanggungan", "kode_tanggungan"),
    ("Kode KC", "kode_kc"),
    ("Kode Dati2", "kode_dati2"),
)

KETENAGAKERJAAN_COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("NIK", "nik", width=18),
    ExportColumn("No KPJ", "card_number", width=13),
    ExportColumn("Nama", "name", width=28),
    ExportColumn("Tempat Lahir", "birth_place"),
    ExportColumn("Tgl Lahir", "birth_date", kind=DATE, width=12),
    ExportColumn("Jenis Kelamin", "sex", width=8),
    ExportColumn("Status Kawin", "marital_status", width=8),
    ExportColumn("Alamat", "address", width=28),
    ExportColumn("Kelurahan", "kelurahan"),
    ExportColumn("Kecamatan", "kecamatan"),
    ExportColumn("Kota", "city"),
    ExportColumn("Provinsi", "province", width=20),
    ExportColumn("Kode Pos", "kode_pos", width=8),
    ExportColumn("No HP", "phone", kind=PHONE),
    ExportColumn("Email", "email", width=20),
    ExportColumn("Nama Ibu Kandung", "mother_name", width=24),
    ExportColumn("Tgl Mulai Bekerja", "tmt", kind=DATE, width=12),
    ExportColumn("Upah", "upah", kind=MONEY),
    ExportColumn("JHT", "jht", YES_NO, width=5),
    ExportColumn("JKK", "jkk", YES_NO, width=5),
    ExportColumn("JKM", "jkm", YES_NO, width=5),
    ExportColumn("JP", "jp", YES_NO, width=5),
    ExportColumn("NPP", "npp", width=12),
)


# Only in the mutasi keluar file, after the template's 37 columns.
KELUAR_REASON = ExportColumn("Keterangan (alasan keluar)", "reason", width=30)


def cell_value(column: ExportColumn, row: Mapping, date_format: str = "%d/%m/%Y") -> object:
    value = row.get(column.source)
    if column.codes is not None:
        return column.codes.get(value, column.codes.get(DEFAULT, "" if value is None else value))
    if value is None or value == "":
        return ""
    if column.kind == DATE:
        return value.strftime(date_format) if isinstance(value, date) else str(value)
    if column.kind in (MONEY, NUMBER):
        return int(value)
    if column.kind == PHONE:
        return "0" + value[3:] if str(value).startswith("+62") else str(value)
    return str(value)


def _rows(
    columns: tuple[ExportColumn, ...], rows: Iterable[Mapping], date_format: str = "%d/%m/%Y"
) -> Iterator[list]:
    for row in rows:
        yield [cell_value(column, row, date_format) for column in columns]


def write_kesehatan(
    out: Path,
    header: Mapping[str, str],
    rows: Iterable[Mapping],
    *,
    date_format: str = DEFAULT_DATE_FORMAT,
    keluar: bool = False,
) -> int:
    """BPJS Kesehatan "Form Mutasi Data Peserta": worker row, then the family's rows, under
    the template's header and its row of column numbers (1..37). `keluar`: the mutasi keluar
    file, with the reason in a column after the 37."""
    columns = KESEHATAN_COLUMNS + ((KELUAR_REASON,) if keluar else ())
    return write_table(
        out,
        sheet_name="Form Mutasi",
        title_rows=[["FORM MUTASI DATA PESERTA"]]
        + [[label, header.get(key, "")] for label, key in KESEHATAN_HEADER_FIELDS],
        headers=[c.header.format(format=date_format) for c in columns],
        rows=_rows(columns, rows, DATE_FORMATS[date_format]),
        widths=[c.width for c in columns],
        column_numbers=True,
    )


def write_ketenagakerjaan(out: Path, rows: Iterable[Mapping]) -> int:
    return write_table(
        out,
        sheet_name="Tenaga Kerja",
        title_rows=[],
        headers=[c.header for c in KETENAGAKERJAAN_COLUMNS],
        rows=_rows(KETENAGAKERJAAN_COLUMNS, rows),
        widths=[c.width for c in KETENAGAKERJAAN_COLUMNS],
    )


# One column per Worker field: the pseudo-fields of the import are not written.
ROSTER_CSV_FIELDS = [
    f for f in ROSTER_FIELDS if f.key not in {BIRTH_PLACE_DATE, CONTRACT_DATE, *CARD_FIELDS}
]


def _roster_text(kind: str, value: object) -> str:
    if value is None:
        return ""
    if kind == "date":
        return tanggal_pendek(value) if isinstance(value, date) else str(value)
    if kind == "flag":
        return "YA" if value else "TIDAK"
    if kind == "status":
        return str(value).upper()
    return str(value)


def write_roster_csv(out: Path, workers: Iterable[object]) -> int:
    """The roster as it is, one column per ROSTER_FIELDS entry (re-importable as is)."""
    return write_csv(
        out,
        [f.header for f in ROSTER_CSV_FIELDS],
        (
            [_roster_text(f.kind, getattr(worker, f.key)) for f in ROSTER_CSV_FIELDS]
            for worker in workers
        ),
    )
