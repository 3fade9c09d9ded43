"""Each role called at the service level: the rules hold without any widget hiding things."""

from dataclasses import replace

import pytest

from kupang_desk.domain.accounts import User
from kupang_desk.domain.entities import Opd, Worker
from kupang_desk.domain.queries import WorkerQuery
from kupang_desk.services import auth, history, reports
from kupang_desk.services import opd as opd_svc
from kupang_desk.services import workers as svc
from kupang_desk.services.context import AccessDenied, AppContext
from tests.helpers import PASSWORD


def visible(ctx) -> set[str]:
    return {row.opd for row in svc.page_workers(ctx, WorkerQuery(), 0, 100)}


def test_operator_of_dlhk_reads_and_changes_only_dlhk(office, tmp_path):
    _, as_user, dlhk, dinkes = office
    op = as_user("op.dlhk")
    assert visible(op) == {"DLHK"}
    assert svc.count_workers(op, WorkerQuery(opd_code="DINKES"))["total"] == 0
    assert svc.page_workers(op, WorkerQuery(text="YOHANES"), 0, 10) == []
    assert [o.code for o in svc.list_opd(op)] == ["DLHK"]
    assert svc.get_worker(op, dlhk.id).name == "MARIA GORETI NDUN"
    assert svc.save_worker(op, replace(dlhk, upah=3_000_000)).saved
    assert len(history.record_history(op, "worker", dlhk.id)) == 2

    with pytest.raises(AccessDenied):
        svc.get_worker(op, dinkes.id)
    with pytest.raises(AccessDenied):
        svc.save_worker(op, replace(dinkes, upah=5))
    with pytest.raises(AccessDenied):  # cannot move its worker away either
        svc.save_worker(op, replace(svc.get_worker(op, dlhk.id), opd_code="DINKES"))
    with pytest.raises(AccessDenied):  # nor add a worker to another OPD
        svc.save_worker(op, replace(dinkes, id=None, nik="5371041508900003"))
    with pytest.raises(AccessDenied):
        history.record_history(op, "worker", dinkes.id)
    with pytest.raises(AccessDenied):
        history.search_log(op)
    with pytest.raises(AccessDenied):
        reports.print_daftar(op, tmp_path / "x.pdf", opd_code="DINKES")
    with pytest.raises(AccessDenied):
        opd_svc.save_opd(op, Opd("DLHK", "Diubah operator"))
    with pytest.raises(AccessDenied):
        auth.list_users(op)
    with pytest.raises(AccessDenied):
        auth.create_user(op, User("op.baru", "Baru", "admin"), PASSWORD)
    assert svc.get_worker(as_user("admin"), dinkes.id).upah == 1  # nothing changed


def test_duplicate_nik_in_another_opd_does_not_reveal_the_name(office):
    _, as_user, _, dinkes = office
    op = as_user("op.dlhk")
    probe = Worker(dinkes.nik, "Siapa Saja", dinkes.birth_date, "L", "DLHK")
    messages = [i.message for i in svc.check_worker(op, probe)]
    assert any("sudah terdaftar di OPD lain; hubungi admin" in m for m in messages)
    assert not any("Dinas Kesehatan" in m for m in messages)
    assert not any("YOHANES" in m for m in messages)


def test_verifikator_of_an_opd_reads_it_but_types_nothing(office):
    _, as_user, dlhk, dinkes = office
    verif = as_user("verif.dlhk")
    assert visible(verif) == {"DLHK"}
    assert svc.get_worker(verif, dlhk.id) is not None
    with pytest.raises(AccessDenied):
        svc.get_worker(verif, dinkes.id)
    with pytest.raises(AccessDenied):
        svc.save_worker(verif, replace(dlhk, upah=1))
    verif.require_verify("DLHK")  # may mark its own OPD's records verified
    with pytest.raises(AccessDenied):
        verif.require_verify("DINKES")
    with pytest.raises(AccessDenied):
        as_user("op.dlhk").require_verify("DLHK")  # an operator types, it does not verify


def test_central_verifikator_reads_every_opd_but_types_nothing(office):
    _, as_user, _, dinkes = office
    verif = as_user("verif.kota")
    assert visible(verif) == {"DLHK", "Dinkes"}
    assert svc.get_worker(verif, dinkes.id) is not None
    with pytest.raises(AccessDenied):
        svc.save_worker(verif, replace(dinkes, upah=1))
    with pytest.raises(AccessDenied):
        history.search_log(verif)


def test_admin_reads_and_changes_every_opd_and_the_log(office):
    admin, _, _, dinkes = office
    assert visible(admin) == {"DLHK", "Dinkes"}
    assert svc.save_worker(admin, replace(dinkes, upah=3_000_000), accept_warnings=True).saved
    assert history.search_log(admin, "op.dlhk")[0].text.startswith("menambahkan pengguna")
    assert {u.username for u in auth.list_users(admin)} == {
        "admin",
        "op.dlhk",
        "verif.dlhk",
        "verif.kota",
    }


@pytest.mark.parametrize("role", ["operator", "kepala", ""])
def test_a_user_without_opd_or_with_an_unknown_role_sees_nothing(ctx, worker, role):
    svc.save_worker(ctx, worker)
    broken = AppContext(ctx.store, user="x", role=role, opd_code=None)
    with pytest.raises(AccessDenied):
        svc.page_workers(broken, WorkerQuery(), 0, 10)
    with pytest.raises(AccessDenied):
        svc.save_worker(broken, worker)
