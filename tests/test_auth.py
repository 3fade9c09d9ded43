"""Logins: first admin, scrypt hashes, lock-out, password reset; nobody reads a password."""

from datetime import datetime, timedelta

import pytest

from kupang_desk.domain.accounts import User, hash_password, verify_password
from kupang_desk.services import auth
from kupang_desk.services.context import AccessDenied

PASSWORD = "rahasia-dlhk-2026"


@pytest.fixture
def admin(ctx):
    admin_ctx, issues = auth.create_first_admin(ctx.store, "Admin", "Bagian Umum", PASSWORD)
    assert issues == []
    return admin_ctx


def test_first_admin_only_once_and_login_gives_the_role(ctx, admin):
    assert admin.user == "admin" and admin.role == "admin" and admin.opd_scope is None
    assert not auth.needs_first_admin(ctx.store)
    with pytest.raises(AccessDenied):
        auth.create_first_admin(ctx.store, "kedua", "Orang Lain", PASSWORD)
    logged_in = auth.login(ctx.store, "ADMIN ", PASSWORD)
    assert (logged_in.user, logged_in.role) == ("admin", "admin")


def test_password_is_stored_salted_and_slow_never_in_plain_text(ctx, admin):
    stored = ctx.store.query("SELECT password_hash FROM users")[0][0]
    assert stored.startswith("scrypt$16384$8$1$")
    assert PASSWORD not in stored
    assert hash_password(PASSWORD) != hash_password(PASSWORD)  # salted
    assert verify_password(PASSWORD, stored)
    assert not verify_password(PASSWORD + "x", stored)
    assert not verify_password(PASSWORD, "garbage")
    dump = "\n".join(ctx.store.conn.iterdump())
    history = " ".join(str(tuple(r)) for r in ctx.store.query("SELECT * FROM audit_log"))
    assert stored not in history and PASSWORD not in history and PASSWORD not in dump
    assert "password_hash" not in User.__dataclass_fields__


def test_wrong_password_five_times_locks_for_fifteen_minutes(ctx, admin):
    auth.create_user(admin, User("op.dlhk", "Operator DLHK", "operator", "DLHK"), PASSWORD)
    now = datetime(2026, 11, 25, 10, 0)
    for _ in range(4):
        with pytest.raises(auth.LoginFailed, match="salah"):
            auth.login(ctx.store, "op.dlhk", "keliru!!", now=now)
    with pytest.raises(auth.LoginFailed, match="dikunci 15 menit"):
        auth.login(ctx.store, "op.dlhk", "keliru!!", now=now)
    with pytest.raises(auth.LoginFailed, match="dikunci sampai pukul 10:15"):
        auth.login(ctx.store, "op.dlhk", PASSWORD, now=now + timedelta(minutes=14))
    op = auth.login(ctx.store, "op.dlhk", PASSWORD, now=now + timedelta(minutes=16))
    assert (op.role, op.opd_code, op.opd_scope) == ("operator", "DLHK", "DLHK")
    actions = [r[0] for r in ctx.store.query("SELECT action FROM audit_log WHERE entity='user'")]
    assert "lockout" in actions and actions[-1] == "login"


def test_unknown_user_and_wrong_password_get_the_same_message(ctx, admin):
    with pytest.raises(auth.LoginFailed) as unknown:
        auth.login(ctx.store, "tidakada", PASSWORD)
    with pytest.raises(auth.LoginFailed) as wrong:
        auth.login(ctx.store, "admin", "salah-sekali")
    assert str(unknown.value) == str(wrong.value) == "Nama pengguna atau kata sandi salah."


def test_admin_resets_a_password_and_the_user_must_change_it(ctx, admin):
    auth.create_user(admin, User("verif", "Verifikator Kota", "verifikator"), PASSWORD)
    assert auth.reset_password(admin, "verif", "baru-sekali-2026") == []
    with pytest.raises(auth.LoginFailed):
        auth.login(ctx.store, "verif", PASSWORD)
    verif = auth.login(ctx.store, "verif", "baru-sekali-2026")
    assert auth.must_change_password(verif)
    assert auth.change_own_password(verif, "baru-sekali-2026", "punyaku-sendiri") == []
    assert not auth.must_change_password(verif)
    with pytest.raises(AccessDenied):
        auth.reset_password(verif, "admin", "ambil-alih-admin")


def test_disabled_account_cannot_log_in_and_last_admin_stays(ctx, admin):
    auth.create_user(admin, User("op.dlhk", "Operator DLHK", "operator", "DLHK"), PASSWORD)
    assert (
        auth.update_user(admin, User("op.dlhk", "Operator DLHK", "operator", "DLHK", active=False))
        == []
    )
    with pytest.raises(auth.LoginFailed, match="dinonaktifkan"):
        auth.login(ctx.store, "op.dlhk", PASSWORD)
    issues = auth.update_user(admin, User("admin", "Bagian Umum", "operator", "DLHK"))
    assert [i.code for i in issues] == ["admin.last"]


@pytest.mark.parametrize(
    ("user", "password", "field"),
    [
        (User("op", "Operator", "operator", "DLHK"), PASSWORD, "username"),
        (User("op.dlhk", "Operator", "operator", None), PASSWORD, "opd_code"),
        (User("op.dlhk", "Operator", "operator", "TIDAKADA"), PASSWORD, "opd_code"),
        (User("op.dlhk", "Operator", "operator", "DLHK"), "pendek", "password"),
        (User("op.dlhk", "Operator", "kepala", "DLHK"), PASSWORD, "role"),
        (User("op.dlhk", "", "operator", "DLHK"), PASSWORD, "full_name"),
    ],
)
def test_bad_new_users_are_refused_with_a_message(admin, user, password, field):
    issues = auth.create_user(admin, user, password)
    assert field in [i.field for i in issues]
    assert all(i.message for i in issues)
