"""The NIK rule (Nomor Induk Kependudukan), in one place for the form, the CLI and importers.

16 digits: province (2) + kabupaten/kota (2) + kecamatan (2) + DDMMYY birth date, women
DD+40 + serial (4). python-stdnum's `stdnum.id.nik` is too lenient (1900s first, DD 85,
serial 0000), hence this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kupang_desk.domain import wilayah
from kupang_desk.domain.entities import Sex
from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.domain.issues import Issue, error, warning

NIK_LENGTH = 16
FIELD = "nik"
SEX_LABEL = {Sex.L: "laki-laki", Sex.P: "perempuan"}
BIRTH_DATE_MISMATCH = "nik.birth_date_mismatch"
SEX_MISMATCH = "nik.sex_mismatch"
# The rules a written reason turns from an error into a warning (see check_nik).
MISMATCH_CODES = frozenset({BIRTH_DATE_MISMATCH, SEX_MISMATCH})


@dataclass(frozen=True)
class NikInfo:
    nik: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: date
    sex: Sex
    serial: str

    @property
    def province(self) -> str | None:
        return wilayah.province_name(self.province_code)

    @property
    def regency(self) -> str | None:
        return wilayah.regency_name(self.regency_code)

    @property
    def district(self) -> str | None:
        return wilayah.district_name(self.district_code)


@dataclass(frozen=True)
class NikCheck:
    nik: str
    info: NikInfo | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.info is not None and not any(i.is_error for i in self.issues)


def birth_date_from_digits(day: int, month: int, yy: int, today: date) -> date | None:
    """The latest century that does not put the birth date in the future (05 -> 2005)."""
    for century in (2000, 1900):
        try:
            candidate = date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def encode_date_part(birth_date: date, sex: Sex) -> str:
    day = birth_date.day + (40 if sex == Sex.P else 0)
    return f"{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}"


def check_nik(
    raw: str,
    *,
    birth_date: date | None = None,
    sex: Sex | None = None,
    today: date | None = None,
    mismatch_reason: str = "",
) -> NikCheck:
    """Decode a NIK and compare it with the typed birth date and sex, if given.

    A date or sex that differs from the NIK's digits is an error, unless the record carries
    a written reason (Dukcapil does not change a NIK when it corrects a birth date or sex):
    then it is a warning naming the reason, to be accepted by the clerk and looked at by the
    verifikator (domain.verification)."""
    today = today or date.today()
    nik = raw.strip().replace(" ", "")
    if not nik:
        return NikCheck(
            nik, None, [error(FIELD, "NIK wajib diisi (16 angka sesuai KTP).", "nik.empty")]
        )
    if not nik.isdigit() or not nik.isascii():
        return NikCheck(
            nik,
            None,
            [
                error(
                    FIELD,
                    f"NIK {nik}: hanya boleh berisi angka 0-9 (16 angka sesuai KTP).",
                    "nik.digits",
                )
            ],
        )
    if len(nik) != NIK_LENGTH:
        return NikCheck(
            nik,
            None,
            [
                error(
                    FIELD,
                    f"NIK {nik}: harus 16 angka, tertulis {len(nik)} angka. Periksa kembali KTP.",
                    "nik.length",
                )
            ],
        )

    issues: list[Issue] = []
    province_code, regency_code, district_code = nik[:2], nik[:4], nik[:6]
    if wilayah.province_name(province_code) is None:
        issues.append(
            error(FIELD, f"NIK {nik}: kode provinsi {province_code} tidak ada.", "nik.province")
        )
    elif wilayah.district_name(district_code) is None:
        issues.append(
            warning(
                FIELD,
                f"NIK {nik}: kode kecamatan {nik[:2]}.{nik[2:4]}.{nik[4:6]} tidak ada dalam daftar "
                "wilayah Kemendagri (bisa kode lama sebelum pemekaran). Pastikan sama dengan KTP.",
                "nik.district",
            )
        )

    day_digits, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    encoded_sex = Sex.P if day_digits > 40 else Sex.L
    day = day_digits - 40 if encoded_sex == Sex.P else day_digits
    encoded_date = birth_date_from_digits(day, month, yy, today)
    if encoded_date is None:
        issues.append(
            error(
                FIELD,
                f"NIK {nik}: angka ke-7 sampai 12 ({nik[6:12]}) bukan tanggal lahir yang ada "
                "(DDMMYY, perempuan DD+40).",
                "nik.date",
            )
        )
    serial = nik[12:]
    if serial == "0000":
        issues.append(
            error(FIELD, f"NIK {nik}: nomor urut (4 angka terakhir) 0000 tidak sah.", "nik.serial")
        )
    if encoded_date is None:
        return NikCheck(nik, None, issues)

    reason = " ".join(mismatch_reason.split())
    if birth_date is not None and birth_date != encoded_date:
        if reason:
            issues.append(
                warning(
                    "birth_date",
                    f"NIK {nik} tidak cocok dengan tanggal lahir (di NIK "
                    f"{tanggal_pendek(encoded_date)}, diisi {tanggal_pendek(birth_date)}) — "
                    f"alasan: {reason}",
                    BIRTH_DATE_MISMATCH,
                )
            )
        else:
            issues.append(
                error(
                    "birth_date",
                    f"NIK {nik}: tanggal lahir di NIK {tanggal_pendek(encoded_date)} tidak sama "
                    f"dengan {tanggal_pendek(birth_date)}. Periksa NIK atau tanggal lahir.",
                    BIRTH_DATE_MISMATCH,
                )
            )
    if sex is not None and sex in SEX_LABEL and sex != encoded_sex:
        if reason:
            issues.append(
                warning(
                    "sex",
                    f"NIK {nik} tidak cocok dengan jenis kelamin (NIK milik "
                    f"{SEX_LABEL[encoded_sex]}, diisi {SEX_LABEL[sex]}) — alasan: {reason}",
                    SEX_MISMATCH,
                )
            )
        else:
            issues.append(
                error(
                    "sex",
                    f"NIK {nik}: NIK ini milik {SEX_LABEL[encoded_sex]} "
                    f"(angka tanggal {nik[6:8]}), tetapi jenis kelamin diisi {SEX_LABEL[sex]}.",
                    SEX_MISMATCH,
                )
            )
    info = NikInfo(
        nik, province_code, regency_code, district_code, encoded_date, encoded_sex, serial
    )
    return NikCheck(nik, info, issues)


def has_mismatch(issues: list[Issue]) -> bool:
    """The NIK's digits differ from the typed birth date or sex: only then is a written
    reason needed (and kept; a reason left from an earlier mismatch is dropped on saving)."""
    return any(issue.code in MISMATCH_CODES for issue in issues)
