"""Start-up (first admin, login, recovery), user admin, history views and the Alat menu,
driven through real widgets with pytest-qt; blocking dialogs are replaced."""

import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kupang_desk.domain.accounts import User
from kupang_desk.services import auth
from kupang_desk.services import backup as backup_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.workers import save_worker
from kupang_desk.store.db import open_store
from kupang_desk.store.migrations import SCHEMA_VERSION
from kupang_desk.ui import app as gui_app
from kupang_desk.ui.admin_menu import AdminMenu
from kupang_desk.ui.app import StartupDialogs, close_session, open_session, recovery_key_text
from kupang_desk.ui.audit_log_dialog import AuditLogDialog
from kupang_desk.ui.history_view import HistoryView
from kupang_desk.ui.login_dialog import ChangePasswordDialog, FirstAdminDialog, LoginDialog
from kupang_desk.ui.main_window import MainWindow
from kupang_desk.ui.recovery_dialog import RecoveryDialog
from kupang_desk.ui.users_dialog import UsersDialog
from tests.helpers import shot

PASSWORD = "rahasia-2026!"
HOLD = """
import sys
from kupang_desk.store.db import open_store
store = open_store(sys.argv[1])
print("siap", flush=True)
sys.stdin.read()
"""


class Recorder:
    def __init__(self):
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.setups: list[str] = []  # the set-up wizard opened for this user


@pytest.fixture
def dialogs(monkeypatch):
    seen = Recorder()
    monkeypatch.setattr(StartupDialogs, "show_error", staticmethod(seen.errors.append))
    monkeypatch.setattr(StartupDialogs, "show_info", staticmethod(seen.infos.append))
    monkeypatch.setattr(StartupDialogs, "ask_new_password", staticmethod(lambda ctx: False))
    monkeypatch.setattr(
        StartupDialogs, "run_setup", staticmethod(lambda ctx: seen.setups.append(ctx.user))
    )
    for name in ("ask_recovery", "ask_first_admin", "ask_login"):  # never block a test

        def unexpected(*args, name=name):
            pytest.fail(f"{name} was not expected here")

        monkeypatch.setattr(StartupDialogs, name, staticmethod(unexpected))
    return seen


def log_in_with(qtbot, username: str, password: str):
    def ask_login(store):
        dialog = LoginDialog(store)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.username, username)
        qtbot.keyClicks(dialog.password, password)
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        return dialog.context

    return staticmethod(ask_login)


def make_office(db_path: Path) -> None:
    store = open_store(db_path)
    admin, _ = auth.create_first_admin(store, "admin", "Bagian Umum", PASSWORD)
    from kupang_desk.services.demo import OPDS
    from kupang_desk.services.opd import save_opd

    save_opd(admin, OPDS[0])
    auth.create_user(admin, User("op.dlhk", "Operator DLHK", "operator", "DLHK"), PASSWORD)
    auth.reset_password(admin, "op.dlhk", PASSWORD)  # still "must change"
    store.conn.execute("UPDATE users SET must_change_password = 0")
    store.close()


def test_first_start_creates_the_admin_through_the_dialog(qtbot, db_path, dialogs, monkeypatch):
    def ask_first_admin(store):
        dialog = FirstAdminDialog(store)
        qtbot.addWidget(dialog)
        shot(dialog, "first-admin")
        qtbot.keyClicks(dialog.full_name, "Bagian Umum Setda")
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClicks(dialog.repeat, PASSWORD + "x")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        assert "tidak sama" in dialog.messages.text()
        dialog.repeat.setText(PASSWORD)
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        return dialog.context

    monkeypatch.setattr(StartupDialogs, "ask_first_admin", staticmethod(ask_first_admin))
    ctx = open_session(db_path)
    assert (ctx.user, ctx.role) == ("admin", "admin")
    assert dialogs.setups == ["admin"]  # a new pemda is set up right after the first admin
    # the set-up shows the Kunci Pemulihan once
    from kupang_desk.services.backup import recovery_key

    assert dialogs.infos == [recovery_key_text(recovery_key(ctx))]
    ctx.close()


def test_login_keeps_the_username_and_clears_a_wrong_password(qtbot, db_path):
    make_office(db_path)
    store = open_store(db_path)
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "op.dlhk")
    qtbot.keyClicks(dialog.password, "salah-sandi")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.messages.text() == "Nama pengguna atau kata sandi salah."
    assert (dialog.username.text(), dialog.password.text()) == ("op.dlhk", "")
    shot(dialog, "login")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert (dialog.context.role, dialog.context.opd_code) == ("operator", "DLHK")
    store.close()


def test_login_then_main_window_shows_only_the_operators_opd(qtbot, db_path, dialogs, monkeypatch):
    make_office(db_path)
    monkeypatch.setattr(StartupDialogs, "ask_login", log_in_with(qtbot, "op.dlhk", PASSWORD))
    ctx = open_session(db_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert [window.opd_filter.itemData(i) for i in range(1, window.opd_filter.count())] == ["DLHK"]
    menu = window.admin_menu
    assert menu.backup_action.isVisible() and menu.password_action.isVisible()
    assert not any(a.isVisible() for a in (menu.users_action, menu.log_action, menu.restore_action))
    ctx.close()


def test_temporary_password_must_be_replaced_at_first_login(qtbot, db_path, dialogs, monkeypatch):
    make_office(db_path)
    store = open_store(db_path)
    admin = auth.login(store, "admin", PASSWORD)
    auth.reset_password(admin, "op.dlhk", "sementara-123")
    store.close()
    monkeypatch.setattr(StartupDialogs, "ask_login", log_in_with(qtbot, "op.dlhk", "sementara-123"))

    def ask_new_password(ctx):
        dialog = ChangePasswordDialog(ctx, forced=True)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.old, "sementara-123")
        qtbot.keyClicks(dialog.new, "milikku-sendiri")
        qtbot.keyClicks(dialog.repeat, "milikku-sendiri")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(StartupDialogs, "ask_new_password", staticmethod(ask_new_password))
    ctx = open_session(db_path)
    assert ctx is not None and not auth.must_change_password(ctx)
    ctx.close()


def damage(db_path: Path, how: str) -> bytes:
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    for companion in ("-wal", "-shm"):
        db_path.with_name(db_path.name + companion).unlink(missing_ok=True)
    data = db_path.read_bytes()
    broken = data[: len(data) // 2] if how == "truncated" else os.urandom(len(data))
    db_path.write_bytes(broken)
    return broken


@pytest.mark.parametrize("how", ["truncated", "random"])
def test_damaged_file_offers_the_newest_good_backup_and_is_kept(
    qtbot, db_path, dialogs, monkeypatch, how
):
    make_office(db_path)
    store = open_store(db_path)
    admin = auth.login(store, "admin", PASSWORD)
    backup_service.backup_now(admin, now=datetime(2026, 11, 23, 17))
    newest = backup_service.backup_now(admin, now=datetime(2026, 11, 24, 17))
    store.close()
    broken = damage(db_path, how)
    offered = {}

    def quit_recovery(path, problems, backups):
        dialog = RecoveryDialog(path, problems, backups)
        qtbot.addWidget(dialog)
        shot(dialog, f"recovery-{how}")
        offered.update(problems=problems, backups=[b.path for b in backups], dialog=dialog)
        return None

    monkeypatch.setattr(StartupDialogs, "ask_recovery", staticmethod(quit_recovery))
    assert open_session(db_path) is None
    assert offered["problems"] and offered["backups"][0] == newest
    assert offered["dialog"].list.currentItem().text().startswith("24 November 2026 pukul 17:00")
    assert db_path.read_bytes() == broken  # quitting changed nothing

    monkeypatch.setattr(
        StartupDialogs,
        "ask_recovery",
        staticmethod(lambda path, problems, backups: backups[0].path),
    )
    monkeypatch.setattr(StartupDialogs, "ask_login", log_in_with(qtbot, "admin", PASSWORD))
    ctx = open_session(db_path)
    assert ctx is not None and ctx.role == "admin"
    aside = sorted(db_path.parent.glob("kupang.rusak-*.sqlite3"))
    assert len(aside) == 1 and aside[0].read_bytes() == broken
    assert "disimpan sebagai" in dialogs.infos[0]
    ctx.close()


def test_recovery_dialog_without_backups_cannot_open_anything(qtbot, db_path):
    dialog = RecoveryDialog(db_path, ["Berkas rusak"], [])
    qtbot.addWidget(dialog)
    assert not dialog.open_button.isEnabled()


def test_newer_database_and_second_instance_get_a_clear_message(db_path, dialogs):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db_path)],
        cwd=Path(__file__).resolve().parent.parent,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "siap"
        assert open_session(db_path) is None
        assert "sedang dibuka oleh Kupang Desk lain" in dialogs.errors[-1]
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    store = open_store(db_path)
    store.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store.close()
    assert open_session(db_path) is None
    assert "lebih baru" in dialogs.errors[-1]


def test_history_view_tells_the_story_in_indonesian(qtbot, ctx, worker):
    saved = save_worker(ctx, worker).worker
    save_worker(ctx, replace(saved, upah=3_000_000, jabatan="Pengangkut Sampah"))
    view = HistoryView(ctx, "worker", saved.id)
    qtbot.addWidget(view)
    view.resize(700, 200)
    shot(view, "history")
    newest, oldest = view.sentences()
    today = datetime.now()
    assert newest.startswith(f"{today.day} ")
    assert newest.endswith(
        "— tester mengubah Jabatan: Tenaga Kebersihan / Penyapu Jalan → Pengangkut Sampah; "
        "Upah: Rp 2.900.000 → Rp 3.000.000"
    )
    assert oldest.endswith("— tester menambahkan pegawai MARIA GORETI NDUN")
    operator = AppContext(ctx.store, user="op", role="operator", opd_code="DINKES")
    hidden = HistoryView(operator, "worker", saved.id)
    qtbot.addWidget(hidden)
    assert hidden.sentences() == [] and "DINKES" in hidden.note.text()
    assert "setelah" in HistoryView(ctx, "worker", None).note.text()


def test_audit_log_is_searchable_and_admin_only(qtbot, ctx, worker):
    saved = save_worker(ctx, worker).worker
    save_worker(ctx, replace(saved, upah=3_000_000))
    dialog = AuditLogDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 5  # pemda settings, 2 OPDs, insert, update
    shot(dialog, "audit-log")
    dialog.search.setText("3000000")
    dialog.reload()
    assert dialog.table.rowCount() == 1
    assert "Rp 3.000.000" in dialog.table.item(0, 4).text()
    with pytest.raises(AccessDenied):
        AuditLogDialog(AppContext(ctx.store, user="v", role="verifikator"))


def test_users_dialog_adds_and_resets_with_a_temporary_password(qtbot, ctx, monkeypatch):
    shown, refused = {}, []

    def edit_user(parent, c, u, submit):  # the dialog closes only once submit has saved
        typed = User("Op.Dlhk", "Operator DLHK", "operator", "DLHK")
        refused.extend(submit(typed))
        return None if refused else typed

    monkeypatch.setattr(UsersDialog, "edit_user", staticmethod(edit_user))
    monkeypatch.setattr(
        UsersDialog, "show_password", staticmethod(lambda parent, u, p: shown.update({u: p}))
    )
    admin, _ = auth.create_first_admin(ctx.store, "admin", "Bagian Umum", PASSWORD)
    dialog = UsersDialog(admin)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 2
    op = auth.login(ctx.store, "op.dlhk", shown["op.dlhk"])
    assert op.opd_code == "DLHK" and auth.must_change_password(op)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # same name again
    assert "sudah dipakai" in refused[0]
    assert dialog.table.rowCount() == 2
    first = shown["op.dlhk"]
    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert shown["op.dlhk"] != first
    with pytest.raises(auth.LoginFailed):
        auth.login(ctx.store, "op.dlhk", first)
    dialog.resize(820, 300)
    shot(dialog, "users")
    with pytest.raises(AccessDenied):
        UsersDialog(op)


def test_menu_backup_restore_and_backup_on_close(qtbot, ctx, worker, tmp_path, monkeypatch):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    saved = save_worker(ctx, worker).worker
    window.admin_menu.backup_action.trigger()
    made = backup_service.list_backups(ctx)
    assert len(made) == 1
    save_worker(ctx, replace(saved, name="NAMA KELIRU"))
    monkeypatch.setattr(AdminMenu, "ask_backup_file", staticmethod(lambda p, s: made[0].path))
    monkeypatch.setattr(AdminMenu, "confirm", staticmethod(lambda p, text: "hilang" in text))
    window.admin_menu.restore_action.trigger()
    assert [window.model.index(0, 1).data()] == ["MARIA GORETI NDUN"]
    assert "Dipulihkan" in window.statusBar().currentMessage()

    monkeypatch.setattr(gui_app.StartupDialogs, "show_error", staticmethod(pytest.fail))
    before = len(backup_service.list_backups(ctx))
    path = ctx.store.path
    close_session(ctx)
    again = open_store(path)
    assert again.query("SELECT count(*) FROM workers")[0][0] == 1
    again.close()
    assert len(list((path.parent / "cadangan").glob("kupang-*.cadangan"))) >= before


def test_run_gui_from_first_start_to_backup_on_close(
    qtbot, db_path, dialogs, monkeypatch, tmp_path
):
    from PySide6.QtWidgets import QApplication, QLabel

    def first_admin(store):
        return auth.create_first_admin(store, "admin", "Bagian Umum", PASSWORD)[0]

    shown = []

    def fake_exec(app):
        window = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and w.ctx.store.path == db_path
        )
        shown.append(window)
        window.resize(1000, 400)
        shot(window, "main-window")
        window.close()
        return 0

    monkeypatch.setattr(StartupDialogs, "ask_first_admin", staticmethod(first_admin))
    monkeypatch.setattr(gui_app, "setup_logging", lambda: tmp_path / "log")
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert gui_app.run_gui(db_path) == 0
    labels = [label.text() for label in shown[0].statusBar().findChildren(QLabel)]
    assert "Masuk sebagai admin (Admin)" in labels
    assert len(list((db_path.parent / "cadangan").glob("kupang-*.cadangan"))) == 1
    open_store(db_path).close()  # the lock was released on close


def test_login_on_a_read_only_database_says_so_instead_of_crashing(qtbot, db_path):
    make_office(db_path)
    store = open_store(db_path)
    store.conn.execute("PRAGMA query_only = 1")
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "op.dlhk")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert "hanya-baca" in dialog.messages.text()
    assert dialog.context is None and dialog.username.text() == "op.dlhk"
    store.close()
