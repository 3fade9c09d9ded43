"""Issue 12 item 8: a NIK whose digits disagree with the typed birth date or sex is saved from
the form only with a written reason (Dukcapil keeps a NIK when it corrects a birth date),
as an accepted warning, told in the history and listed for the verifikator; the importer
keeps refusing such rows and says how to enter them; the merge takes them with the reason
and refuses them without."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from kupang_desk.domain.entities import FamilyMember, Membership, MembershipStatus, Program, Worker
from kupang_desk.domain.nik import check_nik
from kupang_desk.domain.validation import validate_worker
from kupang_desk.services import bundles, checks
from kupang_desk.services import family as family_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.importing import ImportOptions, import_file
from kupang_desk.store.bundles import collect
from kupang_desk.ui.main_window import MainWindow
from kupang_desk.ui.worker_form import WorkerForm
from tests.helpers import confirm_key_fields, document, sealed
from tests.roster_sheets import clerk_xlsx, nik_for

NIK = "5371014503850001"  # digits say 05-03-1985, a woman
CORRECTED = date(1985, 3, 15)  # the birth date on the corrected akta
REASON = "tanggal lahir dikoreksi Dukcapil (akta 2019), NIK tetap"
TODAY = date(2026, 12, 6)


def codes(issues) -> list[str]:
    return [i.code for i in issues]


def test_the_rule_is_an_error_without_a_reason_and_a_warning_with_it():
    [refused] = check_nik(NIK, birth_date=CORRECTED, sex="P", today=TODAY).issues
    assert refused.is_error and refused.code == "nik.birth_date_mismatch"
    assert refused.message == (
        "NIK 5371014503850001: tanggal lahir di NIK 05-03-1985 tidak sama dengan 15-03-1985. "
        "Periksa NIK atau tanggal lahir."
    )
    [excused] = check_nik(
        NIK, birth_date=CORRECTED, sex="P", today=TODAY, mismatch_reason=f"  {REASON} "
    ).issues
    assert not excused.is_error and excused.code == "nik.birth_date_mismatch"
    assert excused.message == (
        "NIK 5371014503850001 tidak cocok dengan tanggal lahir (di NIK 05-03-1985, diisi "
        f"15-03-1985) — alasan: {REASON}"
    )
    both = check_nik(NIK, birth_date=CORRECTED, sex="L", today=TODAY, mismatch_reason=REASON)
    assert [(i.code, i.is_error) for i in both.issues] == [
        ("nik.birth_date_mismatch", False),
        ("nik.sex_mismatch", False),
    ]
    assert "NIK milik perempuan, diisi laki-laki" in both.issues[1].message
    # the other NIK rules are not excused by a reason
    serial = check_nik("5371014503850000", birth_date=CORRECTED, mismatch_reason=REASON)
    assert ("nik.serial", True) in [(i.code, i.is_error) for i in serial.issues]


def test_saving_needs_the_reason_then_the_acceptance(ctx, worker):
    typed = replace(worker, birth_date=CORRECTED)
    refused = worker_service.save_worker(ctx, typed, accept_warnings=True)
    assert not refused.saved and "nik.birth_date_mismatch" in codes(refused.issues)
    with_reason = replace(typed, nik_mismatch_reason=REASON)
    asked = worker_service.save_worker(ctx, with_reason)
    assert asked.needs_confirmation and codes(asked.issues) == ["nik.birth_date_mismatch"]
    saved = worker_service.save_worker(ctx, with_reason, accept_warnings=True).worker
    stored = worker_service.get_worker(ctx, saved.id)
    assert stored.accepted_warnings == "nik.birth_date_mismatch"
    assert stored.nik_mismatch_reason == REASON
    # the birth date put back to the NIK's: the reason is not kept to excuse a later slip
    fixed = worker_service.save_worker(ctx, replace(stored, birth_date=date(1985, 3, 5)))
    assert fixed.saved and fixed.worker.nik_mismatch_reason == ""
    slip = replace(fixed.worker, birth_date=CORRECTED)
    [error] = [i for i in validate_worker(slip) if i.code == "nik.birth_date_mismatch"]
    assert error.is_error


def test_listed_for_the_verifikator_until_a_membership_is_verified(ctx, worker):
    saved = worker_service.save_worker(
        ctx, replace(worker, birth_date=CORRECTED, nik_mismatch_reason=REASON), accept_warnings=True
    ).worker
    girl_born = date(2012, 7, 1)
    girl = FamilyMember(
        saved.id,
        nik_for(girl_born, "P", 5),
        "ANA NDUN",
        "anak",
        date(2012, 7, 11),  # the KK was corrected, the NIK was not
        "P",
        birth_place="KUPANG",
        nik_mismatch_reason="akta kelahiran dikoreksi, NIK tetap",
    )
    result = family_service.save_family(ctx, saved.id, [girl])
    assert result.saved, result.issues
    assert codes(result.issues) == ["nik.birth_date_mismatch"]  # shown as a warning
    [child] = result.members

    notes = [i for i in checks.worker_problems(ctx, saved.id) if i.code.startswith("verify.")]
    assert [n.message for n in notes] == [
        "Untuk verifikator: MARIA GORETI NDUN: NIK 5371014503850001 tidak cocok dengan tanggal "
        f"lahir (di NIK 05-03-1985, diisi 15-03-1985) — alasan: {REASON}. Cocokkan dengan KTP, "
        "KK dan surat Dukcapil, lalu verifikasi kepesertaannya.",
        f"Untuk verifikator: ANA NDUN: NIK {girl.nik} tidak cocok dengan tanggal lahir (di NIK "
        "01-07-2012, diisi 11-07-2012) — alasan: akta kelahiran dikoreksi, NIK tetap. Cocokkan "
        "dengan KTP, KK dan surat Dukcapil, lalu verifikasi kepesertaannya.",
    ]
    # the mismatch warnings themselves are not listed again beside the notes
    assert "nik.birth_date_mismatch" not in codes(checks.worker_problems(ctx, saved.id))
    [problem] = checks.record_problems(ctx)
    assert codes(problem.issues).count("verify.nik_mismatch") == 2

    own = family_service.save_membership(ctx, Membership(Program.KESEHATAN, saved.id)).membership
    confirm_key_fields(ctx, saved.id)
    family_service.change_status(ctx, own.id, MembershipStatus.VERIFIED, on=TODAY)
    notes = [i for i in checks.worker_problems(ctx, saved.id) if i.code.startswith("verify.")]
    assert [n.message.split(":")[1] for n in notes] == [" ANA NDUN"]
    theirs = family_service.save_membership(
        ctx, Membership(Program.KESEHATAN, saved.id, family_member_id=child.id)
    ).membership
    family_service.change_status(ctx, theirs.id, MembershipStatus.VERIFIED, on=TODAY)
    assert "verify.nik_mismatch" not in codes(checks.worker_problems(ctx, saved.id))


# -- the form -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def never_block(monkeypatch):
    monkeypatch.setattr(WorkerForm, "ask_unsaved", staticmethod(lambda parent: "discard"))


def test_the_form_saves_a_mismatched_nik_only_with_a_reason(qtbot, ctx, monkeypatch):
    asked = []
    monkeypatch.setattr(
        WorkerForm, "accept_warnings", staticmethod(lambda p, issues: asked.append(issues) or True)
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    form = window.open_form()
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.nik, NIK)
    qtbot.keyClicks(form.name, "maria goreti ndun")
    form.birth_date.setText("")
    form.birth_date.setCursorPosition(0)
    qtbot.keyClicks(form.birth_date, "15031985")
    form.opd.setCurrentIndex(form.opd.findData("DLHK"))
    qtbot.keyClicks(form.jabatan, "Penyapu Jalan")
    qtbot.keyClicks(form.upah, "2900000")
    assert not form.nik_mismatch_reason.isVisible()  # not asked while nothing disagrees

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.saved_worker is None and asked == []
    message = form.field_message("birth_date")
    assert "05-03-1985" in message and "15-03-1985" in message
    assert "tulis alasannya di kolom Alasan NIK berbeda" in message
    assert form.nik_mismatch_reason.isVisible() and form.nik_mismatch_reason.isEnabled()

    qtbot.keyClicks(form.nik_mismatch_reason, REASON)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert [i.code for i in asked[0]] == ["nik.birth_date_mismatch"]
    assert "alasan: " + REASON in asked[0][0].message
    saved = form.saved_worker
    assert saved is not None
    assert (saved.birth_date, saved.nik_mismatch_reason) == (CORRECTED, REASON)
    assert saved.accepted_warnings == "nik.birth_date_mismatch"
    [added] = form.history.sentences()
    assert added.endswith(
        f"tester menambahkan pegawai MARIA GORETI NDUN (Alasan NIK berbeda: {REASON})"
    )
    form.tabs.setCurrentIndex(0)
    assert form.nik_mismatch_reason.isVisible()  # the saved record shows its reason

    form.nik_mismatch_reason.setText("akta dikoreksi 2019")
    form.save()
    assert not form.isVisible()  # saved and closed
    reopened = window.open_form(worker_service.get_worker(ctx, saved.id))
    qtbot.addWidget(reopened)
    newest, _ = reopened.history.sentences()
    assert newest.endswith(f"mengubah Alasan NIK berbeda: {REASON} → akta dikoreksi 2019")


# -- the importer ---------------------------------------------------------------------------


def test_the_importer_refuses_the_row_and_says_how_to_enter_it(ctx, tmp_path):
    rows = [
        [1, NIK, "Maria Goreti Ndun", "Kupang", CORRECTED, "P", "Penyapu", "", 2_900_000],
        [2, nik_for(date(1990, 6, 1), "L"), "Yakob Tefa", "Kupang", date(1990, 6, 1), "P", "", "",
         2_900_000],
    ]  # fmt: skip
    report = import_file(ctx, clerk_xlsx(tmp_path / "ptt.xlsx", rows), ImportOptions("DLHK"))
    assert report.accepted == 0
    messages = {(r["row"], r["field"]): r["message"] for r in report.to_json()["rejected"]}
    assert messages[(5, "birth_date")] == (
        "NIK 5371014503850001: tanggal lahir di NIK 05-03-1985 tidak sama dengan 15-03-1985. "
        "Periksa NIK atau tanggal lahir. Bila tanggal lahir memang berbeda dari NIK "
        "(dikoreksi Dukcapil), masukkan pegawai ini lewat formulir dengan alasan."
    )
    assert messages[(6, "sex")].endswith(
        "Bila jenis kelamin memang berbeda dari NIK (dikoreksi Dukcapil), masukkan pegawai ini "
        "lewat formulir dengan alasan."
    )


# -- the merge at the centre --------------------------------------------------------------


OFFICE_NIK = nik_for(date(1979, 4, 21), "L", 9876, district="537105")


def with_excused_records(opd) -> Worker:
    """A DLHK worker and child whose NIKs disagree with their birth dates, with reasons."""
    worker = Worker(
        OFFICE_NIK,
        "PAULUS LAKA",
        date(1979, 4, 12),
        "L",
        "DLHK",
        upah=2_900_000,
        nik_mismatch_reason="akta dikoreksi 2015",
    )
    saved = worker_service.save_worker(opd, worker, accept_warnings=True).worker
    son = FamilyMember(
        saved.id,
        nik_for(date(2011, 2, 2), "L", 9876, district="537105"),
        "PETRUS LAKA",
        "anak",
        date(2011, 2, 20),
        "L",
        nik_mismatch_reason="akta dikoreksi 2016",
    )
    assert family_service.save_family(opd, saved.id, [son]).saved
    return saved


def merge_changed(opd, centre, tmp_path, change, sequence: int) -> dict:
    data = collect(opd.store, "DLHK")
    change(data)
    out = tmp_path / f"kiriman-{sequence}.zip"
    sealed(opd, out, document(opd, data, sequence=sequence), sequence=sequence)
    return bundles.merge_bundle(centre, out).to_json()


def test_the_merge_takes_the_reason_and_refuses_a_mismatch_without_one(offices, tmp_path):
    opd, centre = offices
    worker = with_excused_records(opd)

    def no_reasons(data):
        for record in data["workers"] + data["family_members"]:
            if record.get("nik_mismatch_reason"):
                record["nik_mismatch_reason"] = ""

    refused = merge_changed(opd, centre, tmp_path, no_reasons, sequence=60)
    bad = {c["name"]: c for c in refused["conflicts"]}
    assert set(bad) == {"PAULUS LAKA", "PETRUS LAKA"}
    assert bad["PAULUS LAKA"]["reason"] == "invalid_record"
    assert "di NIK 21-04-1979 tidak sama dengan 12-04-1979" in bad["PAULUS LAKA"]["message"]
    assert bad["PETRUS LAKA"]["reason"] == "parent_not_merged"  # waits for its worker

    merged = merge_changed(opd, centre, tmp_path, lambda data: None, sequence=70)
    assert merged["conflicts"] == []
    stored = centre.store.query(
        "SELECT w.nik_mismatch_reason, w.accepted_warnings, f.nik_mismatch_reason "
        "FROM workers w JOIN family_members f ON f.worker_id = w.id WHERE w.nik = ?",
        (worker.nik,),
    )
    assert [tuple(r) for r in stored] == [
        ("akta dikoreksi 2015", "nik.birth_date_mismatch", "akta dikoreksi 2016")
    ]

    # the child's reason struck out later at the office (or by someone with its file)
    def child_reason_gone(data):
        for record in data["family_members"]:
            if record["name"] == "PETRUS LAKA":
                record["nik_mismatch_reason"] = ""

    again = merge_changed(opd, centre, tmp_path, child_reason_gone, sequence=90)
    [conflict] = again["conflicts"]
    assert (conflict["name"], conflict["reason"]) == ("PETRUS LAKA", "invalid_record")
    assert "tanggal lahir di NIK 02-02-2011 tidak sama dengan 20-02-2011" in conflict["message"]


def test_a_bundle_from_an_office_on_the_older_version_gets_the_new_columns_defaults(
    offices, tmp_path
):
    opd, centre = offices
    new_columns = {"nik_mismatch_reason", "ppu_sendiri", "student_until"}

    def older(data):
        for record in data["workers"] + data["family_members"]:
            for key in new_columns:
                record.pop(key, None)

    result = merge_changed(opd, centre, tmp_path, older, sequence=60)
    assert result["conflicts"] == [] and result["added"] > 2000
    rows = centre.store.query(
        "SELECT count(*), sum(ppu_sendiri), sum(nik_mismatch_reason = ''), "
        "sum(student_until IS NULL) FROM family_members"
    )[0]
    assert rows[0] > 0 and tuple(rows)[1:] == (0, rows[0], rows[0])
    # the same records from the upgraded office are the same content: nothing to change
    again = merge_changed(opd, centre, tmp_path, lambda data: None, sequence=70)
    assert (again["added"], again["updated"], again["conflicts"]) == (0, 0, [])
