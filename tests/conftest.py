import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kupang_desk.domain.accounts import User
from kupang_desk.domain.defaults import SEEDED_PEMDA_SETTINGS
from kupang_desk.domain.entities import Worker
from kupang_desk.services import auth
from kupang_desk.services import settings as settings_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.context import AppContext, open_context
from kupang_desk.services.demo import OPDS, fill_demo
from kupang_desk.services.opd import save_opd
from kupang_desk.store import audit
from tests.helpers import DINKES, DLHK, PASSWORD, add_born, admin_context, ctx_first_dlhk, enroll
from tests.roster_sheets import nik_for


@pytest.fixture(autouse=True)
def user_preferences_in_tmp(tmp_path):
    """QSettings (window size, last filter, print choices) never touch the real profile."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture(autouse=True)
def no_modal_message_boxes(monkeypatch):
    """A QMessageBox a test did not expect fails the test instead of hanging the suite."""
    from PySide6.QtWidgets import QMessageBox

    def unexpected(kind):
        def show(parent, title, text, *args, **kwargs):
            raise AssertionError(f"unexpected QMessageBox.{kind}: {title}: {text}")

        return staticmethod(show)

    for kind in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, unexpected(kind))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kupang.sqlite3"


@pytest.fixture
def ctx(db_path: Path):
    context = admin_context(db_path)
    # The tests' pemda is the demo's (Kota Kupang: its NIKs, its seeded UMK).
    settings_service.set_values(context, SEEDED_PEMDA_SETTINGS)
    for opd in OPDS[:2]:
        save_opd(context, opd)
    yield context
    context.close()


@pytest.fixture
def worker() -> Worker:
    return Worker(
        nik="5371014503850001",
        name="Maria Goreti  Ndun",
        birth_date=date(1985, 3, 5),
        sex="P",
        opd_code="DLHK",
        jabatan="Tenaga Kebersihan / Penyapu Jalan",
        upah=2_900_000,
    )


def reopen(context: AppContext) -> AppContext:
    path = context.store.path
    context.close()
    return open_context(path, context.user, role=context.role, opd_code=context.opd_code)


# -- Shared by several modules: two offices and the centre, roles, a BPJS roster ---------


@pytest.fixture
def offices(tmp_path: Path):
    """(DLHK's office with the demo's 253 DLHK workers, the centre that registered it)."""
    opd = admin_context(tmp_path / "dlhk.sqlite3", user="operator-dlhk")
    fill_demo(opd, 260, seed=7)
    centre = admin_context(tmp_path / "pusat.sqlite3", user="admin-pusat")
    save_opd(centre, DINKES)
    enroll(centre, opd, DLHK)
    # One family member and one membership travel with the first worker.
    first = ctx_first_dlhk(opd)
    with opd.store.transaction() as db:
        family_id = (
            db["family_members"]
            .insert(
                {
                    "uuid": "fam-1",
                    "worker_id": first.id,
                    "nik": "5371016708100002",
                    "name": "ANAK PERTAMA",
                    "relation": "anak",
                    "birth_date": "2010-08-27",
                    "sex": "P",
                    "row_version": 1,
                }
            )
            .last_pk
        )
        db["memberships"].insert(
            {
                "worker_id": first.id,
                "family_member_id": family_id,
                "program": "kesehatan",
                "status": "submitted",
                "row_version": 1,
            }
        )
        audit.record(
            db,
            user="operator-dlhk",
            action="insert",
            entity="family_member",
            entity_id=family_id,
            after={"name": "ANAK PERTAMA"},
        )
    yield opd, centre
    opd.close()
    centre.close()


@pytest.fixture
def office(ctx, worker):
    """Admin plus one worker in DLHK and one in DINKES; returns the login function."""
    admin, _ = auth.create_first_admin(ctx.store, "admin", "Bagian Umum", PASSWORD)
    dlhk = worker_service.save_worker(admin, worker).worker
    dinkes = worker_service.save_worker(
        admin,
        Worker("5371041508900002", "Yohanes Tefa", date(1990, 8, 15), "L", "DINKES", upah=1),
        accept_warnings=True,
    ).worker
    for user in (
        User("op.dlhk", "Operator DLHK", "operator", "DLHK"),
        User("verif.dlhk", "Verifikator DLHK", "verifikator", "DLHK"),
        User("verif.kota", "Verifikator Kota", "verifikator", None),
    ):
        assert auth.create_user(admin, user, PASSWORD) == []

    def as_user(name: str) -> AppContext:
        return auth.login(ctx.store, name, PASSWORD)

    return admin, as_user, dlhk, dinkes


@pytest.fixture
def roster(ctx):
    """Six workers and a child for the reconciliation with a BPJS list (tests.helpers.bpjs_rows
    has one list row per case); test_daftar_status has a roster of its own."""
    people = {
        "exact": add_born(ctx, "Yohanes Bosco Seran", date(1980, 2, 10), "L"),
        "by_name": add_born(ctx, "Maria Goreti Ndun", date(1985, 3, 5), "P"),
        "typo": add_born(ctx, "Petrus Manafe", date(1975, 7, 20), "L"),
        "missing": add_born(ctx, "Elisabeth Kase", date(1990, 12, 1), "P"),
        "inactive": add_born(
            ctx,
            "Markus Tefa",
            date(1982, 4, 4),
            "L",
            status="nonaktif",
            status_reason="Kontrak berakhir",
            status_date=date(2026, 10, 31),
        ),
        "other_opd": add_born(ctx, "Agustinus Nalle", date(1979, 9, 9), "L", opd="DINKES"),
    }
    with ctx.store.transaction() as db:
        db["family_members"].insert(
            {
                "uuid": "anak-seran",
                "worker_id": people["exact"].id,
                "nik": nik_for(date(2010, 5, 4), "L", 2),
                "name": "KRISTO SERAN",
                "relation": "anak",
                "birth_date": "2010-05-04",
                "sex": "L",
                "row_version": 1,
            }
        )
    return people


@pytest.fixture
def status_roster(ctx):
    """DLHK with one worker in each membership status (tests.helpers.status_roster_of)."""
    from tests.helpers import status_roster_of

    return status_roster_of(ctx)
