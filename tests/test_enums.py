"""Issue 14 item 1: sex, family relation, membership status, program and role are StrEnums
of domain/ from the store up, while the file, the history and the JSON keep the plain codes
("P", "suami", "draft", "operator") that earlier versions wrote."""

import json
from dataclasses import replace
from datetime import date

import pytest

from kupang_desk.domain.accounts import Role, User
from kupang_desk.domain.entities import (
    FamilyMember,
    Membership,
    MembershipStatus,
    Program,
    Relation,
    Sex,
    WorkerStatus,
)
from kupang_desk.domain.permissions import roles_for
from kupang_desk.services import auth, checks, reports
from kupang_desk.services import family as family_service
from kupang_desk.services import workers as svc
from kupang_desk.services.context import AccessDenied
from kupang_desk.store import family as family_store
from kupang_desk.store import workers as worker_store
from kupang_desk.store.bundle_checks import rule_problem
from tests.helpers import confirm_key_fields

# Maria's husband: born 12-07-1983 in Alak (53.71.01), a man (day digits not +40).
HUSBAND = FamilyMember(
    0, "5371011207830001", "Yakobus Ndun", Relation.SUAMI, date(1983, 7, 12), Sex.L
)


def test_codes_come_back_as_enum_members_and_are_stored_as_the_old_strings(ctx, worker):
    saved = svc.save_worker(ctx, replace(worker, sex=Sex.P)).worker
    read = worker_store.get_worker(ctx.store, saved.id)
    assert (read.sex, read.status) == (Sex.P, WorkerStatus.AKTIF)
    assert type(read.sex) is Sex and type(read.status) is WorkerStatus
    raw = ctx.store.query("SELECT sex, typeof(sex), status FROM workers WHERE id = ?", (saved.id,))
    assert tuple(raw[0]) == ("P", "text", "aktif")
    after = ctx.store.query("SELECT after_json FROM audit_log WHERE entity = 'worker'")[0][0]
    assert json.loads(after)["sex"] == "P"

    family = family_service.save_family(ctx, saved.id, [HUSBAND], today=date(2026, 11, 24))
    assert family.saved is not None, family.issues
    (husband,) = family_store.list_members(ctx.store, saved.id)
    assert (type(husband.relation), husband.relation, husband.sex) == (Relation, "suami", Sex.L)
    raw = ctx.store.query("SELECT relation, sex FROM family_members")
    assert tuple(raw[0]) == ("suami", "L")

    card = family_service.save_membership(
        ctx, Membership(program=Program.KESEHATAN, worker_id=saved.id)
    ).membership
    confirm_key_fields(ctx, saved.id)
    verified = family_service.change_status(
        ctx, card.id, MembershipStatus.VERIFIED, on=date(2026, 11, 24)
    )
    assert (verified.program, verified.status) == (Program.KESEHATAN, MembershipStatus.VERIFIED)
    raw = ctx.store.query("SELECT program, status, verified_at FROM memberships")
    assert tuple(raw[0]) == ("kesehatan", "verified", "2026-11-24")
    action = ctx.store.query("SELECT action FROM audit_log WHERE entity = 'membership'")
    assert [r[0] for r in action] == ["insert", "status:verified"]


def test_a_role_is_read_back_as_role_and_checked_by_member(ctx):
    admin, issues = auth.create_first_admin(ctx.store, "admin", "Bagian Umum", "rahasia-2026!")
    assert issues == [] and admin.role is Role.ADMIN
    user = User("op.dlhk", "Operator DLHK", Role.OPERATOR, "DLHK")
    assert auth.create_user(admin, user, "rahasia-2026!") == []
    stored = {u.username: u.role for u in auth.list_users(admin)}
    assert stored == {"admin": Role.ADMIN, "op.dlhk": Role.OPERATOR}
    assert ctx.store.query("SELECT role FROM users WHERE username = 'op.dlhk'")[0][0] == "operator"
    operator = auth.login(ctx.store, "op.dlhk", "rahasia-2026!")
    with pytest.raises(AccessDenied, match="hanya untuk peran: admin"):
        operator.require_role(Role.ADMIN)
    # the messages join the members as the words they always were
    assert ", ".join(roles_for("export_opd")) == "operator, verifikator, admin"


def test_a_family_member_without_sex_in_an_older_row_is_none_and_prints_blank(ctx, worker):
    saved = svc.save_worker(ctx, worker).worker
    family_service.save_family(ctx, saved.id, [HUSBAND], today=date(2026, 11, 24))
    ctx.store.conn.execute("UPDATE family_members SET sex = NULL")  # as rows before the rule
    (member,) = family_store.list_members(ctx.store, saved.id)
    assert member.sex is None
    problems = family_service.check_family(ctx, saved.id, [member], today=date(2026, 11, 24))
    assert "YAKOBUS NDUN: jenis kelamin wajib dipilih." in [i.message for i in problems]
    document, _ = reports.build_daftar(
        ctx, opd_code="DLHK", period=reports.Period(2026, 11), on=date(2026, 11, 24)
    )
    (row,) = [r for r in document.sections[0].rows if r.kind == "sub"]
    assert (row.name, row.sex, row.jabatan) == ("– YAKOBUS NDUN", "", "Suami")


@pytest.mark.parametrize(
    ("entity", "content", "says"),
    [
        ("worker", {"sex": "X"}, "Jenis kelamin 'X' tidak dikenal; isi salah satu: L, P"),
        ("worker", {"status": "cuti"}, "Status pegawai 'cuti' tidak dikenal"),
        ("family_member", {"relation": "ipar"}, "Hubungan keluarga 'ipar' tidak dikenal"),
        (
            "membership",
            {"program": "bpjs", "status": "draft"},
            "Program 'bpjs' tidak dikenal; isi salah satu: kesehatan, ketenagakerjaan",
        ),
        ("membership", {"program": "kesehatan", "status": "x"}, "status kepesertaan 'x'"),
    ],
)
def test_a_bundle_record_with_an_unknown_code_is_named_in_indonesian(entity, content, says):
    problem = rule_problem(entity, content, date(2026, 11, 24))
    assert problem is not None and problem.startswith(says)


def test_json_of_the_checks_keeps_the_plain_codes():
    nik = json.loads(json.dumps(checks.explain_nik("5371014503850001")))
    assert (nik["sex"], nik["birth_date"]) == ("P", "1985-03-05")
    # digit 15 of this NI PPPK is 3: no sex, written "" as before (not null)
    assert checks.explain_nip("199009132025243014")["sex"] == ""
    assert checks.explain_nip("199009132025242014")["sex"] == "P"
