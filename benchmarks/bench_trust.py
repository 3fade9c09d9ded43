"""Costs of the safety measures on the design-size database (100k workers):
password hash, login, one audited save, start-up quick_check, full check, backup, restore."""

import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kupang_desk.domain.accounts import Role, hash_password
from kupang_desk.domain.entities import Worker
from kupang_desk.services import auth, backup
from kupang_desk.services.context import open_context
from kupang_desk.services.database_check import check_database
from kupang_desk.services.demo import fill_demo
from kupang_desk.services.workers import SaveResult, save_worker
from kupang_desk.store.workers import holder_of_nik

WORKERS = 100_000


def timed(label: str, fn, repeat: int = 1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = fn()
    elapsed = (time.perf_counter() - start) / repeat
    print(f"{label}: {elapsed * 1000:.1f} ms", flush=True)
    return result


def unused_nik(ctx) -> str:
    """The demo's 100k workers hold some NIKs of this birth date; take one that is free."""
    for serial in range(1, 10_000):
        nik = f"537101150885{serial:04d}"
        if holder_of_nik(ctx.store, nik) is None:
            return nik
    raise SystemExit("no free NIK for the test worker")


def stored(result: SaveResult) -> Worker:
    """A refused save would time validation only: stop instead of measuring nothing."""
    if not result.saved:
        raise SystemExit(f"save refused: {result.issues}")
    return result.worker


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-trust-"))
    db = folder / "kantor.sqlite3"
    ctx = open_context(db, "bench", role=Role.ADMIN)
    timed(f"demo fill {WORKERS} workers (setup)", lambda: fill_demo(ctx, WORKERS))
    print(f"database size: {db.stat().st_size / 1e6:.1f} MB")
    timed("scrypt hash_password", lambda: hash_password("rahasia-2026!"), repeat=5)
    auth.create_first_admin(ctx.store, "admin", "Bagian Umum", "rahasia-2026!")
    timed("login", lambda: auth.login(ctx.store, "admin", "rahasia-2026!"), repeat=5)
    nik = unused_nik(ctx)
    worker = Worker(nik, "UJI COBA", date(1985, 8, 15), "L", "DLHK", upah=2_900_000)
    saved = stored(
        timed("insert worker (validated, audited, committed)", lambda: save_worker(ctx, worker))
    )
    start = time.perf_counter()
    for step in range(50):
        saved = stored(save_worker(ctx, replace(saved, upah=3_000_000 + step)))
    mean = (time.perf_counter() - start) / 50
    print(f"update worker (validated, audited, committed), mean of 50: {mean * 1000:.1f} ms")
    timed("start-up quick_check", lambda: backup.file_problems(db))
    made = timed("backup (online API + verify)", lambda: backup.backup_now(ctx, folder / "usb"))
    timed("restore (copy current + restore + audit)", lambda: backup.restore(ctx, made))
    ctx.close()
    report = timed(
        "kupang-desk check (integrity_check + FK + audit chain)", lambda: check_database(db)
    )
    print(f"check ok: {report.ok}")


if __name__ == "__main__":
    main()
