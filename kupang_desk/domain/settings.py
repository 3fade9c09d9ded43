"""The pemda's settings: one typed model for everything the kop, the signatures, the
contributions and the BPJS export headers read.

Each field names its key in the settings table (`pemda.name`, `bpjs_kes.nomor_pks` …), its
Indonesian label and its kind; `parse_setting` is the one check for a typed value, used by
the CLI, the set-up wizard and the Pengaturan Pemda dialog. A new database starts blank:
a real pemda's values (the demo's) live in domain/defaults.py only.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from kupang_desk.domain import wilayah
from kupang_desk.domain.dates import DateTextError, parse_tanggal
from kupang_desk.domain.defaults import EMPLOYMENT_TYPE_PROGRAMS, NON_ASN_PROGRAMS
from kupang_desk.domain.formatting import ribuan, tanggal_pendek
from kupang_desk.domain.identifiers import check_nip, check_npp, digits_only, normalize_npp
from kupang_desk.domain.iuran import ROMAN
from kupang_desk.domain.text_limits import address_issues, split_address

LEVELS = ("kota", "kabupaten", "provinsi")
# The set-up wizard's pages in order (setup.step remembers the one reached); SETUP_DONE once
# it is finished. "selesai" is accepted for it.
SETUP_STEPS = ("pemda", "kop", "signer", "bpjs", "floor", "opd")
SETUP_DONE = "done"
LEVEL_LABEL = {"kota": "Kota", "kabupaten": "Kabupaten", "provinsi": "Provinsi"}
LOGO_MAX_BYTES = 2_000_000
# The dates of the Form Mutasi (bpjs_kes.format_tanggal): most KC templates say dd/mm/yyyy,
# some mm/dd/yyyy. Format text -> strftime pattern (exchange.exports writes with it).
KES_DATE_FORMATS = {"dd/mm/yyyy": "%d/%m/%Y", "mm/dd/yyyy": "%m/%d/%Y"}
_PNG, _JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"
# What an employment type can be enrolled in (settings program.<jenis>): JKN as PPU, BPJS
# Ketenagakerjaan, or JKK/JKM of ASN through Taspen. The defaults and their sources are in
# domain/defaults.py.
TYPE_PROGRAMS = {
    "kesehatan": "BPJS Kesehatan (JKN PPU)",
    "ketenagakerjaan": "BPJS Ketenagakerjaan",
    "taspen": "Taspen (JKK/JKM ASN)",
}
_PROGRAM_WORDS = {"jkn": "kesehatan", "kes": "kesehatan", "tk": "ketenagakerjaan"}


class SettingError(ValueError):
    """A setting value that cannot be right; `str()` names the key and how to fix it."""


def _setting(key: str, label: str, kind: str = "text", default: object = "") -> Any:
    # Any: it stands where the field's value is declared (str, bytes or bool).
    return field(default=default, metadata={"key": key, "label": label, "kind": kind})


@dataclass(frozen=True)
class PemdaSettings:
    name: str = _setting("pemda.name", "Nama pemda (baris pertama kop)")
    level: str = _setting("pemda.level", "Tingkat pemda (kota/kabupaten/provinsi)", "level")
    region_code: str = _setting(
        "pemda.region_code", "Kode wilayah Kemendagri (provinsi 2 angka, kab/kota 4)", "region"
    )
    place: str = _setting("pemda.place", "Tempat pada baris tanggal tanda tangan")
    address: str = _setting(
        "pemda.address", "Alamat pada kop (sampai 3 baris; pisahkan dengan | atau \\n)", "address"
    )
    logo: bytes = _setting("pemda.logo", "Logo kop (berkas PNG/JPG)", "image", b"")
    kelas_enabled: bool = _setting(
        "pemda.kelas_enabled", "Kelas rawat dipakai (0 bila KRIS berlaku)", "bool", True
    )
    jht_enrolled: bool = _setting("pemda.jht_enrolled", "Ikut JHT (1/0)", "bool", False)
    jp_enrolled: bool = _setting("pemda.jp_enrolled", "Ikut JP (1/0)", "bool", False)
    rekap_signer_title: str = _setting("rekap.signer_title", "Jabatan penandatangan rekap")
    rekap_signer_name: str = _setting("rekap.signer_name", "Nama penandatangan rekap")
    rekap_signer_nip: str = _setting("rekap.signer_nip", "NIP penandatangan rekap", "nip")
    kes_jenis_peserta: str = _setting(
        "bpjs_kes.jenis_peserta", "BPJS Kesehatan: jenis peserta", default="PPU Pemerintah Daerah"
    )
    kes_nama_instansi: str = _setting(
        "bpjs_kes.nama_instansi", "BPJS Kesehatan: nama instansi (kosong = nama pemda)"
    )
    kes_kode_va: str = _setting(
        "bpjs_kes.kode_va", "BPJS Kesehatan: kode badan usaha / virtual account"
    )
    kes_bank: str = _setting("bpjs_kes.bank", "BPJS Kesehatan: bank")
    kes_tanggal_registrasi: str = _setting(
        "bpjs_kes.tanggal_registrasi", "BPJS Kesehatan: tanggal registrasi (hh-bb-tttt)", "date"
    )
    kes_nomor_pks: str = _setting("bpjs_kes.nomor_pks", "BPJS Kesehatan: nomor PKS")
    kes_kode_pks: str = _setting("bpjs_kes.kode_pks", "BPJS Kesehatan: kode PKS")
    kes_masa_berlaku: str = _setting("bpjs_kes.masa_berlaku", "BPJS Kesehatan: masa berlaku PKS")
    kes_kode_tanggungan: str = _setting(
        "bpjs_kes.kode_tanggungan", "BPJS Kesehatan: kode tanggungan"
    )
    kes_kode_kc: str = _setting("bpjs_kes.kode_kc", "BPJS Kesehatan: kode kantor cabang")
    kes_kode_dati2: str = _setting(
        "bpjs_kes.kode_dati2", "BPJS Kesehatan: kode Dati II (kosong = kode wilayah)"
    )
    kes_format_tanggal: str = _setting(
        "bpjs_kes.format_tanggal",
        "BPJS Kesehatan: format tanggal Form Mutasi (dd/mm/yyyy atau mm/dd/yyyy)",
        "date_format",
        "dd/mm/yyyy",
    )
    tk_npp: str = _setting(
        "bpjs_tk.npp", "BPJS Ketenagakerjaan: NPP pemda (OPD tanpa NPP; angka saja)", "npp"
    )
    programs_ptt: tuple[str, ...] = _setting(
        "program.ptt", "Program pegawai PTT", "programs", EMPLOYMENT_TYPE_PROGRAMS["PTT"]
    )
    programs_thl: tuple[str, ...] = _setting(
        "program.thl", "Program pegawai THL", "programs", EMPLOYMENT_TYPE_PROGRAMS["THL"]
    )
    programs_ppnpn: tuple[str, ...] = _setting(
        "program.ppnpn", "Program pegawai PPNPN", "programs", EMPLOYMENT_TYPE_PROGRAMS["PPNPN"]
    )
    programs_kontrak_perorangan: tuple[str, ...] = _setting(
        "program.kontrak_perorangan",
        "Program pegawai Kontrak Perorangan",
        "programs",
        EMPLOYMENT_TYPE_PROGRAMS["Kontrak Perorangan"],
    )
    programs_pppk: tuple[str, ...] = _setting(
        "program.pppk", "Program pegawai PPPK", "programs", EMPLOYMENT_TYPE_PROGRAMS["PPPK"]
    )
    programs_pppk_paruh_waktu: tuple[str, ...] = _setting(
        "program.pppk_paruh_waktu",
        "Program pegawai PPPK Paruh Waktu",
        "programs",
        EMPLOYMENT_TYPE_PROGRAMS["PPPK Paruh Waktu"],
    )
    setup_step: str = _setting(
        "setup.step", "Langkah wizard penyiapan (pemda … opd, atau selesai)", "step"
    )

    def default_tk_programs(self) -> tuple[str, ...]:
        return (
            ("JKK", "JKM")
            + (("JHT",) if self.jht_enrolled else ())
            + (("JP",) if self.jp_enrolled else ())
        )

    def programs_of(self, employment_type: str) -> tuple[str, ...]:
        """The programs of one employment type (program.<jenis>); a type the settings do
        not know (an old record) counts as non-ASN."""
        key = program_key(employment_type)
        if key not in SETTING_FIELDS:
            return NON_ASN_PROGRAMS
        return getattr(self, SETTING_FIELDS[key].name)

    def enrolled(self, employment_type: str, program: str) -> bool:
        """Whether workers of this type are listed and exported for `program`."""
        return program in self.programs_of(employment_type)

    @property
    def province_name(self) -> str:
        return wilayah.province_name(self.region_code[:2]) or ""

    @property
    def regency_name(self) -> str:
        """ "KABUPATEN BELU" for a kota/kabupaten; "" for a province."""
        return wilayah.regency_name(self.region_code) or "" if len(self.region_code) == 4 else ""

    def kesehatan_header(self) -> dict[str, str]:
        """The header block of the Form Mutasi Data Peserta (keys as exchange/ reads them)."""
        header = {
            f.metadata["key"].removeprefix("bpjs_kes."): getattr(self, f.name)
            for f in fields(self)
            if f.metadata["key"].startswith("bpjs_kes.")
        }
        header["nama_instansi"] = header["nama_instansi"] or self.name
        header["kode_dati2"] = header["kode_dati2"] or self.region_code
        return header


SETTING_FIELDS = {f.metadata["key"]: f for f in fields(PemdaSettings)}
SETTING_KEYS = tuple(SETTING_FIELDS)


def program_key(employment_type: str) -> str:
    """ "PPPK Paruh Waktu" -> "program.pppk_paruh_waktu": the setting of that type."""
    return "program." + "_".join(employment_type.lower().split())


def not_enrolled_note(settings: PemdaSettings, program: str, left_out: dict[str, int]) -> str:
    """ "2 pegawai PPPK tidak dicantumkan: JKK/JKM melalui Taspen" — the workers a list of
    one program leaves out because their employment type is not enrolled in it."""
    notes = []
    for employment_type, count in left_out.items():
        if not count:
            continue
        if program == "ketenagakerjaan" and "taspen" in settings.programs_of(employment_type):
            why = "JKK/JKM melalui Taspen"
        else:
            why = f"tidak diikutkan menurut pengaturan {program_key(employment_type)}"
        notes.append(f"{ribuan(count)} pegawai {employment_type} tidak dicantumkan: {why}")
    return "; ".join(notes)


def pemda_name(level: str, region_code: str) -> str:
    """ "Pemerintah Kabupaten Belu", "Pemerintah Provinsi Daerah Khusus Ibukota Jakarta"."""
    if level == "provinsi":
        name = wilayah.province_name(region_code[:2]) or ""
        name = {"DKI JAKARTA": "DAERAH KHUSUS IBUKOTA JAKARTA"}.get(name, name)
        return f"Pemerintah Provinsi {name.title()}"
    name = wilayah.regency_name(region_code) or ""
    for prefix in ("KABUPATEN ADMINISTRASI ", "KOTA ADMINISTRASI ", "KABUPATEN ", "KOTA "):
        name = name.removeprefix(prefix)
    return f"Pemerintah {LEVEL_LABEL.get(level, '')} {name.title()}".replace("  ", " ")


def level_of_region(code: str) -> str:
    """The level a region code stands for: 2 digits a provinsi; 4 digits a kota when its
    Kemendagri name starts with KOTA (KOTA ADMINISTRASI too), else a kabupaten."""
    if len(code) == 2:
        return "provinsi" if wilayah.province_name(code) else ""
    name = wilayah.regency_name(code) if len(code) == 4 else None
    if not name:
        return ""
    return "kota" if name.startswith("KOTA") else "kabupaten"


def check_logo(data: bytes, key: str = "pemda.logo") -> None:
    if not data.startswith((_PNG, _JPEG)):
        raise SettingError(f"{key}: berkas bukan gambar PNG atau JPG. Pilih berkas logo lain.")
    if len(data) > LOGO_MAX_BYTES:
        raise SettingError(
            f"{key}: gambar {len(data) // 1000} kB terlalu besar (paling besar 2000 kB); "
            "perkecil dulu."
        )


def logo_format(data: bytes) -> str:
    return "png" if data.startswith(_PNG) else "jpg" if data.startswith(_JPEG) else ""


def parse_setting(key: str, value: str | bytes) -> Any:
    """The typed value of `key` (its field's type: str, bytes, bool or tuple), or
    SettingError naming the key. Logo: the image's bytes."""
    if key not in SETTING_FIELDS:
        raise SettingError(f"Pengaturan {key} tidak dikenal. Pilihan: {', '.join(SETTING_KEYS)}.")
    kind = SETTING_FIELDS[key].metadata["kind"]
    if kind == "image":
        data = value if isinstance(value, bytes) else value.encode()
        if data:
            check_logo(data, key)
        return data
    if kind == "address":  # its line breaks are kept
        lines = split_address(str(value))
        issues = address_issues(lines, key)
        if issues:
            raise SettingError(f"{key}: {issues[0].message}")
        return "\n".join(lines)
    text = " ".join(str(value).split())
    parse = _TEXT_PARSERS.get(kind)
    return parse(key, text) if parse else text


def _parse_step(key: str, text: str) -> str:
    step = {"selesai": SETUP_DONE}.get(text.lower(), text.lower())
    if step and step not in (*SETUP_STEPS, SETUP_DONE):
        raise SettingError(
            f"{key}: isi salah satu langkah {', '.join(SETUP_STEPS)} atau selesai, "
            f"bukan '{text[:40]}'."
        )
    return step


def _parse_date(key: str, text: str) -> str:
    try:
        return tanggal_pendek(parse_tanggal(text))
    except DateTextError as exc:
        raise SettingError(f"{key}: {exc.reason()}") from None


def _parse_npp(key: str, text: str) -> str:
    npp = normalize_npp(text)
    issues = check_npp(npp, key)
    if issues:
        raise SettingError(f"{key}: {issues[0].message}")
    return npp


def _parse_bool(key: str, text: str) -> bool:
    lowered = text.lower()
    if lowered in ("1", "ya", "y", "true", "benar"):
        return True
    if lowered in ("0", "tidak", "t", "false", "salah"):
        return False
    raise SettingError(f"{key}: isi 1 (ya) atau 0 (tidak), bukan '{text}'.")


def _parse_level(key: str, text: str) -> str:
    if text.lower() not in LEVELS:
        raise SettingError(f"{key}: pilih {', '.join(LEVELS)}, bukan '{text}'.")
    return text.lower()


def _parse_region(key: str, text: str) -> str:
    code = digits_only(text).replace(".", "")
    known = (
        wilayah.province_name(code)
        if len(code) == 2
        else wilayah.regency_name(code)
        if len(code) == 4
        else None
    )
    if not known:
        raise SettingError(
            f"{key}: kode wilayah '{text}' tidak ada di data Kemendagri; isi kode provinsi "
            "(2 angka, mis. 31) atau kabupaten/kota (4 angka, mis. 3171)."
        )
    return code


def _parse_date_format(key: str, text: str) -> str:
    if text.lower() not in KES_DATE_FORMATS:
        raise SettingError(
            f"{key}: isi {' atau '.join(KES_DATE_FORMATS)} (seperti templat KC), bukan '{text}'."
        )
    return text.lower()


def _parse_nip(key: str, text: str) -> str:
    nip = digits_only(text)
    issues = check_nip(nip, key)
    if issues:
        raise SettingError(f"{key}: {issues[0].message}")
    return nip


def _parse_programs(key: str, text: str) -> tuple[str, ...]:
    """ "kesehatan, ketenagakerjaan" -> ("kesehatan", "ketenagakerjaan"), in a fixed order."""
    words = text.lower().replace(",", " ").replace("+", " ").replace(";", " ").split()
    chosen = {_PROGRAM_WORDS.get(word, word) for word in words}
    unknown = sorted(chosen - set(TYPE_PROGRAMS))
    if unknown or not chosen:
        raise SettingError(
            f"{key}: isi satu atau lebih dari {', '.join(TYPE_PROGRAMS)} dipisah koma "
            f"(mis. kesehatan,ketenagakerjaan), bukan '{text}'."
        )
    if {"ketenagakerjaan", "taspen"} <= chosen:
        raise SettingError(
            f"{key}: JKK/JKM diikuti melalui BPJS Ketenagakerjaan atau Taspen, tidak keduanya."
        )
    return tuple(p for p in TYPE_PROGRAMS if p in chosen)


# A kind's parser: (key, text with spaces collapsed) -> typed value, or SettingError.
# A kind not listed (plain text) is stored as typed.
_TEXT_PARSERS: dict[str, Callable[[str, str], object]] = {
    "step": _parse_step,
    "date": _parse_date,
    "npp": _parse_npp,
    "bool": _parse_bool,
    "level": _parse_level,
    "region": _parse_region,
    "date_format": _parse_date_format,
    "programs": _parse_programs,
    "nip": _parse_nip,
}


def check_settings(settings: PemdaSettings) -> list[str]:
    """Problems of the whole model (one field may depend on another)."""
    problems = []
    code = settings.region_code
    level = level_of_region(code) if code else ""
    if level and settings.level and settings.level != level:
        where = wilayah.province_name(code) if len(code) == 2 else wilayah.regency_name(code)
        problems.append(
            f"pemda.level: wilayah {code} ({(where or '').title()}) adalah {level}, bukan "
            f"{settings.level}. Isi pemda.level {level}, atau pilih kode wilayah lain di "
            "pemda.region_code."
        )
    return problems


def with_setting(settings: PemdaSettings, key: str, value: str | bytes) -> PemdaSettings:
    """`settings` with one value changed. A new region code brings its level along (the
    level is the region's; check_settings refuses a level that does not match it)."""
    parsed = parse_setting(key, value)  # first: an unknown key is refused by name
    changed = replace(settings, **{SETTING_FIELDS[key].name: parsed})
    if key == "pemda.region_code":
        changed = replace(changed, level=level_of_region(parsed))
    return changed


def setting_text(settings: PemdaSettings, key: str) -> str:
    """The stored text of one setting (logo: base64 of the image)."""
    value = getattr(settings, SETTING_FIELDS[key].name)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


def setting_display(settings: PemdaSettings, key: str) -> str | bool:
    """What `settings list` shows: the value, or a summary of the logo."""
    value = getattr(settings, SETTING_FIELDS[key].name)
    if isinstance(value, bytes):
        return f"{logo_format(value).upper()} {len(value)} bita" if value else ""
    if isinstance(value, tuple):
        return ",".join(value)
    return value


def settings_to_text(settings: PemdaSettings) -> dict[str, str]:
    return {key: setting_text(settings, key) for key in SETTING_KEYS}


def settings_from_text(values: dict[str, str]) -> PemdaSettings:
    """Unknown keys are ignored (other modules share the settings table). A stored value
    that a newer rule refuses does not stop the app: text stays as stored (shown, so it
    can be corrected), any other kind falls back to its default."""
    parsed: dict[str, Any] = {}  # each field's own type: str, bytes, bool or tuple
    for key, f in SETTING_FIELDS.items():
        if key not in values:
            continue
        raw = values[key] or ""
        kind = f.metadata["kind"]
        try:
            if kind == "image":
                parsed[f.name] = base64.b64decode(raw) if raw else b""
            elif raw or kind in _TEXT_KINDS:
                parsed[f.name] = parse_setting(key, raw) if raw else ""
        except (SettingError, ValueError):
            if kind in _TEXT_KINDS:
                parsed[f.name] = raw
    return PemdaSettings(**parsed)


# Kinds whose value is text: blank is a valid value and a stored value is kept as it is.
_TEXT_KINDS = ("text", "nip", "address", "date", "npp", "step")


@dataclass(frozen=True)
class JkkDefault:
    """An exception to the OPD's JKK class for one jabatan within it (the rates screen's
    "Kelas risiko JKK" tab); the OPD's own class is on the OPD (Opd.jkk_class)."""

    opd_code: str
    jabatan: str
    risk_class: int


@dataclass(frozen=True)
class JkkClass:
    """The JKK risk class of one membership, and where it comes from."""

    risk: int
    source: str  # "opd": the employer registration's; "jabatan" / "kepesertaan": an override

    @property
    def special(self) -> bool:
        return self.source != "opd"

    @property
    def label(self) -> str:
        """ "III" for the OPD's class, "III (khusus)" for an override."""
        roman = ROMAN[self.risk - 1] if 1 <= self.risk <= 5 else str(self.risk)
        return f"{roman} (khusus)" if self.special else roman


def jabatan_key(jabatan: str) -> str:
    """How a jabatan rule is matched: spaces collapsed, capitals."""
    return " ".join(jabatan.split()).upper()


def jkk_class_for(
    opd_class: int,
    jabatan_rules: dict[tuple[str, str], int],
    opd_code: str,
    jabatan: str,
    override: int | None = None,
) -> JkkClass:
    """The one rule for a membership's JKK class: the class set on the membership itself,
    else the rule for its jabatan in its OPD, else the OPD's class. The class belongs to the
    employer's registration (the OPD's NPP; jasa pemerintahan is kelompok I, 0,24 %: PP
    44/2015 Lampiran I), so the OPD's is the normal case and the other two are exceptions.
    `jabatan_rules`: (OPD code, jabatan_key(jabatan)) -> class."""
    if override:
        return JkkClass(override, "kepesertaan")
    rule = jabatan_rules.get((opd_code, jabatan_key(jabatan)))
    if rule:
        return JkkClass(rule, "jabatan")
    return JkkClass(opd_class or 1, "opd")
