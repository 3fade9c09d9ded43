"""Perlu Perbaikan at 100,000 workers: the whole check against a bare read of the same rows,
and how long the window goes without handling an event while the check runs off its thread.

Floor: the same three ordered streams the check reads (workers, family members,
memberships), fetched by sqlite3 and thrown away. The check adds building the records and
every rule (save rules of today + BPJS readiness) and writing the changed counts.
Usage: python benchmarks/bench_checks.py [--workers N] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kupang_desk.domain.accounts import Role
from kupang_desk.services.checks import record_problems
from kupang_desk.services.context import open_context
from kupang_desk.services.demo import fill_demo

STREAMS = (
    "SELECT * FROM workers ORDER BY id",
    "SELECT * FROM family_members ORDER BY worker_id, id",
    "SELECT * FROM memberships ORDER BY worker_id, id",
)


def _floor(ctx) -> float:
    started = time.perf_counter()
    for sql in STREAMS:
        for _row in ctx.store.conn.execute(sql):
            pass
    return time.perf_counter() - started


def _gui_gap(db: Path) -> tuple[float, float]:
    """(seconds until the dialog has its result, longest pause of the GUI event loop)."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from kupang_desk.ui.problems_view import ProblemsDialog

    ctx = open_context(db, "bench", role=Role.ADMIN)
    clock = QElapsedTimer()
    clock.start()
    last = [0]
    longest = [0]

    def tick() -> None:
        now = clock.elapsed()
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    timer = QTimer(interval=10)
    timer.timeout.connect(tick)
    timer.start()
    started = time.perf_counter()
    dialog = ProblemsDialog(ctx, lambda worker_id: None)
    dialog.show()
    last[0] = clock.elapsed()
    while dialog.running:
        app.processEvents()
        time.sleep(0.002)
    took = time.perf_counter() - started
    timer.stop()
    dialog.close()
    ctx.close()
    return took, longest[0] / 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kupang-bench-") as scratch:
        db = args.db or Path(scratch) / "checks.sqlite3"
        ctx = open_context(db, "bench", role=Role.ADMIN)
        if not ctx.store.query("SELECT 1 FROM workers LIMIT 1"):
            fill_demo(ctx, args.workers)
        total = ctx.store.query("SELECT count(*) FROM workers")[0][0]
        print(f"workers in database: {total}")
        floor = min(_floor(ctx) for _ in range(2))
        print(f"bare SELECT of the same rows (workers, family, memberships): {floor:.2f} s")
        started = time.perf_counter()
        problems = record_problems(ctx, refresh=True, progress=lambda d, t: None)
        check = time.perf_counter() - started
        print(
            f"record_problems (every rule + BPJS readiness): {check:.2f} s, "
            f"{len(problems)} records need fixing; ratio to the floor {check / floor:.1f}x"
        )
        ctx.close()
        took, gap = _gui_gap(db)
        print(
            f"Perlu Perbaikan window: result after {took:.2f} s; longest pause of the GUI "
            f"event loop meanwhile {gap * 1000:.0f} ms  [window stays usable: < 100 ms]"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
