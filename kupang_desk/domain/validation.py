"""Every rule a worker record must pass; the form, the CLI and importers call only this.

Rules that need the database (NIK unique, likely duplicates) get the facts they need from
the caller as plain values, so this module stays free of SQL. `validate_worker` runs for
every imported row: keep it cheap (no regex or lookup a valid value does not need).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kupang_desk.domain import ages
from kupang_desk.domain.entities import (
    EMPLOYMENT_TYPES,
    MARITAL_STATUSES,
    Worker,
    WorkerStatus,
    replaced,
)
from kupang_desk.domain.field_types import limit_issues, type_issues
from kupang_desk.domain.formatting import periode, rupiah, tanggal_pendek
from kupang_desk.domain.identifiers import (
    check_email,
    check_kk,
    check_nip,
    check_npwp,
    check_phone,
    digits_only,
    normalize_npwp,
    normalize_phone,
)
from kupang_desk.domain.issues import Issue, error, warning
from kupang_desk.domain.names import check_name, normalize_name
from kupang_desk.domain.nik import SEX_LABEL, check_nik
from kupang_desk.domain.text_limits import clipped, length_issues


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _upper_spaced(text: str) -> str:
    return _spaced(text).upper()


def _lower_stripped(text: str) -> str:
    return text.strip().lower()


def _compact(text: str) -> str:
    return text.strip().replace(" ", "")


# Field -> its normalisation: the KTP writes names and addresses in capitals, identifiers
# lose stray spaces. Each maps "" to "", so empty fields (most of them) are skipped.
_NORMALIZERS = {
    "nik": _compact,
    "no_kk": digits_only,
    "nip": digits_only,
    "name": normalize_name,
    "birth_place": normalize_name,
    "mother_name": normalize_name,
    "address": _upper_spaced,
    "kelurahan": _upper_spaced,
    "kecamatan": _upper_spaced,
    "rt": str.strip,
    "rw": str.strip,
    "kode_pos": str.strip,
    "phone": normalize_phone,
    "email": _lower_stripped,
    "npwp": normalize_npwp,
    "jabatan": _spaced,
    "unit": _spaced,
    "contract_number": _spaced,
    "priority_reason": _spaced,
    "status_reason": _spaced,
    "nik_mismatch_reason": _spaced,
}


def _normalized(worker: Worker) -> dict[str, str]:
    """The normalised text fields; only for a record that passed the type gate."""
    values = vars(worker)
    return {
        name: normalize(values[name]) for name, normalize in _NORMALIZERS.items() if values[name]
    }


def normalize_worker(worker: Worker) -> Worker:
    """Trim and uppercase what the KTP writes in capitals; identifiers lose stray spaces."""
    if type_issues(worker):
        return worker  # validate_worker names the unreadable fields
    return replaced(worker, _normalized(worker))


def _age_issues(worker: Worker, today: date) -> list[Issue]:
    if worker.birth_date is None:
        return [error("birth_date", "Tanggal lahir wajib diisi (hh-bb-tttt).", "birth_date.empty")]
    if worker.birth_date > today:
        return [
            error(
                "birth_date",
                f"Tanggal lahir {tanggal_pendek(worker.birth_date)} belum terjadi. "
                "Periksa tahunnya.",
                "birth_date.future",
            )
        ]
    age = ages.age_on(worker.birth_date, worker.tmt or today)
    if ages.WORKER_USUAL_MIN_AGE <= age <= ages.WORKER_USUAL_MAX_AGE:
        return []  # most rows: no message to build
    when = f"pada TMT {tanggal_pendek(worker.tmt)}" if worker.tmt else "hari ini"
    if not ages.WORKER_MIN_AGE <= age <= ages.WORKER_MAX_AGE:
        return [
            error(
                "birth_date",
                f"Umur {age} tahun {when}: pegawai harus berumur {ages.WORKER_MIN_AGE}-"
                f"{ages.WORKER_MAX_AGE} tahun. Periksa tanggal lahir dan TMT.",
                "birth_date.age",
            )
        ]
    return [
        warning(
            "birth_date",
            f"Umur {age} tahun {when}, di luar {ages.WORKER_USUAL_MIN_AGE}-"
            f"{ages.WORKER_USUAL_MAX_AGE} tahun. Pastikan tanggal lahir dan TMT benar.",
            "birth_date.age_unusual",
        )
    ]


def pension_issues(worker: Worker, today: date, *, jp_enrolled: bool) -> list[Issue]:
    """JP stops at usia pensiun (PP 45/2015 Pasal 15, domain.ages): an active worker enrolled
    in JP who has reached it is listed, since the lists charge no JP for them from then on."""
    if not jp_enrolled or worker.birth_date is None or worker.status != WorkerStatus.AKTIF:
        return []
    if not ages.past_pension_age(worker.birth_date, today.year, today.month):
        return []
    reached = ages.pension_date(worker.birth_date)
    age = ages.age_on(worker.birth_date, reached)
    return [
        warning(
            "birth_date",
            f"Usia pensiun: tidak ada iuran JP sejak {periode(reached.year, reached.month)}. "
            f"{worker.name} berumur {age} tahun pada {tanggal_pendek(reached)}, usia pensiun "
            f"tahun {reached.year} (PP 45/2015 Pasal 15); JKK, JKM dan JHT tetap dibayar. "
            "Laporkan ke BPJS Ketenagakerjaan untuk klaim JP.",
            "birth_date.pension_age",
        )
    ]


def _employment_issues(worker: Worker, umk: int | None) -> list[Issue]:
    issues: list[Issue] = []
    if not worker.opd_code:
        issues.append(error("opd_code", "OPD wajib dipilih.", "opd.empty"))
    if worker.employment_type not in EMPLOYMENT_TYPES:
        issues.append(
            error(
                "employment_type",
                f"Jenis kepegawaian '{worker.employment_type}' tidak dikenal. Pilih salah satu: "
                f"{', '.join(EMPLOYMENT_TYPES)}.",
                "employment_type.unknown",
            )
        )
    if worker.marital_status and worker.marital_status not in MARITAL_STATUSES:
        issues.append(
            error(
                "marital_status",
                f"Status kawin '{worker.marital_status}' tidak dikenal. Pilih salah satu: "
                f"{', '.join(MARITAL_STATUSES)}.",
                "marital_status.unknown",
            )
        )
    if worker.tmt and worker.end_date and worker.end_date < worker.tmt:
        issues.append(
            error(
                "end_date",
                f"Tanggal akhir kontrak {tanggal_pendek(worker.end_date)} sebelum TMT "
                f"{tanggal_pendek(worker.tmt)}. Periksa kedua tanggal.",
                "end_date.before_tmt",
            )
        )
    issues += wage_issues(worker.upah, umk)
    if worker.priority and not worker.priority_reason:
        issues.append(
            error(
                "priority_reason",
                "Pegawai prioritas: tulis alasannya, mis. risiko kesehatan tinggi.",
                "priority.reason",
            )
        )
    if worker.status == WorkerStatus.NONAKTIF and not (worker.status_reason and worker.status_date):
        issues.append(
            error(
                "status_reason",
                "Pegawai nonaktif: isi alasan dan tanggal nonaktif.",
                "status.reason",
            )
        )
    return issues


# A wage this far from the UMK is almost always a typing slip ("2.500.000,00" read as
# 250.000.000, a zero too many or too few), not a real wage.
IMPLAUSIBLE_FACTOR = 10


def wage_issues(upah: int, umk: int | None) -> list[Issue]:
    """The wage against the UMK of the rates table: negative is an error; below the UMK,
    and more than IMPLAUSIBLE_FACTOR times above or below it, are warnings."""
    if upah < 0:
        return [error("upah", "Upah tidak boleh negatif.", "upah.negative")]
    if umk is None or umk <= 0:
        return []
    if upah > umk * IMPLAUSIBLE_FACTOR:
        return [
            warning(
                "upah",
                f"Upah {rupiah(upah)} lebih dari {IMPLAUSIBLE_FACTOR} kali UMK {rupiah(umk)}. "
                "Periksa angkanya: titik memisahkan ribuan, koma memisahkan sen.",
                "upah.implausible",
            )
        ]
    if 0 < upah * IMPLAUSIBLE_FACTOR < umk:
        return [
            warning(
                "upah",
                f"Upah {rupiah(upah)} kurang dari sepersepuluh UMK {rupiah(umk)}. Periksa "
                "angkanya (upah per bulan, mis. 2.500.000).",
                "upah.implausible",
            )
        ]
    if upah < umk:
        return [
            warning(
                "upah",
                f"Upah {rupiah(upah)} di bawah UMK {rupiah(umk)}: iuran tetap dihitung "
                "dari UMK. Periksa upahnya.",
                "upah.below_umk",
            )
        ]
    return []


def _holder_text(name: str | None, opd_name: str) -> str:
    # No name: the holder is outside the user's OPD, whose people they may not learn of.
    return f"atas nama {name} di {opd_name}" if name else "di OPD lain; hubungi admin"


def validate_worker(
    worker: Worker,
    *,
    today: date | None = None,
    umk: int | None = None,
    nik_holder: tuple[str | None, str] | None = None,
    look_alikes: Iterable[tuple[str, str]] = (),
) -> list[Issue]:
    """Issues of one (normalized) worker record, errors first.

    nik_holder: (name, OPD name) of another worker or family member who already has this
    NIK; the name is None when that person is outside the user's OPD scope (the message
    then names neither the person nor the OPD).
    look_alikes: (NIK, OPD name) of other workers with the same name and birth date.
    umk: the wage floor (the UMK of the rates table, services.rates.umk); None skips it.
    """
    issues = type_issues(worker)
    if issues:
        return issues
    return _rule_issues(worker, today or date.today(), umk, nik_holder, look_alikes)


def normalize_and_validate(
    worker: Worker, *, today: date, umk: int | None
) -> tuple[Worker, list[Issue]]:
    """validate_worker(normalize_worker(worker)) with the type gate run once (normalizing
    keeps every type): the importer's per-row path."""
    issues = type_issues(worker)
    if issues:
        return worker, issues
    worker = replaced(worker, _normalized(worker))
    return worker, _rule_issues(worker, today, umk, None, ())


def _rule_issues(
    worker: Worker,
    today: date,
    umk: int | None,
    nik_holder: tuple[str | None, str] | None,
    look_alikes: Iterable[tuple[str, str]],
) -> list[Issue]:
    """Every rule of validate_worker after the type gate."""
    issues = length_issues("worker", vars(worker))
    if issues:  # the other rules still run, on the values cut to their limit
        worker = replaced(worker, clipped("worker", vars(worker)))
    issues += limit_issues(worker)
    if nik_holder is not None:
        issues.append(
            error(
                "nik",
                f"NIK {worker.nik} sudah terdaftar {_holder_text(*nik_holder)}. "
                "Periksa NIK di KTP; satu orang hanya boleh terdaftar sekali.",
                "nik.duplicate",
            )
        )
    issues += check_nik(
        worker.nik,
        birth_date=worker.birth_date,
        sex=worker.sex,
        today=today,
        mismatch_reason=worker.nik_mismatch_reason,
    ).issues
    issues += check_name(worker.name)
    if worker.sex not in SEX_LABEL:  # None: not chosen (or stray text from an untyped caller)
        issues.append(error("sex", "Jenis kelamin wajib dipilih: L atau P.", "sex.empty"))
    issues += _age_issues(worker, today)
    if worker.no_kk:
        issues += check_kk(worker.no_kk)
    if worker.nip:
        issues += check_nip(worker.nip, birth_date=worker.birth_date, sex=worker.sex)
    if worker.phone:
        issues += check_phone(worker.phone)
    if worker.email:
        issues += check_email(worker.email)
    if worker.npwp:
        issues += check_npwp(worker.npwp)
    if worker.mother_name:
        issues += check_name(worker.mother_name, "mother_name")
    issues += _employment_issues(worker, umk)
    for other_nik, other_opd in look_alikes:
        issues.append(
            warning(
                "name",
                f"Kemungkinan data ganda: {worker.name}, lahir "
                f"{tanggal_pendek(worker.birth_date)}, sudah terdaftar dengan NIK {other_nik} "
                f"di {other_opd}. Pastikan ini orang yang berbeda.",
                "duplicate.likely",
            )
        )
    return sorted(issues, key=lambda issue: not issue.is_error)


def accepted_codes(worker: Worker) -> set[str]:
    return {code for code in worker.accepted_warnings.split(",") if code}


def open_issues(worker: Worker, issues: list[Issue]) -> list[Issue]:
    """Errors, and warnings the clerk has not accepted for this record."""
    accepted = accepted_codes(worker)
    return [i for i in issues if i.is_error or i.code not in accepted]
