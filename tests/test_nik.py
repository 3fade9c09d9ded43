from datetime import date

import pytest

from kupang_desk.domain.nik import birth_date_from_digits, check_nik, encode_date_part

TODAY = date(2026, 11, 25)


def codes(result):
    return [issue.code for issue in result.issues]


def test_valid_nik_of_a_woman_born_1985_in_alak():
    result = check_nik("5371014503850001", today=TODAY)
    assert result.valid
    assert result.info.birth_date == date(1985, 3, 5)
    assert result.info.sex == "P"
    assert result.info.regency == "KOTA KUPANG"
    assert result.info.district == "Alak"
    assert result.issues == []


def test_man_keeps_day_as_is():
    result = check_nik("5371041508900002", today=TODAY)
    assert result.info.birth_date == date(1990, 8, 15)
    assert result.info.sex == "L"


@pytest.mark.parametrize(
    ("raw", "code", "fragment"),
    [
        ("537101450385000", "nik.length", "tertulis 15 angka"),
        ("53710145038500012", "nik.length", "tertulis 17 angka"),
        ("5371O14503850001", "nik.digits", "hanya boleh berisi angka"),
        ("", "nik.empty", "wajib diisi"),
        ("5371013102850001", "nik.date", "310285"),
        ("5371017203850001", "nik.date", "720385"),
        ("5371014503850000", "nik.serial", "0000"),
        ("9971014503850001", "nik.province", "kode provinsi 99"),
    ],
)
def test_invalid_niks_are_explained(raw, code, fragment):
    result = check_nik(raw, today=TODAY)
    assert not result.valid
    assert code in codes(result)
    message = next(i.message for i in result.issues if i.code == code)
    assert fragment in message


def test_unknown_district_is_only_a_warning():
    result = check_nik("5371994503850001", today=TODAY)
    assert result.valid
    assert codes(result) == ["nik.district"]
    assert not result.issues[0].is_error


def test_century_is_the_latest_not_in_the_future():
    assert birth_date_from_digits(5, 3, 5, TODAY) == date(2005, 3, 5)
    assert birth_date_from_digits(5, 3, 30, TODAY) == date(1930, 3, 5)
    assert birth_date_from_digits(26, 11, 26, TODAY) == date(1926, 11, 26)
    assert birth_date_from_digits(25, 11, 26, TODAY) == date(2026, 11, 25)
    assert birth_date_from_digits(29, 2, 0, TODAY) == date(2000, 2, 29)


def test_typed_birth_date_and_sex_must_match_and_message_shows_both():
    result = check_nik("5371014503850001", birth_date=date(1985, 3, 15), sex="L", today=TODAY)
    assert not result.valid
    messages = {i.code: i.message for i in result.issues}
    assert "05-03-1985" in messages["nik.birth_date_mismatch"]
    assert "15-03-1985" in messages["nik.birth_date_mismatch"]
    assert "perempuan" in messages["nik.sex_mismatch"]
    assert "laki-laki" in messages["nik.sex_mismatch"]


def test_encode_date_part_round_trips():
    assert encode_date_part(date(1985, 3, 5), "P") == "450385"
    assert encode_date_part(date(1990, 8, 15), "L") == "150890"
