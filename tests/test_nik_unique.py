"""Issue 13 item 4: one NIK is one person, across workers and family members, in the form,
the importer and the family tab; an operator never learns who holds it in another OPD."""

from datetime import date

from kupang_desk.domain.entities import FamilyMember, Worker
from kupang_desk.services import family as family_service
from kupang_desk.services import workers as svc
from kupang_desk.services.importing import ImportOptions, import_file
from tests.roster_sheets import clerk_xlsx, nik_for

CHILD_NIK = nik_for(date(1991, 4, 9), "P", 3)  # the DINKES worker's wife


def with_child(admin, dinkes) -> None:
    child = FamilyMember(dinkes.id, CHILD_NIK, "Istri Dinkes", "istri", date(1991, 4, 9), "P")
    result = family_service.save_family(admin, dinkes.id, [child])
    assert result.saved, result.issues


def nik_errors(issues) -> list[str]:
    return [i.message for i in issues if i.field == "nik" and i.is_error]


def test_the_form_refuses_a_family_members_nik_naming_the_holder_to_the_admin(office):
    admin, _, _, dinkes = office
    with_child(admin, dinkes)
    probe = Worker(CHILD_NIK, "Orang Baru", date(1991, 4, 9), "P", "DINKES")
    [message] = nik_errors(svc.check_worker(admin, probe))
    assert "ISTRI DINKES (anggota keluarga YOHANES TEFA) di Dinas Kesehatan" in message
    assert not svc.save_worker(admin, probe, accept_warnings=True).saved


def test_an_operator_of_another_opd_learns_neither_name_nor_opd(office, tmp_path):
    admin, as_user, dlhk, dinkes = office
    with_child(admin, dinkes)
    op = as_user("op.dlhk")
    probe = Worker(CHILD_NIK, "Orang Baru", date(1991, 4, 9), "P", "DLHK")
    [message] = nik_errors(svc.check_worker(op, probe))
    assert message.startswith(f"NIK {CHILD_NIK} sudah terdaftar di OPD lain; hubungi admin.")
    # a family row with the DINKES worker's NIK
    row = FamilyMember(dlhk.id, dinkes.nik, "Siapa", "suami", dinkes.birth_date, "L")
    messages = nik_errors(family_service.check_family(op, dlhk.id, [row]))
    assert messages == [f"Siapa: NIK {dinkes.nik} sudah terdaftar di OPD lain; hubungi admin."]
    # an import dry run with both NIKs
    sheet = clerk_xlsx(
        tmp_path / "ptt.xlsx",
        [
            [1, CHILD_NIK, "ORANG BARU", "KUPANG", date(1991, 4, 9), "P", "", "", ""],
            [2, dinkes.nik, "ORANG LAIN", "KUPANG", dinkes.birth_date, "L", "", "", ""],
        ],
    )
    report = import_file(op, sheet, ImportOptions(dry_run=True, update=True)).to_json()
    messages = [r["message"] for r in report["rejected"] if r["field"] == "nik"]
    assert len(messages) == 2
    for text in messages:
        assert "OPD lain; hubungi admin" in text
        assert "YOHANES" not in text and "ISTRI" not in text and "Kesehatan" not in text


def test_the_importer_refuses_a_family_members_nik(office, tmp_path):
    admin, _, _, dinkes = office
    with_child(admin, dinkes)
    sheet = clerk_xlsx(
        tmp_path / "ptt.xlsx",
        [[1, CHILD_NIK, "ORANG BARU", "KUPANG", date(1991, 4, 9), "P", "", "", ""]],
    )
    report = import_file(admin, sheet, ImportOptions(opd_code="DINKES", update=True))
    [rejected] = report.to_json()["rejected"]
    assert "anggota keluarga YOHANES TEFA" in rejected["message"]
    assert admin.store.query("SELECT count(*) FROM workers WHERE nik = ?", (CHILD_NIK,))[0][0] == 0
