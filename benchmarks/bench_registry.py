"""Registry with 100,000 workers: demo fill, window opening, search, validation, check.

Targets (DESIGN.md §8): window < 1 s, search < 100 ms, validate_worker well under 20 µs.
Usage: python benchmarks/bench_registry.py [--workers N] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import timeit
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.queries import WorkerQuery
from kupang_desk.services.context import open_context
from kupang_desk.services.demo import fill_demo


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kupang-bench-") as scratch:
        db = args.db or Path(scratch) / "registry.sqlite3"
        ctx = open_context(db, "bench", role=Role.ADMIN)
        if not ctx.store.query("SELECT 1 FROM workers LIMIT 1"):
            started = time.perf_counter()
            fill_demo(ctx, args.workers)
            print(f"demo --workers {args.workers}: {time.perf_counter() - started:.1f} s")
        total = ctx.store.query("SELECT count(*) FROM workers")[0][0]
        print(f"workers in database: {total}")
        ctx.close()
        _window_and_search(db)
        _validation_and_check(db)
    return 0


def _window_and_search(db: Path) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from kupang_desk.ui.main_window import MainWindow

    started = time.perf_counter()  # as at start-up: open the file, then the window
    ctx = open_context(db, user="operator", role=Role.ADMIN)
    window = MainWindow(ctx)
    window.show()
    app.processEvents()
    opened = time.perf_counter() - started
    print(
        f"main window (open database + construct + first page shown): {_ms(opened)}"
        "  [target < 1000 ms]"
    )

    nik = ctx.store.query("SELECT nik FROM workers ORDER BY id DESC LIMIT 1")[0][0]
    cases = {
        "NIK prefix (10 digits)": WorkerQuery(text=nik[:10], status="aktif"),
        "NIK prefix (6 digits)": WorkerQuery(text=nik[:6], status="aktif"),
        "name part 'seran'": WorkerQuery(text="seran", status="aktif"),
        "name part 'maria nd' (spaces ignored)": WorkerQuery(text="maria nd", status="aktif"),
        "name part + OPD DLHK": WorkerQuery(text="yohanes", opd_code="DLHK", status="aktif"),
        "name + Kesehatan rejected": WorkerQuery(
            text="ndun", program="kesehatan", membership_status="rejected", status="aktif"
        ),
        "priority + OPD, sort by upah desc": WorkerQuery(
            opd_code="DLHK", priority=True, sort="upah", descending=True, status="aktif"
        ),
        "perlu perbaikan": WorkerQuery(needs_fixing=True),
    }
    for label, query in cases.items():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            window.model.set_query(query)  # count + first page, as the search box does
            app.processEvents()
            times.append(time.perf_counter() - started)
        print(
            f"search {label}: median {_ms(statistics.median(times))}, "
            f"max {_ms(max(times))}, {window.model.counts['total']} found  [target < 100 ms]"
        )
    window.close()
    ctx.close()


def _validation_and_check(db: Path) -> None:
    from kupang_desk.domain.validation import validate_worker
    from kupang_desk.services import rates
    from kupang_desk.services.checks import record_problems
    from kupang_desk.store.workers import get_worker

    ctx = open_context(db, "bench", role=Role.ADMIN)
    worker = get_worker(ctx.store, 1)
    runs = 20_000
    floor = rates.umk(ctx)
    per_call = (
        min(timeit.repeat(lambda: validate_worker(worker, umk=floor), number=runs, repeat=3)) / runs
    )
    print(f"validate_worker: {per_call * 1e6:.1f} µs per row  [target well under 20 µs]")
    started = time.perf_counter()
    problems = record_problems(ctx)
    print(
        f"record_problems (workers + families + memberships): "
        f"{time.perf_counter() - started:.1f} s, {len(problems)} records need fixing"
    )
    ctx.close()


if __name__ == "__main__":
    sys.exit(main())
