"""Every registry rule of domain/, with the key facts its message must name."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kupang_desk.domain import wilayah
from kupang_desk.domain.entities import FamilyMember, Membership, Worker
from kupang_desk.domain.family import arrange_children, validate_family, validate_member
from kupang_desk.domain.identifiers import (
    check_email,
    check_jkn,
    check_kk,
    check_kpj,
    check_nip,
    check_npwp,
    check_phone,
    normalize_phone,
)
from kupang_desk.domain.memberships import TransitionRefused, transition, validate_membership
from kupang_desk.domain.names import check_name, normalize_name
from kupang_desk.domain.nik import check_nik, encode_date_part
from kupang_desk.domain.validation import normalize_worker, open_issues, validate_worker

TODAY = date(2026, 11, 25)


def codes(issues):
    return [i.code for i in issues]


def message(issues, code):
    return next(i.message for i in issues if i.code == code)


def a_worker(**changes) -> Worker:
    base = Worker(
        nik="5371014503850001",
        name="MARIA GORETI NDUN",
        birth_date=date(1985, 3, 5),
        sex="P",
        opd_code="DLHK",
        upah=2_900_000,
        tmt=date(2015, 1, 1),
    )
    return normalize_worker(Worker(**{**base.__dict__, **changes}))


def test_a_complete_worker_passes():
    worker = a_worker(
        no_kk="5371010101100001",
        phone="0812 3456 7890",
        email=" Maria@Contoh.ID ",
        npwp="01.300.066.6-091.000",
        mother_name="yuliana  bani",
        marital_status="K",
    )
    assert validate_worker(worker, today=TODAY) == []
    assert worker.phone == "+6281234567890"
    assert worker.email == "maria@contoh.id"
    assert worker.npwp == "013000666091000"
    assert worker.mother_name == "YULIANA BANI"


@pytest.mark.parametrize(
    ("raw", "code", "fragment"),
    [
        ("537101010110000", "kk.length", "tertulis 15 angka"),
        ("53710101011000x1", "kk.digits", "hanya boleh berisi angka"),
        ("9971010101100001", "kk.province", "kode provinsi 99"),
    ],
)
def test_no_kk(raw, code, fragment):
    issues = check_kk(raw)
    assert codes(issues) == [code]
    assert fragment in issues[0].message and raw in issues[0].message


def test_card_numbers():
    assert check_jkn("0001234567890") == []
    assert "13 angka" in check_jkn("000123456789")[0].message
    assert check_kpj("26000000001") == []
    assert "11 angka" in check_kpj("2600000001")[0].message


def test_nip_birth_date_tmt_and_sex():
    nip = "198503052015012001"  # born 05-03-1985, TMT 2015-01, woman
    assert check_nip(nip, birth_date=date(1985, 3, 5), sex="P") == []
    mismatch = check_nip(nip, birth_date=date(1985, 3, 15), sex="L")
    assert set(codes(mismatch)) == {"nip.birth_date_mismatch", "nip.sex_mismatch"}
    text = message(mismatch, "nip.birth_date_mismatch")
    assert "05-03-1985" in text and "15-03-1985" in text
    assert codes(check_nip("198502305015012001")) == ["nip.birth_date"]
    assert codes(check_nip("198503052015132001")) == ["nip.tmt"]
    assert codes(check_nip("198503052015013001")) == ["nip.sex"]
    assert codes(check_nip("19850305201501200")) == ["nip.length"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0812) 3456.7890", "+6281234567890"),
    ],
)
def test_phone_is_stored_as_plus_628(typed, stored):
    assert normalize_phone(typed) == stored
    assert check_phone(stored) == []


@pytest.mark.parametrize("typed", ["0812345", "0380821234", "08123456789012", "+6221123456"])
def test_phone_that_is_not_an_indonesian_mobile(typed):
    issues = check_phone(normalize_phone(typed))
    assert codes(issues) == ["phone.format"]
    assert "08" in issues[0].message


def test_email_and_npwp():
    assert check_email("a@b.id") == []
    assert codes(check_email("maria@")) == ["email.format"]
    assert check_npwp("013000666091000") == []
    assert codes(check_npwp("013000665091000")) == ["npwp.invalid"]


def test_names():
    assert normalize_name("  maria   goreti ndun ") == "MARIA GORETI NDUN"
    assert check_name("YULIUS") == []  # mononyms are valid
    assert check_name("DR. YOHANES O'NEIL-BANI, S.H.") == []
    assert codes(check_name("MARIA 2")) == ["name.characters"]
    assert codes(check_name("")) == ["name.empty"]


def test_nik_date_and_sex_mismatch_names_both_values():
    issues = validate_worker(a_worker(birth_date=date(1985, 3, 15), sex="L"), today=TODAY)
    text = message(issues, "nik.birth_date_mismatch")
    assert "05-03-1985" in text and "15-03-1985" in text
    assert "perempuan" in message(issues, "nik.sex_mismatch")


def test_worker_age_at_tmt():
    too_young = a_worker(tmt=date(1999, 1, 1))  # 13 at TMT
    issues = validate_worker(too_young, today=TODAY)
    assert "birth_date.age" in codes(issues)
    assert "Umur 13 tahun" in message(issues, "birth_date.age")
    assert "01-01-1999" in message(issues, "birth_date.age")
    young = a_worker(tmt=date(2002, 6, 1))  # 17: allowed, but a warning
    issues = validate_worker(young, today=TODAY)
    assert codes(issues) == ["birth_date.age_unusual"]
    assert not issues[0].is_error
    old = a_worker(tmt=date(2051, 1, 1))  # 65 at TMT: allowed, warned
    assert codes(validate_worker(old, today=TODAY)) == ["birth_date.age_unusual"]
    assert "birth_date.age" in codes(validate_worker(a_worker(tmt=date(2051, 4, 1)), today=TODAY))


def test_upah_below_umk_is_a_warning_naming_both_amounts():
    issues = validate_worker(a_worker(upah=2_500_000), today=TODAY, umk=2_900_000)
    assert codes(issues) == ["upah.below_umk"]
    assert "Rp 2.500.000" in issues[0].message and "Rp 2.900.000" in issues[0].message
    assert validate_worker(a_worker(upah=2_500_000), today=TODAY, umk=None) == []
    assert codes(validate_worker(a_worker(upah=-1), today=TODAY)) == ["upah.negative"]


def test_duplicates():
    issues = validate_worker(a_worker(), today=TODAY, nik_holder=("YOSEF BANI", "Dinas Kesehatan"))
    text = message(issues, "nik.duplicate")
    assert "YOSEF BANI" in text and "Dinas Kesehatan" in text and issues[0].is_error
    issues = validate_worker(
        a_worker(), today=TODAY, look_alikes=[("5371014503850002", "Dinas Perhubungan")]
    )
    assert codes(issues) == ["duplicate.likely"]
    assert "Kemungkinan data ganda" in issues[0].message
    assert "5371014503850002" in issues[0].message and not issues[0].is_error


def test_other_worker_rules():
    assert "priority.reason" in codes(validate_worker(a_worker(priority=True), today=TODAY))
    assert "status.reason" in codes(validate_worker(a_worker(status="nonaktif"), today=TODAY))
    assert "end_date.before_tmt" in codes(
        validate_worker(a_worker(end_date=date(2014, 1, 1)), today=TODAY)
    )
    assert "employment_type.unknown" in codes(
        validate_worker(a_worker(employment_type="Honorer"), today=TODAY)
    )


def test_accepted_warnings_are_no_longer_open():
    worker = a_worker(upah=2_000_000)
    issues = validate_worker(worker, today=TODAY)
    assert open_issues(worker, issues) == issues
    accepted = a_worker(upah=2_000_000, accepted_warnings="upah.below_umk")
    assert open_issues(accepted, issues) == []


def member(**changes) -> FamilyMember:
    base = dict(
        worker_id=1,
        nik="5371015005150001",
        name="ANA NDUN",
        relation="anak",
        birth_date=date(2015, 5, 10),
        sex="P",
    )
    return FamilyMember(**{**base, **changes})


def test_family_member_rules():
    assert validate_member(member(), today=TODAY) == []
    old_child = member(nik="5371015005000001", birth_date=date(2000, 5, 10))
    issues = validate_member(old_child, today=TODAY)
    assert codes(issues) == ["family.child_age"]
    assert "umur 26 tahun" in issues[0].message and "21" in issues[0].message
    student = member(
        nik="5371015005030001",
        birth_date=date(2003, 5, 10),
        student=True,
        student_until=date(2027, 6, 30),
    )
    assert validate_member(student, today=TODAY) == []  # 23, still studying
    # without the certificate's end date recorded, the clerk is asked for it
    no_date = member(nik=student.nik, birth_date=student.birth_date, student=True)
    assert codes(validate_member(no_date, today=TODAY)) == ["family.student_certificate"]
    assert codes(validate_member(member(married=True), today=TODAY)) == ["family.child_married"]
    wrong_spouse = member(relation="istri", sex="L", nik="5371011005850001",
                          birth_date=date(1985, 5, 10))  # fmt: skip
    assert "family.spouse_sex" in codes(validate_member(wrong_spouse, today=TODAY))


def test_one_spouse_and_fourth_child_becomes_tambahan():
    wife = member(relation="istri", name="A", birth_date=date(1985, 1, 1))
    issues = validate_family("L", [wife, member(relation="istri", name="B")])
    assert "family.spouses" in codes(issues)
    assert "A, B" in message(issues, "family.spouses")
    children = [member(name=f"ANAK {i}", birth_date=date(2010 + i, 1, 1)) for i in range(5)]
    arranged = arrange_children(children)
    assert [m.relation for m in arranged] == ["anak", "anak", "anak", "tambahan", "tambahan"]
    assert "family.children" in codes(validate_family("L", children))
    assert validate_family("L", arranged) == []


def test_membership_rules_and_steps():
    kes = Membership(program="kesehatan", worker_id=1, kelas_rawat="2",
                     faskes_code="0138U020", faskes_name="PUSKESMAS OEBOBO")  # fmt: skip
    assert validate_membership(kes) == []
    bad = Membership(program="kesehatan", worker_id=1, faskes_code="138U020", card_number="12")
    assert {"membership.faskes_code", "jkn.length", "membership.faskes_name"} <= set(
        codes(validate_membership(bad))
    )
    tk = Membership(program="ketenagakerjaan", worker_id=1, tk_programs="JHT")
    assert "JKK dan JKM" in message(validate_membership(tk), "membership.tk_programs")

    verified = transition(kes, "verified", TODAY)
    assert verified.status == "verified" and verified.verified_at == TODAY
    submitted = transition(verified, "submitted", TODAY)
    with pytest.raises(TransitionRefused, match="nomor kartu"):
        transition(submitted, "active", TODAY)
    with pytest.raises(TransitionRefused, match="alasan"):
        transition(submitted, "rejected", TODAY)
    rejected = transition(submitted, "rejected", TODAY, "NIK tidak ditemukan")
    assert rejected.rejected_reason == "NIK tidak ditemukan" and rejected.rejected_at == TODAY
    with pytest.raises(TransitionRefused, match="Draf tidak dapat diubah menjadi Aktif"):
        transition(kes, "active", TODAY)


# -- property tests of the NIK rule --------------------------------------------------------

DISTRICTS = sorted(c for c in wilayah._names("districts.csv") if len(c) == 6)
birth_dates = st.dates(min_value=date(1927, 1, 1), max_value=TODAY)


@given(
    district=st.sampled_from(DISTRICTS),
    birth_date=birth_dates,
    sex=st.sampled_from("LP"),
    serial=st.integers(1, 9999),
)
def test_every_well_built_nik_passes(district, birth_date, sex, serial):
    nik = f"{district}{encode_date_part(birth_date, sex)}{serial:04d}"
    result = check_nik(nik, birth_date=birth_date, sex=sex, today=TODAY)
    assert result.valid, result.issues
    assert result.issues == []
    assert (result.info.birth_date, result.info.sex) == (birth_date, sex)


@given(
    birth_date=birth_dates,
    sex=st.sampled_from("LP"),
    position=st.integers(6, 11),
    digit=st.integers(0, 9),
)
def test_a_changed_date_digit_is_caught_or_still_consistent(birth_date, sex, position, digit):
    nik = f"537101{encode_date_part(birth_date, sex)}0001"
    changed = nik[:position] + str(digit) + nik[position + 1 :]
    result = check_nik(changed, birth_date=birth_date, sex=sex, today=TODAY)
    if changed == nik:
        assert result.valid
    elif result.valid:
        # Only a change that encodes the very same date and sex can pass (e.g. 1926 vs 2026).
        assert (result.info.birth_date, result.info.sex) == (birth_date, sex)
    else:
        assert any(i.is_error for i in result.issues)
