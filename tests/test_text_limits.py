"""Issue 12 item 11: names in one script; every text field has a maximum length, enforced
for the form, the import and the merge."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from kupang_desk.domain.entities import FamilyMember, Membership, Worker
from kupang_desk.domain.family import validate_member
from kupang_desk.domain.memberships import validate_membership
from kupang_desk.domain.names import check_name
from kupang_desk.domain.text_limits import MAX_LENGTHS, NAME
from kupang_desk.domain.validation import normalize_worker, validate_worker
from kupang_desk.services import bundles
from kupang_desk.services.demo import OPDS
from kupang_desk.services.importing import ImportOptions, import_file
from kupang_desk.services.opd import save_opd
from kupang_desk.services.workers import save_worker
from tests.helpers import by_nik, dlhk_niks, edit
from tests.roster_sheets import clerk_xlsx, nik_for

TODAY = date(2026, 11, 25)
CYRILLIC_A = "\u0410"  # А
GREEK_O = "\u039f"  # Ο


def test_a_cyrillic_or_greek_look_alike_in_a_latin_name_is_refused():
    [issue] = check_name(f"M{CYRILLIC_A}RIA NDUN")
    assert issue.code == "name.mixed_script"
    assert "huruf ke-2" in issue.message and "Sirilik" in issue.message
    [issue] = check_name(f"ANT{GREEK_O}NIUS")
    assert "huruf ke-4" in issue.message and "Yunani" in issue.message
    # Latin letters with diacritics are one script; so is a name wholly in another script
    assert check_name("JOSÉ MARÍA") == []
    assert check_name("ÑOÑO") == []


def test_the_mixed_script_rule_is_the_same_for_workers_and_family_members():
    worker = Worker(
        nik_for(date(1985, 3, 15), "P"),
        f"M{CYRILLIC_A}RIA",
        date(1985, 3, 15),
        "P",
        "DLHK",
        mother_name=f"{CYRILLIC_A}NNA",
    )
    issues = validate_worker(normalize_worker(worker), today=TODAY)
    assert {(i.field, i.code) for i in issues} >= {
        ("name", "name.mixed_script"),
        ("mother_name", "name.mixed_script"),
    }
    child = FamilyMember(
        1, nik_for(date(2015, 1, 1), "L"), f"Y{GREEK_O}HANES", "anak", date(2015, 1, 1), "L"
    )
    assert "name.mixed_script" in {i.code for i in validate_member(child, today=TODAY)}


def test_every_text_field_of_a_worker_has_a_limit():
    from dataclasses import fields

    text_fields = {
        f.name
        for f in fields(Worker)
        if f.type == "str" and f.name not in {"uuid", "accepted_warnings"}
    }
    assert text_fields <= set(MAX_LENGTHS["worker"])
    assert {f.name for f in fields(FamilyMember) if f.type == "str"} - {"uuid"} <= set(
        MAX_LENGTHS["family_member"]
    )


def test_too_long_values_are_errors_and_the_other_rules_still_speak():
    worker = Worker(
        nik_for(date(1985, 3, 15), "L"),
        "A" * 3000,
        date(1985, 3, 15),
        "P",  # also wrong: the NIK says L
        "DLHK",
        jabatan="Tenaga " * 40,
    )
    issues = validate_worker(normalize_worker(worker), today=TODAY)
    by_code = {}
    for issue in issues:
        by_code.setdefault(issue.code, []).append(issue)
    assert {i.field for i in by_code["text.too_long"]} == {"name", "jabatan"}
    name_issue = next(i for i in by_code["text.too_long"] if i.field == "name")
    assert f"3.000 karakter, paling banyak {NAME}" in name_issue.message
    assert len(name_issue.message) < 300  # the value is not quoted whole
    assert "nik.sex_mismatch" in by_code or any(i.field == "nik" for i in issues)
    assert all(len(i.message) < 400 for i in issues)
    member = FamilyMember(
        1, nik_for(date(2015, 1, 1), "L"), "B" * 500, "anak", date(2015, 1, 1), "L"
    )
    assert "text.too_long" in {i.code for i in validate_member(member, today=TODAY)}
    card = Membership("kesehatan", 1, faskes_name="X" * 101)
    assert "text.too_long" in {i.code for i in validate_membership(card)}


def test_the_form_path_refuses_a_too_long_name(ctx):
    save_opd(ctx, OPDS[0])
    worker = Worker(nik_for(date(1985, 3, 15), "L"), "A" * 101, date(1985, 3, 15), "L", "DLHK")
    result = save_worker(ctx, worker)
    assert not result.saved
    assert "text.too_long" in {i.code for i in result.issues}
    assert save_worker(ctx, replace(worker, name="A" * 100), accept_warnings=True).saved


def test_a_3000_character_name_is_a_rejected_row_not_a_broken_daftar(ctx, tmp_path):
    save_opd(ctx, OPDS[0])
    good, long = nik_for(date(1985, 3, 15), "L"), nik_for(date(1990, 1, 2), "P")
    path = clerk_xlsx(
        tmp_path / "ptt.xlsx",
        [
            [1, good, "Antonius Bria", "Kupang", "15-03-1985", "L", "Penyapu", "", 2_600_000],
            [2, long, "Maria " * 500, "Kupang", "02-01-1990", "P", "Penyapu", "", 2_600_000],
        ],
    )
    report = import_file(ctx, path, ImportOptions(opd_code="DLHK"))
    assert report.accepted == 1
    [rejected] = report.to_json()["rejected"]
    assert rejected["row"] == 6 and rejected["field"] == "name"
    assert "paling banyak 100" in rejected["message"]


def test_a_merge_refuses_an_over_long_record_from_an_older_office(offices, tmp_path):
    opd, centre = offices
    nik = dlhk_niks(opd)[0]
    edit(opd, nik, name="N" * 3000)  # stored directly, as an older version could have
    out = tmp_path / "dlhk.zip"
    bundles.export_bundle(opd, out, opd_code="DLHK")
    report = bundles.merge_bundle(centre, out)
    refused = [c for c in report.conflicts if c.reason == "value_too_long"]
    assert [c.nik for c in refused] == [nik]
    assert "paling banyak 100" in refused[0].message
    assert centre.store.query("SELECT count(*) FROM workers WHERE nik = ?", (nik,))[0][0] == 0
    assert by_nik(opd, nik).name == "N" * 3000  # the office keeps its record to fix


@pytest.mark.parametrize("paper", ["f4", "a4"])
def test_values_at_their_limits_still_print_in_the_daftar(ctx, tmp_path, paper):
    from kupang_desk.domain.text_limits import LONG_TEXT, TEXT
    from kupang_desk.services.reports import print_daftar

    save_opd(ctx, OPDS[0])
    words = ("WILHELMINA " * 10)[:NAME].strip()
    for serial, name in enumerate((words, "W" * NAME), start=1):
        worker = Worker(
            nik_for(date(1985, 3, 15), "L", serial),
            name,
            date(1985, 3, 15),
            "L",
            "DLHK",
            jabatan=("Tenaga Kebersihan " * 10)[:TEXT],
            unit="U" * TEXT,
            address="JL " * (LONG_TEXT // 3),
            upah=999_999_999,  # the widest Upah cell; the dasar iuran is the ceiling
        )
        saved = save_worker(ctx, worker, accept_warnings=True)
        assert saved.saved
        # an active member: the status cell carries the 13-digit card, the faskes is long
        with ctx.store.transaction() as db:
            db["memberships"].insert(
                {
                    "worker_id": saved.worker.id,
                    "program": "kesehatan",
                    "status": "active",
                    "card_number": f"000123456789{serial}",
                    "kelas_rawat": "1",
                    "faskes_code": "0138U020",
                    "faskes_name": ("PUSKESMAS OEBOBO " * 10)[:TEXT],
                }
            )
    out = tmp_path / "daftar.pdf"
    result = print_daftar(ctx, out, opd_code="DLHK", paper=paper)
    assert result.workers == 2 and result.pages <= 2
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    # upah, dasar iuran and the status with its card each on one line of their cell
    assert text.count("999.999.999 12.000.000\n") == 2
    assert "Aktif 0001234567891 480.000 120.000 600.000" in text
    assert "Aktif 0001234567892 480.000 120.000 600.000" in text


def test_opd_fields_have_their_limits_too(ctx):
    from kupang_desk.services.opd import OpdError

    long_name = replace(OPDS[0], code="DLHK2", name="DINAS " * 40)
    with pytest.raises(OpdError, match="paling banyak 150"):
        save_opd(ctx, long_name)
    assert save_opd(ctx, replace(long_name, name="DINAS LINGKUNGAN HIDUP")).code == "DLHK2"
