"""Contributions checked against sums done by hand (rates of the 2026 seed table)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kupang_desk.domain.ages import pension_age, pension_date
from kupang_desk.domain.iuran import (
    SEED_RATES,
    extra_members,
    iuran_anggota_tambahan,
    iuran_kesehatan,
    iuran_ketenagakerjaan,
    parse_tk_programs,
    percent_label,
    rate_for_year,
    share,
    tk_program_label,
)

RATES_2026 = rate_for_year(SEED_RATES, 2026)
TK_ALL = ("JKK", "JKM", "JHT", "JP")
UMK = 2_532_853  # UMK Kota Kupang 2026 (Kep. Gubernur NTT 535/KEP/HK/2025)


def test_seed_table_holds_the_regulation_values():
    assert RATES_2026.umk == UMK
    assert (RATES_2026.kes_employer_bp, RATES_2026.kes_worker_bp) == (400, 100)
    assert RATES_2026.kes_ceiling == 12_000_000
    assert RATES_2026.jkk_bp == (24, 54, 89, 127, 174)
    assert RATES_2026.jkm_bp == 30
    assert (RATES_2026.jht_employer_bp, RATES_2026.jht_worker_bp) == (370, 200)
    assert (RATES_2026.jp_employer_bp, RATES_2026.jp_worker_bp) == (200, 100)
    assert [percent_label(bp) for bp in RATES_2026.jkk_bp] == [
        "0,24%",
        "0,54%",
        "0,89%",
        "1,27%",
        "1,74%",
    ]
    assert percent_label(400) == "4%"
    assert percent_label(370) == "3,7%"


def test_year_lookup_falls_back_to_the_latest_earlier_year():
    assert rate_for_year(SEED_RATES, 2030).year == 2026
    assert rate_for_year(SEED_RATES, 2025).year == 2025
    assert rate_for_year(SEED_RATES, 2019).year == 2025  # nothing earlier: the earliest


def test_rounding_is_half_up_per_component():
    assert share(50, 100) == 1  # Rp 0,50 -> Rp 1
    assert share(149, 100) == 1  # Rp 1,49 -> Rp 1
    assert share(150, 100) == 2  # Rp 1,50 -> Rp 2
    assert share(UMK, 24) == 6_079  # 2.532.853 x 0,24 % = 6.078,8472
    assert share(UMK, 30) == 7_599  # 2.532.853 x 0,30 % = 7.598,559


@given(st.integers(0, 50_000_000), st.integers(0, 10_000))
def test_share_is_the_nearest_whole_rupiah(base, bp):
    exact = base * bp / 10_000
    assert abs(share(base, bp) - exact) <= 0.5


def test_kesehatan_wage_below_the_floor_uses_the_umk():
    iuran = iuran_kesehatan(2_000_000, RATES_2026)
    assert iuran.base_wage == UMK
    # 4% of 2.532.853 = 101.314,12 -> 101.314; 1% = 25.328,53 -> 25.329
    assert (iuran.employer, iuran.worker, iuran.total) == (101_314, 25_329, 126_643)
    assert iuran.component("JKN").base == UMK
    assert iuran.kelas == 2


def test_kesehatan_wage_above_the_ceiling_uses_the_ceiling():
    iuran = iuran_kesehatan(15_000_000, RATES_2026)
    assert iuran.base_wage == 12_000_000
    assert (iuran.employer, iuran.worker, iuran.total) == (480_000, 120_000, 600_000)
    assert iuran.kelas == 1


def test_kelas_follows_the_wage_and_can_be_switched_off():
    assert iuran_kesehatan(4_000_000, RATES_2026).kelas == 2
    assert iuran_kesehatan(4_000_001, RATES_2026).kelas == 1
    assert iuran_kesehatan(4_000_001, RATES_2026, kelas_enabled=False).kelas is None


def test_four_children_make_one_extra_member_paid_by_the_worker():
    flags = extra_members(["istri", "anak", "anak", "anak", "anak"])
    assert flags == [False, False, False, False, True]
    own = iuran_kesehatan(3_000_000, RATES_2026)
    extra = iuran_anggota_tambahan(3_000_000, RATES_2026)
    assert (own.employer, own.worker) == (120_000, 30_000)
    assert (extra.employer, extra.worker) == (0, 30_000)  # 1% of 3.000.000
    assert own.total + extra.total == 180_000
    assert extra_members(["suami", "anak", "tambahan"]) == [False, False, True]


@pytest.mark.parametrize(
    ("risk_class", "jkk"),
    [(1, 7_200), (2, 16_200), (3, 26_700), (4, 38_100), (5, 52_200)],
)
def test_each_jkk_risk_class(risk_class, jkk):
    iuran = iuran_ketenagakerjaan(3_000_000, RATES_2026, month=6, risk_class=risk_class)
    assert iuran.component("JKK").employer == jkk  # 0,24 / 0,54 / 0,89 / 1,27 / 1,74 %
    assert iuran.component("JKM").employer == 9_000  # 0,30 %
    assert (iuran.employer, iuran.worker) == (jkk + 9_000, 0)
    assert iuran.component("JHT") is None


def test_jkk_class_outside_one_to_five_is_refused():
    with pytest.raises(ValueError, match="1 sampai 5"):
        iuran_ketenagakerjaan(3_000_000, RATES_2026, month=1, risk_class=6)


def test_jht_split_between_employer_and_worker():
    iuran = iuran_ketenagakerjaan(3_000_000, RATES_2026, month=6, programs=("JKK", "JKM", "JHT"))
    jht = iuran.component("JHT")
    assert (jht.employer, jht.worker) == (111_000, 60_000)  # 3,7 % and 2 %
    assert iuran.total == 7_200 + 9_000 + 111_000 + 60_000


def test_jp_cap_changes_in_march():
    programs = ("JKK", "JKM", "JP")
    february = iuran_ketenagakerjaan(12_000_000, RATES_2026, month=2, programs=programs)
    march = iuran_ketenagakerjaan(12_000_000, RATES_2026, month=3, programs=programs)
    jp_feb, jp_mar = february.component("JP"), march.component("JP")
    assert (jp_feb.employer, jp_feb.worker) == (210_948, 105_474)  # cap 10.547.400
    assert (jp_mar.employer, jp_mar.worker) == (221_726, 110_863)  # cap 11.086.300
    # JKK and JKM take the whole wage, not the JP cap
    assert march.component("JKK").employer == 28_800


def test_tk_floor_and_program_labels():
    iuran = iuran_ketenagakerjaan(1_000_000, RATES_2026, month=6)
    assert iuran.base_wage == UMK
    assert iuran.component("JKK").employer == 6_079  # 0,24 % of 2.532.853 = 6.078,85
    assert parse_tk_programs("jht; jp") == ("JKK", "JKM", "JHT", "JP")
    assert parse_tk_programs("") == ("JKK", "JKM")
    assert tk_program_label(("JKK", "JKM", "JHT"), 3) == "JKK-III, JKM, JHT"


def test_each_component_names_the_wage_its_rate_was_applied_to():
    # below the floor: every base is the UMK; above the JP cap: JP alone is capped
    low = iuran_ketenagakerjaan(2_000_000, RATES_2026, month=6, programs=TK_ALL)
    assert [(c.code, c.base) for c in low.components] == [
        ("JKK", UMK),
        ("JKM", UMK),
        ("JHT", UMK),
        ("JP", UMK),
    ]
    high = iuran_ketenagakerjaan(12_000_000, RATES_2026, month=2, programs=TK_ALL)
    assert high.component("JHT").base == 12_000_000
    assert high.component("JP").base == 10_547_400  # the cap until February 2026
    assert (
        iuran_ketenagakerjaan(12_000_000, RATES_2026, month=3, programs=TK_ALL).component("JP").base
        == 11_086_300
    )  # from March 2026
    assert iuran_kesehatan(15_000_000, RATES_2026).component("JKN").base == 12_000_000
    assert iuran_anggota_tambahan(2_000_000, RATES_2026).component("TAMBAHAN").base == UMK


@pytest.mark.parametrize(
    ("born", "year", "month", "jp"),
    [
        # 59 on 10 May 2026, and the pension age of 2025-2027 is 59: May is the first month
        # without JP, April the last with it (58 then)
        (date(1967, 5, 10), 2026, 4, True),
        (date(1967, 5, 10), 2026, 5, False),
        (date(1967, 5, 10), 2027, 1, False),
        # 59 on 15 January 2027 (pension age 59): no JP in December 2027; in January 2028
        # they are 60, the pension age from 2028: still none
        (date(1968, 1, 15), 2026, 12, True),
        (date(1968, 1, 15), 2027, 1, False),
        (date(1968, 1, 15), 2027, 12, False),
        (date(1968, 1, 15), 2028, 1, False),
        # 59 on 1 June 2028, when the pension age is already 60: JP until May 2029,
        # none from June 2029 (60)
        (date(1969, 6, 1), 2028, 6, True),
        (date(1969, 6, 1), 2029, 5, True),
        (date(1969, 6, 1), 2029, 6, False),
        # 59 on 20 December 2027 (pension age 59): reached, so none in January 2028 either
        # although at 59 they are below the 60 of 2028
        (date(1968, 12, 20), 2027, 11, True),
        (date(1968, 12, 20), 2027, 12, False),
        (date(1968, 12, 20), 2028, 1, False),
        # born 29 February 1968: turns 59 on 1 March 2027 (age_on's rule)
        (date(1968, 2, 29), 2027, 2, True),
        (date(1968, 2, 29), 2027, 3, False),
    ],
)
def test_no_jp_from_the_month_of_pension_age(born, year, month, jp):
    rates = rate_for_year(SEED_RATES, year)
    iuran = iuran_ketenagakerjaan(
        3_000_000, rates, month=month, year=year, programs=TK_ALL, birth_date=born
    )
    assert (iuran.component("JP") is not None) is jp
    if jp:  # 2 % + 1 % of 3.000.000
        assert (iuran.component("JP").employer, iuran.component("JP").worker) == (60_000, 30_000)
    # JKK, JKM and JHT go on: 0,24 % + 0,30 % + 3,7 % of 3.000.000 = 7.200 + 9.000 + 111.000
    assert iuran.employer - (60_000 if jp else 0) == 127_200


def test_pension_age_by_year():
    # PP 45/2015 Ps. 15: 56, 57 from 2019, +1 every three years up to 65
    assert [pension_age(y) for y in (2018, 2019, 2021, 2022, 2025, 2027, 2028, 2031)] == [
        56,
        57,
        57,
        58,
        59,
        59,
        60,
        61,
    ]
    assert pension_age(2043) == pension_age(2060) == 65
    assert pension_date(date(1967, 5, 10)) == date(2026, 5, 10)
    assert pension_date(date(1969, 6, 1)) == date(2029, 6, 1)
