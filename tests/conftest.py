import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.defaults import SEEDED_PEMDA_SETTINGS
from kupang_desk.domain.entities import Worker
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AppContext, open_context
from kupang_desk.services.demo import OPDS
from kupang_desk.services.opd import save_opd


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


def admin_context(path: Path | str | None, user: str = "tester", **options) -> AppContext:
    """A test's database opened as its administrator, said out loud: a context has no
    default role (services/context.py), so a test that means an operator builds one."""
    return open_context(path, user, role=Role.ADMIN, **options)


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
    from datetime import date

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
