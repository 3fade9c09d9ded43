"""services/context.py fails closed: no context without a role, and a worker thread's
connection (own_connection) carries the same user, role and OPD scope as the clerk's."""

import sqlite3
import threading
from dataclasses import replace
from datetime import date

import pytest

from kupang_desk.domain.accounts import User
from kupang_desk.domain.entities import Worker
from kupang_desk.domain.queries import WorkerQuery
from kupang_desk.services import auth
from kupang_desk.services import workers as svc
from kupang_desk.services.context import (
    AccessDenied,
    AppContext,
    administrator,
    open_context,
    own_connection,
)
from kupang_desk.store.errors import ReadOnlyDatabase

PASSWORD = "rahasia-2026!"


def test_no_context_without_a_user_and_a_role(ctx, db_path):
    with pytest.raises(TypeError, match="role"):
        AppContext(ctx.store, user="siapa")  # once this was an admin by default
    with pytest.raises(TypeError, match="role"):
        open_context(db_path, "siapa")
    made = administrator(ctx.store, "pemasangan-pusat")
    assert (made.user, made.role, made.opd_code, made.account) == (
        "pemasangan-pusat",
        "admin",
        None,
        False,
    )


@pytest.fixture
def operator(ctx, worker):
    """op.dlhk logged in; one worker in DLHK, one in DINKES. Returns (admin, op, ids)."""
    admin, _ = auth.create_first_admin(ctx.store, "admin", "Bagian Umum", PASSWORD)
    dlhk = svc.save_worker(admin, worker).worker
    dinkes = svc.save_worker(
        admin,
        Worker("5371041508900002", "Yohanes Tefa", date(1990, 8, 15), "L", "DINKES", upah=1),
        accept_warnings=True,
    ).worker
    assert (
        auth.create_user(admin, User("op.dlhk", "Operator DLHK", "operator", "DLHK"), PASSWORD)
        == []
    )
    return admin, auth.login(ctx.store, "op.dlhk", PASSWORD), (dlhk.id, dinkes.id)


def on_a_thread(job):
    """Run `job()` on another thread; its result or its exception."""
    outcome = {}

    def run():
        try:
            outcome["result"] = job()
        except Exception as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    return outcome


def test_a_threads_connection_carries_the_operators_user_role_and_opd(operator):
    _, op, (dlhk_id, dinkes_id) = operator

    def job():
        with own_connection(op) as own:
            assert own.store is not op.store and own.store.path == op.store.path
            who = (own.user, own.role, own.opd_code, own.account)
            seen = svc.count_workers(own, WorkerQuery())["total"]
            name = svc.get_worker(own, dlhk_id).name
            refused = None
            try:
                svc.get_worker(own, dinkes_id)
            except AccessDenied as exc:
                refused = str(exc)
            return who, seen, name, refused, own.store

    outcome = on_a_thread(job)
    who, seen, name, refused, store = outcome["result"]
    assert who == ("op.dlhk", "operator", "DLHK", True)
    assert (seen, name) == (1, "MARIA GORETI NDUN")  # of 2 workers, DLHK's only
    assert refused == "Pengguna op.dlhk hanya boleh mengelola pegawai OPD DLHK, bukan DINKES."
    with pytest.raises(sqlite3.ProgrammingError):  # closed when the job left it
        store.query("SELECT 1")


def test_a_disabled_account_is_stopped_on_the_thread_too(operator):
    admin, op, (dlhk_id, _) = operator
    account = next(u for u in auth.list_users(admin) if u.username == "op.dlhk")
    auth.update_user(admin, replace(account, active=False))
    outcome = on_a_thread(lambda: _read_on_own(op, dlhk_id))
    assert isinstance(outcome["error"], AccessDenied)
    assert "dinonaktifkan" in str(outcome["error"])


def _read_on_own(ctx, worker_id):
    with own_connection(ctx) as own:
        return svc.get_worker(own, worker_id)


def test_a_read_only_connection_writes_nothing(ctx, worker):
    with own_connection(ctx, read_only=True) as own, pytest.raises(ReadOnlyDatabase):
        svc.save_worker(own, worker)
    assert svc.count_workers(ctx, WorkerQuery())["total"] == 0


def test_an_in_memory_database_has_one_connection_to_share():
    memory = open_context(None, "tester", role="admin")
    with own_connection(memory) as own:
        assert own is memory
    assert memory.store.query("SELECT 1")[0][0] == 1  # still open: it was not the thread's
    memory.close()
