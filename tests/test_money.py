"""One money reading (domain/money.py) for the form, the importer and the rates dialog."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kupang_desk.domain.entities import Worker
from kupang_desk.domain.formatting import rupiah
from kupang_desk.domain.money import MoneyError, format_amount, parse_rupiah
from kupang_desk.domain.validation import validate_worker
from kupang_desk.exchange import values

UMK = 2_532_853
amounts = st.integers(min_value=0, max_value=10**13 - 1)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("2.500.000,00", 2_500_000),  # was stored as 250.000.000 by the form
        ("2.500.000", 2_500_000),
        ("Rp 2.500.000,-", 2_500_000),
        ("Rp. 2.500.000", 2_500_000),
        ("rp2.500.000,-", 2_500_000),
        ("2 500 000", 2_500_000),
        ("2\u00a0500\u00a0000", 2_500_000),
        ("2500000", 2_500_000),
        ("2,500,000", 2_500_000),
        ("2,500,000.00", 2_500_000),
        ("2500000.00", 2_500_000),
        ("2.500", 2_500),
        ("", None),
        ("   ", None),
    ],
)
def test_amounts_as_clerks_write_them(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2,500", "bisa berarti dua jumlah"),  # 2.500 in English, 2,5 in Indonesian
        ("2.500.000,50", "rupiah utuh"),
        ("2.50", "rupiah utuh"),
        ("-2.500.000", "negatif"),
        ("Rp -5.000", "negatif"),
        ("dua juta", "bukan jumlah rupiah"),
        ("2.500.000.00", "bukan jumlah rupiah"),
        ("２５００", "bukan jumlah rupiah"),
        ("99999999999999", "terlalu besar"),
    ],
)
def test_ambiguous_or_wrong_amounts_are_refused_with_a_message(text, says):
    with pytest.raises(MoneyError, match=says) as raised:
        parse_rupiah(text, "Upah")
    assert str(raised.value).startswith("Upah: ")


@given(amounts)
def test_format_then_parse_round_trips(amount):
    assert parse_rupiah(format_amount(amount)) == amount
    assert parse_rupiah(rupiah(amount)) == amount
    assert parse_rupiah(rupiah(amount) + ",-") == amount
    assert parse_rupiah(format_amount(amount) + ",00") == amount


@given(st.integers(min_value=1_000_000, max_value=10**12))
def test_english_grouping_round_trips_when_unambiguous(amount):
    assert parse_rupiah(f"{amount:,}") == amount
    assert parse_rupiah(f"{amount:,}.00") == amount


def test_the_importer_reads_text_cells_with_the_same_rule():
    assert values.parse_money("2.500.000,00", "UPAH") == 2_500_000
    assert values.parse_money(2_500_000.0, "UPAH") == 2_500_000
    with pytest.raises(values.CellError, match="Kolom UPAH: '2,500' bisa berarti dua jumlah"):
        values.parse_money("2,500", "UPAH")


def wage_codes(upah: int) -> list[str]:
    worker = Worker("5371014503850001", "MARIA", date(1985, 3, 5), "P", "DLHK", upah=upah)
    return [i.code for i in validate_worker(worker, today=date(2026, 6, 1), umk=UMK)]


def test_an_implausible_wage_is_a_warning_that_names_the_umk():
    assert wage_codes(250_000_000) == ["upah.implausible"]
    assert wage_codes(250_000) == ["upah.implausible"]
    assert wage_codes(UMK * 10) == []
    assert wage_codes(2_000_000) == ["upah.below_umk"]
    assert wage_codes(3_000_000) == []
