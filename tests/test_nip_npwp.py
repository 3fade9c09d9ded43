"""Issue 12 items 9 and 10: NI PPPK beside the PNS NIP; the 16-digit NPWP."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kupang_desk.cli import main
from kupang_desk.domain.entities import Worker
from kupang_desk.domain.identifiers import check_npwp, explain_nip
from kupang_desk.domain.validation import normalize_worker, validate_worker


@pytest.mark.parametrize(
    ("nip", "born", "appointed", "code", "sex", "serial"),
    [
        ("199009132025242014", date(1990, 9, 13), "2025", "24", "P", "014"),
        ("198507162021212001", date(1985, 7, 16), "2021", "21", "P", "001"),
    ],
)
def test_ni_pppk_is_decoded(nip, born, appointed, code, sex, serial):
    result = explain_nip(nip)
    assert result.valid, result.issues
    info = result.info
    assert (info.kind, info.birth_date, info.appointed, info.code, info.sex, info.serial) == (
        "PPPK",
        born,
        appointed,
        code,
        sex,
        serial,
    )


def test_pns_nip_still_reads_its_tmt_month():
    info = explain_nip("196805121994031007").info
    assert (info.kind, info.appointed, info.code, info.sex) == ("PNS", "1994-03", "", "L")


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("199009132025152014", "nip.tmt"),  # 15: neither a month nor a PPPK code
        ("199009131995242014", "nip.tmt"),  # appointed at 5 years old
        ("199009132025243014", "nip.sex"),
        ("199009132025242000", "nip.serial"),
        ("199002302025242014", "nip.birth_date"),
    ],
)
def test_wrong_ni_pppk_is_refused_with_its_reason(nip, code):
    assert code in {i.code for i in explain_nip(nip).issues}


def test_a_pppk_workers_nip_is_checked_against_birth_date_and_sex():
    worker = Worker(
        "5371015309900001",
        "MARIA NDUN",
        date(1990, 9, 13),
        "P",
        "DLHK",
        nip="199009132025242014",
        employment_type="PPPK Paruh Waktu",
    )
    assert not [i for i in validate_worker(normalize_worker(worker)) if i.field == "nip"]
    male = Worker("5371011309900001", "YOSEF", date(1990, 9, 13), "L", "DLHK", nip=worker.nip)
    assert "nip.sex_mismatch" in {i.code for i in validate_worker(normalize_worker(male))}


def test_cli_check_nip_explains_either_kind(capsys):
    assert main(["check", "nip", "199009132025242014", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["kind"] == "PPPK" and result["appointed"] == "2025" and result["code"] == "24"
    assert result["birth_date"] == "1990-09-13" and result["sex"] == "P"
    assert main(["check", "nip", "196805121994031007"]) == 0
    out = capsys.readouterr().out
    assert "NIP PNS 196805121994031007: SAH" in out and "TMT CPNS: 1994-03" in out
    assert main(["check", "nip", "1990091320252420"]) == 1
    assert "harus 18 angka" in capsys.readouterr().out


def test_a_16_digit_npwp_the_nik_is_valid_beside_the_old_15_digits():
    assert check_npwp("5371015309900001") == []  # NIK as NPWP (PMK 136/2023)
    assert check_npwp("013000666091000") == []  # the old 15-digit form
    assert [i.code for i in check_npwp("537101530990000")] == ["npwp.invalid"]
    worker = Worker(
        "5371015309900001",
        "MARIA NDUN",
        date(1990, 9, 13),
        "P",
        "DLHK",
        npwp="5371.0153.0990.0001",
    )
    normalized = normalize_worker(worker)
    assert normalized.npwp == "5371015309900001"
    assert not [i for i in validate_worker(normalized) if i.field == "npwp"]
