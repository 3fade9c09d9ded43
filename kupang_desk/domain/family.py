"""Family members covered with the worker by BPJS Kesehatan (PPU).

Worker + one spouse + up to three children are covered by the worker's contribution; the
fourth child onward is a "tambahan" member with its own 1 % (Perpres 82/2018 Pasal 30).
A child is covered while under 21 and unmarried; from 21 to 25 only while in school or
college, up to the end date of the school's certificate ("surat keterangan sekolah/kuliah
berlaku sampai"). A child whose cover ends within ages.LEAVING_NOTICE_MONTHS is a warning
(Perlu Perbaikan lists it with the date); one already past it is an error.
A spouse registered PPU through their own employer (`ppu_sendiri`) stays on the family card
but not on this worker's list; they take no child's place: the three covered children are
BPJS's limit on children, whoever covers the spouse.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from kupang_desk.domain import ages
from kupang_desk.domain.entities import FamilyMember, Relation, Sex
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
_SPOUSE_SEX = {Relation.SUAMI: Sex.L, Relation.ISTRI: Sex.P}
_SPOUSE_OF = {Sex.L: Relation.ISTRI, Sex.P: Relation.SUAMI}  # whom a worker of this sex marries


def normalize_member(member: FamilyMember) -> FamilyMember:
    return replace(
        member,
        nik=member.nik.strip().replace(" ", ""),
        name=normalize_name(member.name),
        birth_place=normalize_name(member.birth_place),
        # Pelajar unchecked: the child left school, the certificate's date goes with it.
        student_until=member.student_until if member.student else None,
        nik_mismatch_reason=" ".join(member.nik_mismatch_reason.split()),
    )


def validate_member(member: FamilyMember, *, today: date | None = None) -> list[Issue]:
    """Rules of one family member on their own (the NIK rule included)."""
    too_long = length_issues("family_member", vars(member))
    if too_long:  # the other rules still run, on the values cut to their limit
        member = replace(member, **clipped("family_member", vars(member)))
    today = today or date.today()
    who = member.name or "anggota keluarga"
    issues = check_nik(
        member.nik,
        birth_date=member.birth_date,
        sex=member.sex,
        today=today,
        mismatch_reason=member.nik_mismatch_reason,
    ).issues
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
    if member.ppu_sendiri and member.relation not in _SPOUSE_SEX:
        issues.append(
            error(
                "ppu_sendiri",
                f"{who}: 'PPU sendiri' hanya untuk suami/istri yang terdaftar PPU melalui "
                "pemberi kerjanya sendiri. Anggota lain yang bekerja didaftarkan sendiri; "
                "hapus dari tanggungan.",
                "family.ppu_sendiri",
            )
        )
    if member.sex not in (Sex.L, Sex.P):  # None: not chosen (or stray text from an untyped caller)
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
        issues += _child_issues(member, member.birth_date, today)
    return sorted(issues, key=lambda issue: not issue.is_error)


def cover_end(member: FamilyMember) -> tuple[date, str] | None:
    """The first day a child is no longer covered for age, and why: "21" (the 21st
    birthday), "25" (the 25th, for a student) or "surat" (the day after the school
    certificate's end date, never before the 21st birthday). A student with no certificate
    date recorded is counted to 25 (and asked for the date: _child_issues). None for a
    member who is not a child or has no birth date."""
    if member.relation != Relation.ANAK or member.birth_date is None:
        return None
    return _child_cover_end(member, member.birth_date)


def _child_cover_end(member: FamilyMember, birth_date: date) -> tuple[date, str]:
    at_21 = ages.birthday(birth_date, ages.CHILD_MAX_AGE)
    if not member.student:
        return at_21, "21"
    at_25 = ages.birthday(birth_date, ages.STUDENT_CHILD_MAX_AGE)
    if member.student_until is None:
        return at_25, "25"
    after_certificate = member.student_until + timedelta(days=1)
    if after_certificate >= at_25:
        return at_25, "25"
    if after_certificate <= at_21:  # a certificate ending before 21 shortens nothing
        return at_21, "surat"
    return after_certificate, "surat"


def _child_issues(member: FamilyMember, birth_date: date, today: date) -> list[Issue]:
    if member.married:
        return [
            error(
                "married",
                f"{member.name}: anak yang sudah menikah tidak dapat ditanggung. "
                "Hapus dari tanggungan; ia didaftarkan sendiri.",
                "family.child_married",
            )
        ]
    ends, why = _child_cover_end(member, birth_date)
    if ends <= today:
        return [_child_past(member, birth_date, today, ends, why)]
    issues = []
    notice = ages.add_months(today, ages.LEAVING_NOTICE_MONTHS)
    if ends <= notice:
        issues.append(_child_leaving(member, ends, why))
    at_21 = ages.birthday(birth_date, ages.CHILD_MAX_AGE)
    if member.student and member.student_until is None and at_21 <= notice:
        issues.append(
            warning(
                "student_until",
                f"{member.name}: anak 21 tahun ke atas ditanggung hanya selama masih "
                f"sekolah/kuliah (berumur 21 pada {tanggal_pendek(at_21)}). Isi tanggal "
                "berlaku surat keterangan sekolah/kuliah (kolom Sekolah s.d.).",
                "family.student_certificate",
            )
        )
    return issues


def _child_past(member: FamilyMember, birth_date: date, today: date, ends: date, why: str) -> Issue:
    age = ages.age_on(birth_date, today)
    if why == "surat":
        text = (
            f"{member.name}: umur {age} tahun; surat keterangan sekolah/kuliah berlaku sampai "
            f"{tanggal_pendek(member.student_until)}, jadi tidak ditanggung lagi sejak "
            f"{tanggal_pendek(ends)}. Isi tanggal surat keterangan yang baru, atau hapus dari "
            "tanggungan."
        )
    else:
        limit = ages.STUDENT_CHILD_MAX_AGE if why == "25" else ages.CHILD_MAX_AGE
        reason = "masih sekolah/kuliah" if member.student else "tidak sekolah/kuliah"
        hint = "" if member.student else " (25 tahun bila masih sekolah/kuliah: centang Pelajar)"
        text = (
            f"{member.name}: umur {age} tahun ({reason}), batas anak tanggungan di bawah "
            f"{limit} tahun{hint}. Hapus dari tanggungan atau daftarkan sebagai tambahan."
        )
    return error("birth_date", text, "family.child_age")


def _child_leaving(member: FamilyMember, ends: date, why: str) -> Issue:
    when = tanggal_pendek(ends)
    if why == "surat":
        text = (
            f"{member.name}: surat keterangan sekolah/kuliah berlaku sampai "
            f"{tanggal_pendek(member.student_until)}; tidak ditanggung lagi mulai {when}. "
            "Isi tanggal surat yang baru bila diperpanjang, atau hapus dari tanggungan pada "
            "tanggal itu."
        )
    elif why == "25":
        text = (
            f"{member.name}: berumur 25 tahun pada {when} dan tidak ditanggung lagi mulai "
            "tanggal itu (batas anak yang masih sekolah/kuliah). Hapus dari tanggungan pada "
            "tanggal itu."
        )
    else:
        text = (
            f"{member.name}: berumur 21 tahun pada {when} dan tidak ditanggung lagi mulai "
            "tanggal itu. Bila masih sekolah/kuliah, centang Pelajar dan isi tanggal berlaku "
            "surat keterangannya; bila tidak, hapus dari tanggungan pada tanggal itu."
        )
    return warning("birth_date", text, "family.child_leaving")


def arrange_children(members: list[FamilyMember]) -> list[FamilyMember]:
    """Children past the third (by birth date, eldest first) become "tambahan" members."""
    children = sorted(
        (m for m in members if m.relation == Relation.ANAK),
        key=lambda m: (m.birth_date or date.max, m.name),
    )
    extra = {id(m) for m in children[COVERED_CHILDREN:]}
    return [replace(m, relation=Relation.TAMBAHAN) if id(m) in extra else m for m in members]


def on_worker_list(member: FamilyMember) -> bool:
    """Listed, exported and counted with the worker: everyone but a spouse who is a PPU
    member through their own employer (the SQL of store/ says the same: NOT ppu_sendiri)."""
    return not member.ppu_sendiri


def validate_family(worker_sex: Sex | None, members: list[FamilyMember]) -> list[Issue]:
    """Rules across the family: one covered spouse, spouse of the other sex, three covered
    children."""
    issues: list[Issue] = []
    spouses = [m for m in members if m.relation in _SPOUSE_SEX]
    covered = [m for m in spouses if not m.ppu_sendiri]  # one on this worker's membership
    if len(covered) > 1:
        names = ", ".join(m.name for m in covered)
        issues.append(
            error(
                "relation",
                f"Hanya satu suami/istri yang ditanggung, tercatat {len(covered)}: {names}. "
                "Hapus atau ubah hubungan yang lain (atau tandai PPU sendiri).",
                "family.spouses",
            )
        )
    expected = _SPOUSE_OF.get(worker_sex) if worker_sex else None
    for spouse in spouses:
        if expected and spouse.relation != expected:
            issues.append(
                warning(
                    "relation",
                    f"{spouse.name} tercatat sebagai {spouse.relation}, padahal pegawai "
                    f"{'laki-laki' if worker_sex == Sex.L else 'perempuan'}. Periksa hubungannya.",
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
