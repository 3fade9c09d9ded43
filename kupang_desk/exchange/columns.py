"""The column tables of the sheets we read: field key, the header we write, the headers
people type. Two kinds of sheet: an OPD's roster, and the participant list BPJS sends back.

The importer finds its header row with these aliases and the roster CSV export writes the
canonical header, so an exported roster imports again without a mapping step.
Roster headers are compared after `header_key` (uppercase, punctuation dropped, single spaces).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RosterField:
    key: str  # Worker attribute (or a combined pseudo-field, see BIRTH_PLACE_DATE)
    header: str  # written by the roster export
    kind: str  # how a cell is read: text, identifier, date, sex, phone, money, flag
    aliases: tuple[str, ...] = ()
    label: str = ""  # shown in the wizard's mapping list


BIRTH_PLACE_DATE = "birth_place_date"  # "TEMPAT/TGL LAHIR": "ATAMBUA, 15-03-1985"
OPD = "opd_code"
# Not Worker fields: card numbers become memberships, the SK date joins the SK number.
JKN_CARD = "jkn_card"
KPJ_CARD = "kpj_card"
CONTRACT_DATE = "contract_date"
CARD_FIELDS = {JKN_CARD: "kesehatan", KPJ_CARD: "ketenagakerjaan"}

ROSTER_FIELDS: tuple[RosterField, ...] = (
    RosterField(
        "nik",
        "NIK",
        "identifier",
        (
            "NO NIK",
            "NOMOR NIK",
            "NOMOR INDUK KEPENDUDUKAN",
            "NO INDUK KEPENDUDUKAN",
            "NIK KTP",
            "NO KTP",
        ),
        "NIK",
    ),
    RosterField(
        "no_kk",
        "NO KK",
        "identifier",
        ("NOMOR KK", "NO KARTU KELUARGA", "NOMOR KARTU KELUARGA", "KK"),
        "No. KK",
    ),
    RosterField(
        "name",
        "NAMA",
        "text",
        ("NAMA LENGKAP", "NAMA PEGAWAI", "NAMA PTT", "NAMA TENAGA KERJA", "NAMA PESERTA"),
        "Nama",
    ),
    RosterField("birth_place", "TEMPAT LAHIR", "text", ("TEMPAT LHR",), "Tempat lahir"),
    RosterField(
        "birth_date",
        "TANGGAL LAHIR",
        "date",
        ("TGL LAHIR", "TGL LHR", "TANGGAL LHR"),
        "Tanggal lahir",
    ),
    RosterField(
        BIRTH_PLACE_DATE,
        "TEMPAT/TANGGAL LAHIR",
        "place_date",
        ("TEMPAT/TGL LAHIR", "TEMPAT TGL LAHIR", "TEMPAT TANGGAL LAHIR", "TTL"),
        "Tempat, tanggal lahir",
    ),
    RosterField(
        "sex",
        "JENIS KELAMIN",
        "sex",
        ("JK", "L/P", "LP", "KELAMIN", "JNS KELAMIN", "J/K"),
        "Jenis kelamin",
    ),
    RosterField(
        "marital_status", "STATUS KAWIN", "marital", ("STATUS PERKAWINAN",), "Status kawin"
    ),
    RosterField(
        "mother_name", "NAMA IBU KANDUNG", "text", ("IBU KANDUNG", "NAMA IBU"), "Nama ibu kandung"
    ),
    RosterField("address", "ALAMAT", "text", ("ALAMAT RUMAH", "ALAMAT LENGKAP"), "Alamat"),
    RosterField("rt", "RT", "text", (), "RT"),
    RosterField("rw", "RW", "text", (), "RW"),
    RosterField("kelurahan", "KELURAHAN", "text", ("KELURAHAN/DESA", "DESA"), "Kelurahan/desa"),
    RosterField("kecamatan", "KECAMATAN", "text", (), "Kecamatan"),
    RosterField("kode_pos", "KODE POS", "text", (), "Kode pos"),
    RosterField(
        "phone",
        "NO HP",
        "phone",
        ("NO TELP", "NO TELEPON", "NOMOR HP", "HP", "TELEPON", "NO HP/WA", "NO WA"),
        "No. HP",
    ),
    RosterField("email", "EMAIL", "text", ("E-MAIL", "ALAMAT EMAIL"), "Email"),
    RosterField("npwp", "NPWP", "identifier", ("NO NPWP",), "NPWP"),
    RosterField(
        "nip",
        "NIP",
        "identifier",
        ("NIP/NI PPPK", "NI PPPK", "NIP PPPK", "NO NIP", "NOMOR INDUK PEGAWAI"),
        "NIP / NI PPPK",
    ),
    RosterField(
        JKN_CARD,
        "NO KARTU JKN",
        "identifier",
        (
            "NO JKN",
            "NOMOR KARTU JKN",
            "NO BPJS KESEHATAN",
            "NO KARTU BPJS KESEHATAN",
            "NOMOR BPJS KESEHATAN",
            "NO KARTU BPJS",
            "NO KIS",
            "NO KARTU KIS",
            "NOKA",
        ),
        "No. kartu JKN (BPJS Kesehatan)",
    ),
    RosterField(
        KPJ_CARD,
        "NO KPJ",
        "identifier",
        (
            "NOMOR KPJ",
            "KPJ",
            "NO BPJS KETENAGAKERJAAN",
            "NO KARTU BPJS KETENAGAKERJAAN",
            "NOMOR BPJS KETENAGAKERJAAN",
        ),
        "No. KPJ (BPJS Ketenagakerjaan)",
    ),
    RosterField(OPD, "OPD", "text", ("KODE OPD", "PERANGKAT DAERAH"), "OPD"),
    RosterField("unit", "UNIT KERJA", "text", ("UNIT", "BIDANG", "PENEMPATAN"), "Unit kerja"),
    RosterField("jabatan", "JABATAN", "text", ("PEKERJAAN", "TUGAS"), "Jabatan"),
    RosterField(
        "employment_type",
        "JENIS PEGAWAI",
        "text",
        ("STATUS PEGAWAI", "JENIS TENAGA", "STATUS KEPEGAWAIAN", "JENIS KEPEGAWAIAN"),
        "Jenis pegawai",
    ),
    RosterField(
        "contract_number",
        "NO KONTRAK",
        "text",
        ("NOMOR KONTRAK", "NO SK", "NOMOR SK", "NO SK PENGANGKATAN", "NOMOR SK PENGANGKATAN"),
        "No. kontrak",
    ),
    RosterField(
        CONTRACT_DATE,
        "TANGGAL SK",
        "date",
        ("TGL SK", "TANGGAL KONTRAK", "TGL KONTRAK"),
        "Tanggal SK/kontrak",
    ),
    RosterField(
        "tmt",
        "TMT",
        "date",
        (
            "TMT KERJA",
            "TGL MULAI KERJA",
            "TANGGAL MULAI KERJA",
            "MULAI BEKERJA",
            "TGL MULAI BEKERJA",
            "TANGGAL MULAI BEKERJA",
        ),
        "TMT",
    ),
    RosterField(
        "end_date",
        "TGL BERAKHIR",
        "date",
        ("AKHIR KONTRAK", "TANGGAL AKHIR KONTRAK", "TGL AKHIR KONTRAK", "TANGGAL BERAKHIR"),
        "Akhir kontrak",
    ),
    RosterField(
        "upah",
        "UPAH",
        "money",
        (
            "GAJI",
            "UPAH/GAJI",
            "GAJI POKOK",
            "HONOR",
            "HONORARIUM",
            "UPAH PER BULAN",
            "GAJI/UPAH",
            "HONOR/UPAH",
        ),
        "Upah",
    ),
    RosterField("priority", "PRIORITAS", "flag", (), "Prioritas"),
    RosterField("priority_reason", "ALASAN PRIORITAS", "text", (), "Alasan prioritas"),
    RosterField("status", "STATUS", "status", ("STATUS AKTIF",), "Status"),
    RosterField("status_reason", "ALASAN STATUS", "text", ("KETERANGAN STATUS",), "Alasan status"),
    RosterField("status_date", "TGL STATUS", "date", (), "Tanggal status"),
)

FIELDS_BY_KEY = {f.key: f for f in ROSTER_FIELDS}
REQUIRED_FOR_DETECTION = {"nik", "name"}

_NON_WORD = re.compile(r"[^0-9A-Z/]+")


_UNIT = re.compile(r"\bRP\b")  # "GAJI / UPAH (Rp)": the unit is not part of the name


def header_key(text: object) -> str:
    """'No. NIK ' -> 'NO NIK'; 'Tgl.Lahir' -> 'TGL LAHIR'; 'L / P' -> 'L/P';
    'GAJI / UPAH (Rp)' -> 'GAJI/UPAH'."""
    key = _UNIT.sub(" ", _NON_WORD.sub(" ", str(text).upper()))
    return re.sub(r"\s*/\s*", "/", " ".join(key.split())).strip("/ ")


ALIASES: dict[str, str] = {
    header_key(alias): f.key for f in ROSTER_FIELDS for alias in (f.header, *f.aliases)
}


# Only in a second header row under a merged cell: "TEMPAT/TGL LAHIR" over "TEMPAT" | "TGL".
SUBHEADER_ALIASES: dict[str, str] = {
    "TEMPAT": "birth_place",
    "TGL": "birth_date",
    "TANGGAL": "birth_date",
    "TGL/BLN/THN": "birth_date",
    "TGL LAHIR": "birth_date",
    "TANGGAL LAHIR": "birth_date",
    "TEMPAT LAHIR": "birth_place",
}


def field_for_header(text: object) -> str | None:
    return ALIASES.get(header_key(text))


@dataclass(frozen=True)
class SheetColumns:
    """One kind of sheet for exchange.reading: its columns and how its header row is known."""

    fields: tuple[RosterField, ...]
    key: Callable[[object], str]  # header text -> the form the aliases are written in
    is_header: Callable[[set[str]], bool]  # fields found on a row -> is it the header row?
    identity: tuple[str, ...]  # a row with one of these filled is data, even among footers
    missing_header: str  # the clerk's hint when no header row is found
    subheaders: dict[str, str] = field(default_factory=dict)
    # Derived from the above in __post_init__.
    _aliases: dict[str, str] = field(init=False, repr=False, compare=False)
    _unspaced: dict[str, str] = field(init=False, repr=False, compare=False)
    by_key: dict[str, RosterField] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        aliases = {self.key(a): f.key for f in self.fields for a in (f.header, *f.aliases)}
        # "N I K", "N.I.K", "NO.HP": letters spaced out or run together
        spaced: dict[str, str] = {}
        for alias, key in aliases.items():
            spaced.setdefault(alias.replace(" ", ""), key)
        object.__setattr__(self, "_aliases", aliases)
        object.__setattr__(self, "_unspaced", spaced)
        object.__setattr__(self, "by_key", {f.key: f for f in self.fields})

    def field_for(self, text: object) -> str | None:
        key = self.key(text)
        found = self._aliases.get(key)
        return found if found is not None else self._unspaced.get(key.replace(" ", ""))


ROSTER = SheetColumns(
    ROSTER_FIELDS,
    header_key,
    lambda found: found >= REQUIRED_FOR_DETECTION,
    ("nik",),
    "Pastikan ada kolom NIK dan NAMA, atau buka berkas di jendela Impor (Ctrl+I) lalu pilih "
    "baris judul dan isi tiap kolom sendiri.",
    SUBHEADER_ALIASES,
)


def compact_key(text: object) -> str:
    """'No. Kartu' -> 'NOKARTU': BPJS files write the same header with or without spaces."""
    return re.sub(r"[^0-9A-Z]", "", str(text).upper())


# The list BPJS sends back: a title block, then "No Kartu"/"NOKA"/"No. KPJ", "NIK", "Nama
# Peserta", "Tgl Lahir", "Status" in some order; NIK or name may be missing entirely.
BPJS_LIST = SheetColumns(
    (
        RosterField(
            "card_number",
            "NO KARTU",
            "card",
            (
                "NOMOR KARTU",
                "NO KARTU BPJS",
                "NO KARTU BPJS KESEHATAN",
                "NO KARTU JKN",
                "NO JKN",
                "NOKA",
                "NO KPJ",
                "NOMOR KPJ",
                "KPJ",
                "NOMOR PESERTA",
                "NO PESERTA",
            ),
        ),
        RosterField(
            "nik",
            "NIK",
            "identifier",
            ("NO KTP", "NOMOR INDUK", "NIK/KITAS/KITAP", "NOMOR INDUK KEPENDUDUKAN"),
        ),
        RosterField("name", "NAMA", "text", ("NAMA PESERTA", "NAMA LENGKAP", "NAMA TENAGA KERJA")),
        RosterField("birth_date", "TGL LAHIR", "date", ("TANGGAL LAHIR", "TGL LHR")),
        RosterField("status", "STATUS", "text", ("STATUS PESERTA", "STATUS KEPESERTAAN")),
    ),
    compact_key,
    lambda found: len(found) >= 2 and bool({"card_number", "nik", "name"} & found),
    ("nik", "card_number"),
    "Perlu kolom No Kartu/KPJ, NIK dan/atau Nama, Tgl Lahir.",
)


# The OPD list the centre keeps (issue 10): KODE, NAMA OPD, SINGKATAN, the head's name/NIP.
OPD_LIST = SheetColumns(
    (
        RosterField(
            "code", "KODE", "text", ("KODE OPD", "KODE SKPD", "KODE UNIT", "KODE UNIT KERJA")
        ),
        RosterField(
            "name",
            "NAMA OPD",
            "text",
            (
                "OPD",
                "UNIT KERJA",
                "NAMA UNIT KERJA",
                "SKPD",
                "NAMA SKPD",
                "PERANGKAT DAERAH",
                "NAMA PERANGKAT DAERAH",
                "NAMA DINAS",
            ),
        ),
        RosterField("short_name", "SINGKATAN", "text", ("NAMA SINGKAT", "AKRONIM")),
        RosterField(
            "head_name",
            "NAMA KEPALA",
            "text",
            ("KEPALA", "PIMPINAN", "NAMA PIMPINAN", "KEPALA OPD", "NAMA KEPALA OPD"),
        ),
        RosterField("head_nip", "NIP", "identifier", ("NIP KEPALA", "NIP PIMPINAN")),
        RosterField("head_title", "JABATAN", "text", ("JABATAN KEPALA", "JABATAN PIMPINAN")),
        RosterField("head_pangkat", "PANGKAT", "text", ("PANGKAT/GOLONGAN", "GOLONGAN")),
        RosterField("address", "ALAMAT", "text", ("ALAMAT KANTOR",)),
        RosterField("npp", "NPP", "text", ("NPP BPJS", "NPP BPJS TK", "NPP BPJS KETENAGAKERJAAN")),
        RosterField("jkk_class", "KELAS RISIKO JKK", "text", ("KELAS JKK", "KELAS RISIKO")),
    ),
    header_key,
    lambda found: {"code", "name"} <= found,
    ("code",),
    "Pastikan ada kolom KODE dan NAMA OPD (atau UNIT KERJA / SKPD / PERANGKAT DAERAH).",
)
