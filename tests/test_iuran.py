"""Contributions checked against sums done by hand (rates of the 2026 seed table)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
UMK = 2_396_696


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
    assert share(UMK, 24) == 5_752  # 5.752,0704
    assert share(UMK, 30) == 7_190  # 7.190,088


@given(st.integers(0, 50_000_000), st.integers(0, 10_000))
def test_share_is_the_nearest_whole_rupiah(base, bp):
    exact = base * bp / 10_000
    assert abs(share(base, bp) - exact) <= 0.5


def test_kesehatan_wage_below_the_floor_uses_the_umk():
    iuran = iuran_kesehatan(2_000_000, RATES_2026)
    assert iuran.base_wage == UMK
    # 4% of 2.396.696 = 95.867,84 -> 95.868; 1% = 23.966,96 -> 23.967
    assert (iuran.employer, iuran.worker, iuran.total) == (95_868, 23_967, 119_835)
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
    assert iuran.component("JKK").employer == 5_752
    assert parse_tk_programs("jht; jp") == ("JKK", "JKM", "JHT", "JP")
    assert parse_tk_programs("") == ("JKK", "JKM")
    assert tk_program_label(("JKK", "JKM", "JHT"), 3) == "JKK-III, JKM, JHT"
