"""Fuzzing the rules the form, the CLI and the importer share: whatever is typed or pasted,
they answer with messages, never with a crash."""

from dataclasses import fields
from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kupang_desk.domain.entities import Worker
from kupang_desk.domain.field_types import MAX_UPAH
from kupang_desk.domain.names import check_name, normalize_name
from kupang_desk.domain.nik import check_nik
from kupang_desk.domain.validation import (
    normalize_and_validate,
    normalize_worker,
    validate_worker,
)

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Printable text, control characters, other scripts, digits from other alphabets, and huge cells.
nasty_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.text(alphabet="0123456789 \t\n\r\x00\x0b\u200b\u0660\u0661\uff11", max_size=30),
    st.text(min_size=1, max_size=20).map(lambda s: s * 5_000),  # a huge pasted cell
    st.just("5371014503850001\x00"),
    st.just('=HYPERLINK("http://x")'),
)
digits16 = st.text(alphabet="0123456789", min_size=16, max_size=16)
wrong_types = st.one_of(
    st.none(), st.integers(), st.floats(allow_nan=True), st.binary(), st.lists(st.integers())
)


def assert_messages(issues) -> None:
    for issue in issues:
        assert isinstance(issue.message, str) and issue.message.strip()
        assert issue.field


@FUZZ
@given(nasty_text, st.one_of(st.none(), st.dates()), st.sampled_from([None, "L", "P", "X", ""]))
def test_check_nik_never_crashes_and_bad_input_gets_a_message(raw, birth_date, sex):
    result = check_nik(raw, birth_date=birth_date, sex=sex, today=date(2026, 11, 25))
    assert_messages(result.issues)
    if not result.valid:
        assert any(i.is_error for i in result.issues)
    else:
        assert len(result.nik) == 16 and result.nik.isdigit() and result.nik.isascii()


@FUZZ
@given(digits16, st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))
def test_any_sixteen_digits_get_an_answer(nik, birth_date):
    result = check_nik(nik, birth_date=birth_date, sex="L", today=date(2026, 11, 25))
    assert_messages(result.issues)
    assert result.valid == (not any(i.is_error for i in result.issues))


@FUZZ
@given(nasty_text)
def test_names_are_checked_without_crashing(raw):
    """Found by this test: "²" and "½" passed as letters."""
    name = normalize_name(raw)
    issues = check_name(name)
    assert_messages(issues)
    if not name:
        assert issues
    if any(ch.isdigit() or ch in '\x00\t\n=()"/:' for ch in name):
        assert issues, f"{name!r} should be refused"


@FUZZ
@given(
    nik=nasty_text,
    name=nasty_text,
    birth_date=st.one_of(st.none(), st.dates()),
    sex=st.one_of(st.sampled_from(["L", "P", "", "l", "laki-laki"]), st.text(max_size=3)),
    opd_code=st.one_of(st.just(""), st.text(max_size=20)),
    jabatan=nasty_text,
    upah=st.one_of(st.integers(min_value=-(10**20), max_value=10**20)),
)
def test_validate_worker_answers_every_record(nik, name, birth_date, sex, opd_code, jabatan, upah):
    worker = Worker(nik, name, birth_date, sex, opd_code, jabatan=jabatan, upah=upah)
    issues = validate_worker(normalize_worker(worker), today=date(2026, 11, 25))
    assert_messages(issues)
    if upah < 0:
        assert "upah" in {i.field for i in issues}
    if not opd_code:
        assert "opd_code" in {i.field for i in issues}


@FUZZ
@given(
    st.sampled_from(
        [
            f.name
            for f in fields(Worker)
            if f.name in {"nik", "name", "sex", "upah", "opd_code", "birth_date"}
        ]
    ),
    wrong_types,
)
def test_wrong_types_are_refused_with_a_message_not_a_crash(field_name, value):
    assume(not (field_name == "upah" and isinstance(value, int) and 0 <= value <= MAX_UPAH))
    base = Worker("5371014503850001", "MARIA", date(1985, 3, 5), "P", "DLHK", upah=2_900_000)
    values = {f.name: getattr(base, f.name) for f in fields(Worker)}
    values[field_name] = value
    worker = Worker(**values)
    issues = validate_worker(normalize_worker(worker), today=date(2026, 11, 25))
    assert_messages(issues)
    assert any(i.is_error for i in issues), f"{field_name}={value!r} accepted"


@FUZZ
@given(
    nik=st.one_of(nasty_text, digits16, wrong_types),
    name=st.one_of(nasty_text, wrong_types),
    birth_date=st.one_of(st.none(), st.dates(), st.datetimes(), wrong_types),
    sex=st.one_of(st.sampled_from(["L", "P", "", " l "]), wrong_types),
    phone=st.one_of(nasty_text, st.just(" 0812-3456-7890 ")),
    upah=st.one_of(st.integers(min_value=-(10**13), max_value=10**13), st.booleans()),
)
def test_the_importers_one_pass_answers_like_normalize_then_validate(
    nik, name, birth_date, sex, phone, upah
):
    """The importer runs the type gate once per row; it must not change a single answer."""
    worker = Worker(nik, name, birth_date, sex, "DLHK", phone=phone, upah=upah)
    today = date(2026, 11, 25)
    normalized = normalize_worker(worker)
    expected = validate_worker(normalized, today=today, umk=2_900_000)
    assert normalize_and_validate(worker, today=today, umk=2_900_000) == (normalized, expected)
