"""Disk full, read-only, busy and a second instance: one clear Indonesian message, what
was typed stays in the form, and nothing is half-written."""

import errno
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kupang_desk.cli import main
from kupang_desk.services.workers import save_worker
from kupang_desk.store import audit
from kupang_desk.store.db import open_store
from kupang_desk.store.errors import (
    DatabaseBusy,
    DatabaseInUse,
    DiskFull,
    ReadOnlyDatabase,
)

ROOT = Path(__file__).resolve().parent.parent


def counts(ctx) -> tuple[int, int]:
    return (
        ctx.store.query("SELECT count(*) FROM workers")[0][0],
        ctx.store.query("SELECT count(*) FROM audit_log")[0][0],
    )


def fill_the_disk(ctx) -> None:
    """No page may be added any more: like a full disk for every save that needs space."""
    pages = ctx.store.conn.execute("PRAGMA page_count").fetchone()[0]
    ctx.store.conn.execute(f"PRAGMA max_page_count = {pages}")


LONG = "Tenaga Kebersihan / Penyapu Jalan " * 300  # needs new pages to store


def allow_long_text(monkeypatch) -> None:
    """LONG is over the jabatan limit (domain.text_limits): lifted here, so that the save
    reaches the disk that has no room for it."""
    from kupang_desk.domain import text_limits

    monkeypatch.setitem(text_limits._LIMITS, "worker", ())


def test_disk_full_saves_nothing_and_says_so(ctx, worker, monkeypatch):
    allow_long_text(monkeypatch)
    before = counts(ctx)
    fill_the_disk(ctx)
    with pytest.raises(DiskFull, match="Disk penuh: data tidak tersimpan"):
        save_worker(ctx, replace(worker, jabatan=LONG))
    assert counts(ctx) == before  # neither the worker nor its audit row
    assert audit.verify_chain(ctx.store.db) is None


def test_read_only_database_saves_nothing_and_says_so(ctx, worker):
    before = counts(ctx)
    ctx.store.conn.execute("PRAGMA query_only = 1")
    with pytest.raises(ReadOnlyDatabase, match="hanya-baca"):
        save_worker(ctx, worker)
    ctx.store.conn.execute("PRAGMA query_only = 0")
    assert counts(ctx) == before


def test_read_only_folder_is_refused_at_opening(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ReadOnlyDatabase, match="hanya-baca"):
        open_store(tmp_path / "kantor.sqlite3")


def test_write_lock_held_elsewhere_is_busy_not_a_crash(ctx, worker, db_path):
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    ctx.store.conn.execute("PRAGMA busy_timeout = 100")
    try:
        with pytest.raises(DatabaseBusy, match="sedang dipakai"):
            save_worker(ctx, worker)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert save_worker(ctx, worker).saved  # once free, the same save works


def test_second_kupang_desk_on_the_same_file_is_refused(db_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from kupang_desk.store.db import open_store
                store = open_store({str(db_path)!r})
                print("siap", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "siap"
        with pytest.raises(DatabaseInUse, match="sedang dibuka oleh Kupang Desk lain") as refused:
            open_store(db_path)
        assert f"proses {holder.pid}" in str(refused.value)
        # a backup only reads: it works while the other one has the file open
        assert main(["--db", str(db_path), "backup", str(db_path.parent / "usb")]) == 0
        assert main(["--db", str(db_path), "restore", str(db_path)]) == 2  # a write: refused
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    open_store(db_path).close()  # free again once the other one has closed


def test_form_keeps_what_was_typed_when_the_disk_is_full(qtbot, ctx, monkeypatch):
    from kupang_desk.services import workers as worker_service
    from kupang_desk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    form = window.open_form()
    qtbot.addWidget(form)
    qtbot.keyClicks(form.nik, "5371014503850001")
    qtbot.keyClicks(form.name, "maria goreti ndun")
    form.birth_date.setCursorPosition(0)
    qtbot.keyClicks(form.birth_date, "05031985")
    form.sex.setCurrentIndex(form.sex.findData("P"))
    form.opd.setCurrentIndex(form.opd.findData("DLHK"))
    form.upah.setText("3000000")
    real_save = worker_service.save_worker

    def save_on_a_full_disk(ctx, worker, **kwargs):
        return real_save(ctx, replace(worker, jabatan=LONG), **kwargs)  # needs new pages

    monkeypatch.setattr(worker_service, "save_worker", save_on_a_full_disk)
    allow_long_text(monkeypatch)
    fill_the_disk(ctx)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "Disk penuh" in form.messages.text()
    assert form.saved_worker is None
    assert (form.nik.text(), form.name.text()) == ("5371014503850001", "maria goreti ndun")
    assert form.birth_date.text() == "05-03-1985"
    assert counts(ctx)[0] == 0
    ctx.store.conn.execute("PRAGMA max_page_count = 1073741823")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # room again: same typing saves
    assert form.saved_worker is not None
