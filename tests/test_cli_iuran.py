"""`kupang-desk iuran UPAH`: every amount worked by hand from the 2026 rates of the seeded
city (UMK Rp 2.532.853, Kep. Gubernur NTT 535/KEP/HK/2025). Rounding: each component of
each person to whole rupiah, half up."""

import json
from pathlib import Path

import pytest

from kupang_desk.cli import main

UMK = 2_532_853


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("iuran") / "kupang.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    assert main(["--db", str(path), "settings", "set", "pemda.region_code", "5371"]) == 0
    return path


def iuran(capsys, db: Path, *args: str) -> dict:
    capsys.readouterr()
    assert main(["--db", str(db), "iuran", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def parts(document: dict) -> dict[str, tuple[int, int, int]]:
    return {c["code"]: (c["base"], c["employer"], c["worker"]) for c in document["components"]}


def test_jkn_below_the_floor_is_paid_on_the_umk_and_written_the_indonesian_way(db, capsys):
    result = iuran(capsys, db, "2.500.000,00", "--period", "2026-06", "--program", "kesehatan")
    assert (result["period"], result["upah"], result["program"]) == (
        "2026-06",
        2_500_000,
        "kesehatan",
    )
    # 2.500.000 < UMK: base 2.532.853; 4 % = 101.314,12 -> 101.314; 1 % = 25.328,53 -> 25.329
    assert parts(result) == {"JKN": (UMK, 101_314, 25_329)}
    assert result["total"] == 126_643  # 101.314 + 25.329


def test_one_extra_family_member_pays_one_percent(db, capsys):
    result = iuran(
        capsys, db, "2500000", "--period", "2026-06", "--program", "kesehatan", "--tambahan", "1"
    )
    # TAMBAHAN: 1 % of 2.532.853 = 25.328,53 -> 25.329, the worker's
    assert parts(result)["TAMBAHAN"] == (UMK, 0, 25_329)
    assert result["total"] == 126_643 + 25_329
    two = iuran(
        capsys, db, "2500000", "--period", "2026-06", "--program", "kesehatan", "--tambahan", "2"
    )
    assert parts(two)["TAMBAHAN"] == (UMK, 0, 50_658)  # each member rounded, then 2 x 25.329


def test_jkn_above_the_ceiling_is_paid_on_twelve_million(db, capsys):
    result = iuran(capsys, db, "15.000.000", "--period", "2026-06", "--program", "kesehatan")
    # base 12.000.000: 4 % = 480.000, 1 % = 120.000
    assert parts(result) == {"JKN": (12_000_000, 480_000, 120_000)}


@pytest.mark.parametrize(
    ("period", "cap", "employer", "worker"),
    [
        # February 2026: cap 10.547.400; 2 % = 210.948, 1 % = 105.474
        ("2026-02", 10_547_400, 210_948, 105_474),
        # March 2026: cap 11.086.300; 2 % = 221.726, 1 % = 110.863
        ("2026-03", 11_086_300, 221_726, 110_863),
    ],
)
def test_jp_is_capped_by_the_cap_of_the_month(db, capsys, period, cap, employer, worker):
    result = iuran(
        capsys,
        db,
        "12000000",
        "--period",
        period,
        "--program",
        "ketenagakerjaan",
        "--programs",
        "JP",
    )
    assert parts(result)["JP"] == (cap, employer, worker)
    # JKK (0,24 %) and JKM (0,30 %) on the whole 12.000.000: 28.800 and 36.000
    assert parts(result)["JKK"] == (12_000_000, 28_800, 0)
    assert parts(result)["JKM"] == (12_000_000, 36_000, 0)
    assert result["total"] == 28_800 + 36_000 + employer + worker


@pytest.mark.parametrize(
    ("risk", "jkk"),
    [
        ("1", 6_079),  # 0,24 % of 2.532.853 = 6.078,8472
        ("2", 13_677),  # 0,54 % = 13.677,4062
        ("3", 22_542),  # 0,89 % = 22.542,3917
        ("IV", 32_167),  # 1,27 % = 32.167,2331
        ("5", 44_072),  # 1,74 % = 44.071,6422
    ],
)
def test_each_jkk_class_on_the_umk(db, capsys, risk, jkk):
    result = iuran(
        capsys,
        db,
        "2532853",
        "--period",
        "2026-06",
        "--program",
        "ketenagakerjaan",
        "--jkk-class",
        risk,
    )
    assert parts(result)["JKK"] == (UMK, jkk, 0)
    assert parts(result)["JKM"] == (UMK, 7_599, 0)  # 0,30 % = 7.598,559


def test_jht_and_jp_on_the_umk(db, capsys):
    result = iuran(
        capsys,
        db,
        "2000000",
        "--period",
        "2026-06",
        "--program",
        "ketenagakerjaan",
        "--programs",
        "jkk,jkm,jht,jp",
    )
    # JHT 3,7 % = 93.715,561 -> 93.716; 2 % = 50.657,06 -> 50.657
    assert parts(result)["JHT"] == (UMK, 93_716, 50_657)
    # JP 2 % = 50.657; 1 % = 25.328,53 -> 25.329 (the UMK is below the cap)
    assert parts(result)["JP"] == (UMK, 50_657, 25_329)
    assert [c["code"] for c in result["components"]] == ["JKK", "JKM", "JHT", "JP"]
    assert result["total"] == 6_079 + 7_599 + 93_716 + 50_657 + 50_657 + 25_329


def test_defaults_both_programs_and_the_pemdas_enrolled_set(db, capsys, tmp_path):
    result = iuran(capsys, db, "3000000", "--period", "2026-06")
    assert result["program"] == "semua"
    # no JHT/JP enrolled: JKN 120.000 + 30.000, JKK 7.200, JKM 9.000 (3.000.000 x 4/1/0,24/0,3 %)
    assert parts(result) == {
        "JKN": (3_000_000, 120_000, 30_000),
        "JKK": (3_000_000, 7_200, 0),
        "JKM": (3_000_000, 9_000, 0),
    }
    path = tmp_path / "jp.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    assert main(["--db", str(path), "settings", "set", "pemda.region_code", "5371"]) == 0
    assert main(["--db", str(path), "settings", "set", "pemda.jp_enrolled", "1"]) == 0
    enrolled = iuran(capsys, path, "3000000", "--period", "2026-06", "--program", "ketenagakerjaan")
    assert [c["code"] for c in enrolled["components"]] == ["JKK", "JKM", "JP"]
    assert parts(enrolled)["JP"] == (3_000_000, 60_000, 30_000)


def test_text_output_lists_each_component_and_the_total(db, capsys):
    capsys.readouterr()
    assert main(["--db", str(db), "iuran", "2500000", "--period", "2026-02"]) == 0
    text = capsys.readouterr().out
    assert "Iuran Februari 2026, upah Rp 2.500.000 (tarif 2026)" in text
    assert "JKN" in text and "101.314" in text and "25.329" in text
    # 101.314 + 25.329 + 6.079 + 7.599 = 140.321
    assert text.splitlines()[-1].split()[-1] == "140.321"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["2,500"], "bisa berarti dua jumlah"),
        (["dua juta"], "bukan jumlah rupiah"),
        (["2.500.000,50"], "memakai sen"),
        (["2500000", "--period", "2026-13"], "Periode '2026-13' tidak dikenali"),
        (["2500000", "--jkk-class", "6"], "Kelas risiko JKK '6' tidak ada"),
        (["2500000", "--programs", "JKK,JHX"], "Program JHX tidak dikenal"),
        (["2500000", "--program", "bpjs"], "Program 'bpjs' tidak dikenal"),
    ],
)
def test_a_bad_value_exits_2_with_an_indonesian_message(db, capsys, args, says):
    capsys.readouterr()
    assert main(["--db", str(db), "iuran", *args]) == 2
    captured = capsys.readouterr()
    assert says in captured.err and captured.out == ""


def test_another_pemda_without_its_floor_is_warned_and_pays_on_the_wage(tmp_path, capsys):
    path = tmp_path / "belu.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    assert main(["--db", str(path), "settings", "set", "pemda.region_code", "5304"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "iuran", "2000000", "--period", "2026-06", "--json"]) == 0
    captured = capsys.readouterr()
    # no floor: 4 % and 1 % of 2.000.000 itself
    assert parts(json.loads(captured.out))["JKN"] == (2_000_000, 80_000, 20_000)
    assert "UMK/UMP tahun 2026" in captured.err
