"""Family members covered with the worker by BPJS Kesehatan (PPU).

Worker + one spouse + up to three children are covered by the worker's contribution; the
fourth child onward is a "tambahan" member with its own 1 % (Perpres 82/2018 Pasal 30).
A child is covered while under 21 (25 if still in school or college) and unmarried.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kupang_desk.domain import ages
from kupang_desk.domain.entities import FamilyMember, Relation
from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.domain.issues import Issue, error, warning
from kupang_desk.domain.names import check_name, normalize_name
from kupang_desk.domain.nik import check_nik
from kupang_desk.domain.text_limits import clipped, length_issues

COVERED_CHILDREN = 3
RELATION_LABEL = {
    Relation.SUAMI: "Suami",
    Relation.ISTRI: "Istri",
    Relation.ANAK: "Anak",
    Relation.TAMBAHAN: "Tambahan",
}
_SPOUSE_SEX = {Relation.SUAMI: "L", Relation.ISTRI: "P"}


def normalize_member(member: FamilyMember) -> FamilyMember:
    return replace(
        member,
        nik=member.nik.strip().replace(" ", ""),
        name=normalize_name(member.name),
        birth_place=normalize_name(member.birth_place),
    )


def validate_member(member: FamilyMember, *, today: date | None = None) -> list[Issue]:
    """Rules of one family member on their own (the NIK rule included)."""
    too_long = length_issues("family_member", vars(member))
    if too_long:  # the other rules still run, on the values cut to their limit
        member = replace(member, **clipped("family_member", vars(member)))
    today = today or date.today()
    who = member.name or "anggota keluarga"
    issues = check_nik(member.nik, birth_date=member.birth_date, sex=member.sex, today=today).issues
    issues = too_long + [replace(i, message=f"{who}: {i.message}") for i in issues]
    issues += check_name(member.name)
    if member.relation not in RELATION_LABEL:
        issues.append(
            error(
                "relation",
                f"{who}: hubungan keluarga wajib dipilih (suami, istri, anak atau tambahan).",
                "family.relation",
            )
        )
    if member.sex not in ("L", "P"):
        issues.append(error("sex", f"{who}: jenis kelamin wajib dipilih.", "family.sex"))
    elif member.relation in _SPOUSE_SEX and member.sex != _SPOUSE_SEX[member.relation]:
        issues.append(
            error(
                "sex",
                f"{who}: {member.relation} harus berjenis kelamin {_SPOUSE_SEX[member.relation]}. "
                "Periksa hubungan atau jenis kelamin.",
                "family.spouse_sex",
            )
        )
    if member.birth_date is None:
        issues.append(error("birth_date", f"{who}: tanggal lahir wajib diisi.", "family.birth"))
    elif member.birth_date > today:
        issues.append(
            error(
                "birth_date",
                f"{who}: tanggal lahir {tanggal_pendek(member.birth_date)} belum terjadi.",
                "family.birth_future",
            )
        )
    elif member.relation == Relation.ANAK:
        issues += _child_issues(member, today)
    return sorted(issues, key=lambda issue: not issue.is_error)


def _child_issues(member: FamilyMember, today: date) -> list[Issue]:
    age = ages.age_on(member.birth_date, today)
    limit = ages.STUDENT_CHILD_MAX_AGE if member.student else ages.CHILD_MAX_AGE
    if member.married:
        return [
            error(
                "married",
                f"{member.name}: anak yang sudah menikah tidak dapat ditanggung. "
                "Hapus dari tanggungan; ia didaftarkan sendiri.",
                "family.child_married",
            )
        ]
    if age >= limit:
        reason = "masih sekolah/kuliah" if member.student else "tidak sekolah/kuliah"
        hint = "" if member.student else " (25 tahun bila masih sekolah/kuliah: centang Pelajar)"
        return [
            error(
                "birth_date",
                f"{member.name}: umur {age} tahun ({reason}), batas anak tanggungan di bawah "
                f"{limit} tahun{hint}. Hapus dari tanggungan atau daftarkan sebagai tambahan.",
                "family.child_age",
            )
        ]
    return []


def arrange_children(members: list[FamilyMember]) -> list[FamilyMember]:
    """Children past the third (by birth date, eldest first) become "tambahan" members."""
    children = sorted(
        (m for m in members if m.relation == Relation.ANAK),
        key=lambda m: (m.birth_date or date.max, m.name),
    )
    extra = {id(m) for m in children[COVERED_CHILDREN:]}
    return [replace(m, relation=Relation.TAMBAHAN) if id(m) in extra else m for m in members]


def validate_family(worker_sex: str, members: list[FamilyMember]) -> list[Issue]:
    """Rules across the family: one spouse, spouse of the other sex, three covered children."""
    issues: list[Issue] = []
    spouses = [m for m in members if m.relation in _SPOUSE_SEX]
    if len(spouses) > 1:
        names = ", ".join(m.name for m in spouses)
        issues.append(
            error(
                "relation",
                f"Hanya satu suami/istri yang ditanggung, tercatat {len(spouses)}: {names}. "
                "Hapus atau ubah hubungan yang lain.",
                "family.spouses",
            )
        )
    expected = {"L": Relation.ISTRI, "P": Relation.SUAMI}.get(worker_sex)
    for spouse in spouses:
        if expected and spouse.relation != expected:
            issues.append(
                warning(
                    "relation",
                    f"{spouse.name} tercatat sebagai {spouse.relation}, padahal pegawai "
                    f"{'laki-laki' if worker_sex == 'L' else 'perempuan'}. Periksa hubungannya.",
                    "family.spouse_relation",
                )
            )
    children = sum(m.relation == Relation.ANAK for m in members)
    if children > COVERED_CHILDREN:
        issues.append(
            warning(
                "relation",
                f"{children} anak tercatat sebagai tanggungan; hanya {COVERED_CHILDREN} yang "
                "ditanggung, anak ke-4 dan seterusnya menjadi peserta tambahan (iuran 1%).",
                "family.children",
            )
        )
    return issues
