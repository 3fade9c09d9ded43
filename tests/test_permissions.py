"""Issue 13 item 7: the role table (domain/permissions.py, README "Peran"), one test per
cell, each calling the real service; and a session follows the admin's changes at once."""

from dataclasses import replace
from datetime import date

import pytest

from kupang_desk.domain import permissions
from kupang_desk.domain.entities import FamilyMember, Membership, Opd
from kupang_desk.services import auth, double_entry, exporting
from kupang_desk.services import family as family_service
from kupang_desk.services import opd as opd_service
from kupang_desk.services import workers as svc
from kupang_desk.services.context import AccessDenied
from tests.helpers import admin_context, confirm_key_fields

LOGIN = {"operator": "op.dlhk", "verifikator": "verif.dlhk", "admin": "admin"}
CARD = "0001234567890"


def membership_in(admin, worker, status: str) -> int:
    """A membership of `worker` walked (by the admin) to `status`: kesehatan first, then
    ketenagakerjaan (one record per person and program)."""
    taken = {m.program for m in family_service.list_memberships(admin, worker.id)}
    program = "kesehatan" if "kesehatan" not in taken else "ketenagakerjaan"
    card = CARD if program == "kesehatan" else CARD[:11]
    saved = family_service.save_membership(admin, Membership(program, worker.id, card_number=card))
    assert saved.saved, saved.issues
    path = {
        "draft": [],
        "verified": ["verified"],
        "submitted": ["verified", "submitted"],
        "rejected": ["rejected"],
    }[status]
    if "verified" in path:
        confirm_key_fields(admin, worker.id)
    for step in path:
        family_service.change_status(
            admin, saved.membership.id, step, on=date(2026, 11, 1), reason="data salah"
        )
    return saved.membership.id


def step(before: str, after: str):
    def run(ctx, admin, dlhk, tmp_path):
        mid = membership_in(admin, dlhk, before)
        if after == "verified":
            confirm_key_fields(admin, dlhk.id)
        family_service.change_status(ctx, mid, after, on=date(2026, 11, 2), reason="KTP buram")
        current = {m.id: m for m in family_service.list_memberships(admin, dlhk.id)}
        return current[mid].status == after

    return run


def edit_worker(ctx, admin, dlhk, tmp_path):
    return svc.save_worker(ctx, replace(dlhk, upah=dlhk.upah + 1)).saved


def deactivate(ctx, admin, dlhk, tmp_path):
    svc.deactivate_worker(ctx, dlhk.id, reason="kontrak berakhir", on=date(2026, 11, 1))
    return True


def edit_family(ctx, admin, dlhk, tmp_path):
    child = FamilyMember(dlhk.id, "5371016708100002", "Anak", "anak", date(2010, 8, 27), "P")
    return family_service.save_family(ctx, dlhk.id, [child]).saved


def edit_membership(ctx, admin, dlhk, tmp_path):
    return family_service.save_membership(ctx, Membership("kesehatan", dlhk.id)).saved


def export_opd(ctx, admin, dlhk, tmp_path):
    return exporting.export(ctx, "csv", tmp_path / "x.csv", opd_code="DLHK") == 1


def export_all(ctx, admin, dlhk, tmp_path):
    """Asking for the whole pemda: only an admin gets the DINKES worker too."""
    if ctx.role == "verifikator":
        ctx = auth.login(ctx.store, "verif.kota", "rahasia-2026!")  # no OPD: still refused
    return exporting.export(ctx, "csv", tmp_path / "x.csv") == 2


def double_entry_queue(ctx, admin, dlhk, tmp_path):
    """The queue of records waiting for double entry (the typist rule: test_double_entry)."""
    return [e.worker_id for e in double_entry.waiting(ctx, "DLHK")] == [dlhk.id]


def administer(ctx, admin, dlhk, tmp_path):
    opd_service.save_opd(ctx, Opd("BARU", "Badan Baru"))
    return True


CELLS = {
    "edit_worker": [edit_worker, deactivate],
    "edit_family": [edit_family],
    "edit_membership": [edit_membership],
    "propose": [step("rejected", "draft")],
    "verify": [step("draft", "verified"), step("verified", "draft")],
    "double_entry": [double_entry_queue],
    "submit": [step("verified", "submitted")],
    "reject": [step("draft", "rejected"), step("submitted", "rejected")],
    "activate": [step("submitted", "active")],
    "export_opd": [export_opd],
    "export_all": [export_all],
    "administer": [administer],
}


def test_every_action_of_the_table_is_tested():
    assert set(CELLS) == set(permissions.ACTIONS)
    assert set(permissions.TRANSITION_ACTION.values()) <= set(CELLS)


@pytest.mark.parametrize("role", ["operator", "verifikator", "admin"])
@pytest.mark.parametrize("action", sorted(permissions.ACTIONS))
def test_role_table_cell(office, tmp_path, action, role):
    admin, as_user, dlhk, _ = office
    ctx = as_user(LOGIN[role])
    for run in CELLS[action]:
        if permissions.allowed(role, action):
            assert run(ctx, admin, dlhk, tmp_path), (action, role, run)
        else:
            try:
                done = run(ctx, admin, dlhk, tmp_path)
            except AccessDenied as exc:
                assert "Peran" in str(exc) or "hanya" in str(exc)
            else:
                assert not done, f"{role} could {action} ({run.__name__})"


def test_a_deactivated_or_moved_user_is_stopped_at_the_next_call(office):
    admin, as_user, dlhk, dinkes = office
    op = as_user("op.dlhk")
    assert svc.save_worker(op, replace(dlhk, upah=3_000_000)).saved
    moved = auth.update_user(admin, replace(auth_user(admin, "op.dlhk"), opd_code="DINKES"))
    assert moved == []
    with pytest.raises(AccessDenied):  # the open session follows the move at once
        svc.save_worker(op, replace(svc.get_worker(admin, dlhk.id), upah=3_100_000))
    assert op.opd_code == "DINKES"
    assert svc.get_worker(op, dinkes.id).name == "YOHANES TEFA"
    auth.update_user(admin, replace(auth_user(admin, "op.dlhk"), active=False))
    with pytest.raises(AccessDenied, match="dinonaktifkan"):
        svc.get_worker(op, dinkes.id)
    with pytest.raises(AccessDenied, match="dinonaktifkan"):
        svc.save_worker(op, replace(svc.get_worker(admin, dinkes.id), upah=3_200_000))
    assert svc.get_worker(admin, dinkes.id).upah == 1


def auth_user(admin, username):
    return next(u for u in auth.list_users(admin) if u.username == username)


def test_the_cli_writes_admin_cli_with_the_os_user_into_the_history(tmp_path, capsys):
    import getpass

    from kupang_desk.cli import main

    path = tmp_path / "k.sqlite3"
    assert main(["--db", str(path), "demo", "--workers", "3"]) == 0
    ctx = admin_context(path)
    try:
        users = {r[0] for r in ctx.store.query("SELECT DISTINCT user FROM audit_log")}
    finally:
        ctx.close()
    assert users == {f"admin-cli ({getpass.getuser()})"}


def test_the_readme_shows_the_role_table_of_the_code():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for action, (description, roles) in permissions.ACTIONS.items():
        cells = ["ya" if r in roles else "—" for r in ("operator", "verifikator", "admin")]
        assert f"| {description} (`{action}`) | " + " | ".join(cells) + " |" in readme
