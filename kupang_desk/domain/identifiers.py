"""Rules for the identifiers besides the NIK: No. KK, JKN, KPJ, NIP, phone, e-mail, NPWP.

Each check takes the normalised text and returns issues naming the field and how to fix it.
An empty optional field passes; the caller decides which fields are required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum.exceptions import ValidationError
from stdnum.id import npwp as stdnum_npwp

from kupang_desk.domain import wilayah
from kupang_desk.domain.entities import Sex
from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.domain.issues import Issue, error

KK_LENGTH, JKN_LENGTH, KPJ_LENGTH, NIP_LENGTH = 16, 13, 11, 18
JKN_LABEL, KPJ_LABEL = "No. kartu JKN", "No. KPJ"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE_NOISE = str.maketrans("", "", " -.()/")


def digits_only(raw: str) -> str:
    """Identifiers as typed or pasted: spaces, dots and dashes dropped."""
    return raw.strip().translate(_PHONE_NOISE)


def _fixed_digits(value: str, length: int, field: str, label: str, code: str) -> list[Issue]:
    if not value:
        return []
    if not (value.isascii() and value.isdigit()):
        return [error(field, f"{label} {value}: hanya boleh berisi angka 0-9.", f"{code}.digits")]
    if len(value) != length:
        return [
            error(
                field,
                f"{label} {value}: harus {length} angka, tertulis {len(value)} angka. "
                "Periksa kembali kartunya.",
                f"{code}.length",
            )
        ]
    return []


def check_kk(value: str, field: str = "no_kk") -> list[Issue]:
    """No. KK: 16 digits whose first two are a province code."""
    issues = _fixed_digits(value, KK_LENGTH, field, "No. KK", "kk")
    if value and not issues and wilayah.province_name(value[:2]) is None:
        issues.append(
            error(
                field,
                f"No. KK {value}: kode provinsi {value[:2]} tidak ada. Salin dari Kartu Keluarga.",
                "kk.province",
            )
        )
    return issues


def check_jkn(value: str, field: str = "card_number") -> list[Issue]:
    """Nomor kartu BPJS Kesehatan (JKN-KIS): 13 digits."""
    return _fixed_digits(value, JKN_LENGTH, field, JKN_LABEL, "jkn")


def check_kpj(value: str, field: str = "card_number") -> list[Issue]:
    """Nomor KPJ BPJS Ketenagakerjaan: 11 digits."""
    return _fixed_digits(value, KPJ_LENGTH, field, KPJ_LABEL, "kpj")


@dataclass(frozen=True)
class NipInfo:
    """What an 18-digit NIP says. PNS: birth date, TMT (year and month), sex, serial.
    NI PPPK (BKN): birth date, year of appointment, a two-digit code, sex, serial."""

    kind: str  # "PNS" or "PPPK"
    birth_date: date
    appointed: str  # PNS: "YYYY-MM" (TMT CPNS); PPPK: "YYYY"
    code: str  # PPPK's two digits after the year; "" for a PNS
    sex: Sex | None  # None: digit 15 is neither 1 nor 2 (an error of the check)
    serial: str


@dataclass(frozen=True)
class NipCheck:
    nip: str
    info: NipInfo | None
    issues: list[Issue]

    @property
    def valid(self) -> bool:
        return not any(issue.is_error for issue in self.issues)


_SEX_DIGIT = {Sex.L: "1", Sex.P: "2"}  # digit 15 of a NIP
_DIGIT_SEX = {digit: sex for sex, digit in _SEX_DIGIT.items()}
PPPK_CODES = range(21, 100)  # seen: 21 (appointed 2021), 24 (2025); 13–20 are neither


def nip_kind(value: str) -> str:
    """Digits 13–14 are the TMT month of a PNS (01–12) or the two-digit code of an NI PPPK
    (199009132025242014: appointed 2025, code 24); "" when they are neither."""
    pair = int(value[12:14])
    if 1 <= pair <= 12:
        return "PNS"
    return "PPPK" if pair in PPPK_CODES else ""


def explain_nip(
    value: str,
    field: str = "nip",
    *,
    birth_date: date | None = None,
    sex: Sex | None = None,
) -> NipCheck:
    """Decode a PNS NIP or an NI PPPK and compare it with the typed birth date and sex."""
    issues = _fixed_digits(value, NIP_LENGTH, field, "NIP", "nip")
    if not value or issues:
        return NipCheck(value, None, issues)
    try:
        encoded_birth = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return NipCheck(
            value,
            None,
            [
                error(
                    field,
                    f"NIP {value}: 8 angka pertama ({value[:8]}) bukan tanggal lahir yang ada "
                    "(TTTTBBHH).",
                    "nip.birth_date",
                )
            ],
        )
    kind = nip_kind(value)
    if not kind or int(value[8:12]) < encoded_birth.year + 15:
        issues.append(
            error(
                field,
                f"NIP {value}: angka ke-9 sampai 14 ({value[8:14]}) bukan TMT PNS (TTTTBB) "
                "maupun tahun pengangkatan dan kode NI PPPK (TTTT lalu 21 ke atas), sesudah "
                "umur 15 tahun.",
                "nip.tmt",
            )
        )
    if value[14] not in "12":
        issues.append(
            error(
                field,
                f"NIP {value}: angka ke-15 harus 1 (laki-laki) atau 2 (perempuan), "
                f"tertulis {value[14]}.",
                "nip.sex",
            )
        )
    elif sex in _SEX_DIGIT and value[14] != _SEX_DIGIT[sex]:
        issues.append(
            error(
                field,
                f"NIP {value}: angka jenis kelamin {value[14]} tidak sama dengan jenis kelamin "
                f"{sex}. Periksa NIP atau jenis kelamin.",
                "nip.sex_mismatch",
            )
        )
    if value[15:] == "000":
        issues.append(
            error(
                field, f"NIP {value}: nomor urut (3 angka terakhir) tidak boleh 000.", "nip.serial"
            )
        )
    if birth_date is not None and birth_date != encoded_birth:
        issues.append(
            error(
                field,
                f"NIP {value}: tanggal lahir di NIP {tanggal_pendek(encoded_birth)} tidak sama "
                f"dengan {tanggal_pendek(birth_date)}. Periksa NIP atau tanggal lahir.",
                "nip.birth_date_mismatch",
            )
        )
    if not kind:
        return NipCheck(value, None, issues)
    info = NipInfo(
        kind,
        encoded_birth,
        f"{value[8:12]}-{value[12:14]}" if kind == "PNS" else value[8:12],
        "" if kind == "PNS" else value[12:14],
        _DIGIT_SEX.get(value[14]),
        value[15:],
    )
    return NipCheck(value, info, issues)


def check_nip(
    value: str,
    field: str = "nip",
    *,
    birth_date: date | None = None,
    sex: Sex | None = None,
) -> list[Issue]:
    """NIP of a PNS (birth date, TMT YYYYMM, sex 1/2, serial) or NI PPPK (birth date, year
    of appointment, two-digit code, sex, serial): the issues of explain_nip."""
    return explain_nip(value, field, birth_date=birth_date, sex=sex).issues


def normalize_phone(raw: str) -> str:
    """Indonesian mobile numbers as +628…; anything else is returned cleaned but unchanged."""
    value = digits_only(raw)
    if value.startswith("+62"):
        return value
    if value.startswith("62"):
        return "+" + value
    if value.startswith("0"):
        return "+62" + value[1:]
    if value.startswith("8"):
        return "+62" + value
    return value


def check_phone(value: str, field: str = "phone") -> list[Issue]:
    """A normalised mobile number: +628 and 10–13 digits in the national 08… form."""
    if not value:
        return []
    national = "0" + value[3:] if value.startswith("+62") else value
    if not (national.startswith("08") and national.isdigit() and 10 <= len(national) <= 13):
        return [
            error(
                field,
                f"No. HP {value}: tulis nomor seluler Indonesia, mis. 081234567890 "
                "(10-13 angka, diawali 08 atau +628).",
                "phone.format",
            )
        ]
    return []


def check_email(value: str, field: str = "email") -> list[Issue]:
    if value and not _EMAIL.match(value):
        return [
            error(
                field,
                f"Email {value}: bukan alamat email yang benar, mis. nama@contoh.id.",
                "email.format",
            )
        ]
    return []


def normalize_npwp(raw: str) -> str:
    """NPWP as digits only (15 old-style or 16 = NIK-based), the way BPJS files want it."""
    return digits_only(raw)


def check_npwp(value: str, field: str = "npwp") -> list[Issue]:
    if not value:
        return []
    try:
        stdnum_npwp.validate(value)
    except ValidationError:
        return [
            error(
                field,
                f"NPWP {value}: bukan NPWP yang sah (15 atau 16 angka dengan angka pemeriksa "
                "yang benar). Salin dari kartu NPWP.",
                "npwp.invalid",
            )
        ]
    return []


# NPP (Nomor Pendaftaran Perusahaan) of a BPJS Ketenagakerjaan employer registration: the
# numbers on employers' papers are commonly 8 digits; BPJS publishes no format, so a
# plausible run of digits passes and letters, spaces inside or a wrong length do not.
NPP_LENGTHS = range(7, 11)


def normalize_npp(raw: str) -> str:
    """Dots and dashes between digit groups dropped; inner spaces are kept (and refused)."""
    return raw.strip().replace(".", "").replace("-", "")


def check_npp(value: str, field: str = "npp") -> list[Issue]:
    if not value:
        return []
    if not (value.isascii() and value.isdigit()) or len(value) not in NPP_LENGTHS:
        return [
            error(
                field,
                f"'{value[:20]}' bukan NPP BPJS Ketenagakerjaan: isi angka saja, "
                f"{NPP_LENGTHS.start}–{NPP_LENGTHS.stop - 1} angka (umumnya 8). Salin dari "
                "sertifikat kepesertaan atau surat BPJS Ketenagakerjaan.",
                "npp.format",
            )
        ]
    return []
