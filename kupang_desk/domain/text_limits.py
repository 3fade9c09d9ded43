"""The longest text each field may hold: one table for the form, the importer and the merge.

Chosen so that no value can break a row of a PDF (a 3,000-character name made the whole
OPD's daftar fail: a table cell taller than the page) and every value fits the BPJS forms:
names as long as the KTP prints them, identifiers at their own length (their rules say
more), free text that still fits a few lines of a narrow column. Lengths are counted after
normalisation (trimmed, single-spaced).
"""

from __future__ import annotations

from operator import gt, itemgetter

from kupang_desk.domain.formatting import ribuan
from kupang_desk.domain.issues import Issue, error

NAME = 100  # KTP/SIAK names are far shorter; BPJS forms take 100
PLACE = 60
TEXT = 100  # jabatan, unit, kelurahan, a faskes name
LONG_TEXT = 200  # address, reasons
# Identifiers and codes have their own rules with a better message for a digit too many
# or a wrong code; their limit only stops an absurd value before those rules quote it.
CODE = 40
# The kop's address: up to three lines (street; telepon/e-mail/kode pos; …), each no longer
# than a line of the kop's small print on A4 portrait.
ADDRESS_LINES = 3
ADDRESS_LINE = TEXT

MAX_LENGTHS: dict[str, dict[str, int]] = {
    "worker": {
        "nik": CODE,
        "no_kk": CODE,
        "nip": CODE,
        "name": NAME,
        "birth_place": PLACE,
        "sex": CODE,
        "opd_code": 20,
        "marital_status": CODE,
        "mother_name": NAME,
        "address": LONG_TEXT,
        "rt": 5,
        "rw": 5,
        "kelurahan": PLACE,
        "kecamatan": PLACE,
        "kode_pos": 10,
        "phone": CODE,
        "email": TEXT,
        "npwp": CODE,
        "unit": TEXT,
        "jabatan": TEXT,
        "employment_type": CODE,
        "contract_number": PLACE,
        "priority_reason": LONG_TEXT,
        "status": CODE,
        "status_reason": LONG_TEXT,
        "nik_mismatch_reason": LONG_TEXT,
    },
    "family_member": {
        "nik": CODE,
        "name": NAME,
        "birth_place": PLACE,
        "relation": CODE,
        "sex": CODE,
        "nik_mismatch_reason": LONG_TEXT,
    },
    "membership": {
        "card_number": CODE,
        "kelas_rawat": CODE,
        "faskes_code": CODE,
        "faskes_name": TEXT,
        "tk_programs": CODE,
        "rejected_reason": LONG_TEXT,
    },
    "opd": {
        "code": 20,
        "name": 150,
        "short_name": 30,
        "head_name": NAME,
        "head_nip": CODE,
        "head_title": TEXT,
        "head_pangkat": TEXT,
        "npp": CODE,
        # checked line by line (address_issues); this only stops an absurd value
        "address": ADDRESS_LINES * (ADDRESS_LINE + 1),
    },
}

LABELS = {
    "nik": "NIK",
    "no_kk": "No. KK",
    "nip": "NIP",
    "name": "Nama",
    "birth_place": "Tempat lahir",
    "sex": "Jenis kelamin",
    "opd_code": "OPD",
    "code": "Kode OPD",
    "marital_status": "Status kawin",
    "mother_name": "Nama ibu kandung",
    "address": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "kelurahan": "Kelurahan/desa",
    "kecamatan": "Kecamatan",
    "kode_pos": "Kode pos",
    "phone": "No. HP",
    "email": "Email",
    "npwp": "NPWP",
    "unit": "Unit kerja",
    "jabatan": "Jabatan",
    "employment_type": "Jenis pegawai",
    "contract_number": "No. kontrak/SK",
    "priority_reason": "Alasan prioritas",
    "status": "Status",
    "status_reason": "Alasan status",
    "nik_mismatch_reason": "Alasan NIK berbeda",
    "relation": "Hubungan keluarga",
    "card_number": "No. kartu",
    "kelas_rawat": "Kelas rawat",
    "faskes_code": "Kode faskes",
    "faskes_name": "Nama faskes",
    "tk_programs": "Program",
    "rejected_reason": "Alasan ditolak",
    "short_name": "Singkatan",
    "head_name": "Nama kepala",
    "head_nip": "NIP kepala",
    "head_title": "Jabatan kepala",
    "head_pangkat": "Pangkat kepala",
    "npp": "NPP",
}

_LIMITS = {entity: tuple(table.items()) for entity, table in MAX_LENGTHS.items()}
# The importer asks for every row: all fields at once, without a Python loop.
_QUICK = {
    entity: (itemgetter(*table), tuple(table.values())) for entity, table in MAX_LENGTHS.items()
}


def length_issues(entity: str, values: dict) -> list[Issue]:
    """An error for each text field of `values` (a record's fields by name) over its limit.
    The value is not quoted in the message (it is long)."""
    fields, limits = _QUICK[entity]
    try:
        if not any(map(gt, map(len, fields(values)), limits)):
            return []
    except (KeyError, TypeError):
        pass  # a field missing or not text (bundle content, an unchecked record)
    issues = []
    for name, limit in _LIMITS[entity]:
        value = values.get(name)
        if isinstance(value, str) and len(value) > limit:
            issues.append(too_long(name, len(value), limit, value))
    return issues


def clipped(entity: str, values: dict) -> dict:
    """The over-long fields cut to their limit: the other rules still run on the record
    (every problem is named at once) without quoting thousands of characters."""
    return {
        name: values[name][:limit]
        for name, limit in _LIMITS[entity]
        if isinstance(values.get(name), str) and len(values[name]) > limit
    }


def too_long(name: str, length: int, limit: int, value: str = "") -> Issue:
    start = " ".join(value[:30].split())
    shown = f" ('{start}…')" if start else ""
    return error(
        name,
        f"{LABELS.get(name, name)}{shown}: {ribuan(length)} karakter, paling banyak {limit}. "
        "Persingkat isinya (keterangan panjang tulis di catatan, bukan di kolom ini).",
        "text.too_long",
    )


def split_address(raw: str) -> list[str]:
    """A kop address as typed: one line per real line break, literal backslash-n (a shell
    argument) or '|' (a table cell or spreadsheet cell); each line trimmed and
    single-spaced, blank lines dropped."""
    text = raw.replace("\\n", "\n").replace("|", "\n")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def address_issues(lines: list[str], field: str = "address") -> list[Issue]:
    """Too many lines, or a line longer than the kop can print on one line."""
    issues = []
    if len(lines) > ADDRESS_LINES:
        issues.append(
            error(
                field,
                f"{len(lines)} baris alamat, paling banyak {ADDRESS_LINES} (mis. jalan; "
                "telepon/email/kode pos). Gabungkan sebagian baris.",
                "address.lines",
            )
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > ADDRESS_LINE:
            start = line[:30]
            issues.append(
                error(
                    field,
                    f"baris alamat ke-{number} ('{start}…'): {len(line)} karakter, paling "
                    f"banyak {ADDRESS_LINE}. Pecah menjadi dua baris atau persingkat.",
                    "address.line_length",
                )
            )
    return issues
