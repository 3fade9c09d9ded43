"""The mayor's progress numbers at 100,000 workers: the dashboard's one grouped query (and the
service around it) beside the bare counts of the same rows, and the same numbers counted
straight from workers + memberships (what the trigger-kept worker_progress table saves).

Target (issue 15): the dashboard's numbers under 200 ms. Also the write cost the triggers
add: one membership status change, and the demo fill's rebuild of the table.

Usage: python benchmarks/bench_dashboard.py [--workers N] [--db PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kupang_desk.services.context import open_context
from kupang_desk.services.demo import fill_demo
from kupang_desk.services.progress import load_progress
from kupang_desk.services.reports import Period
from kupang_desk.store import progress as progress_store

RUNS = 7


def _timed(job: Callable[[], object]) -> tuple[float, float, object]:
    """Median and best wall time of RUNS calls (the machine is shared), and the result."""
    times = []
    result = None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), result


def _line(label: str, median: float, best: float, note: str = "") -> None:
    print(f"{label}: median {median * 1000:.1f} ms, best {best * 1000:.1f} ms{note}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kupang-bench-") as scratch:
        db = args.db or Path(scratch) / "dashboard.sqlite3"
        started = time.perf_counter()
        ctx = open_context(
            db, "bench", role="admin"
        )  # an older file is migrated here (the table is filled once)
        opened = time.perf_counter() - started
        if not ctx.store.query("SELECT 1 FROM workers LIMIT 1"):
            started = time.perf_counter()
            fill_demo(ctx, args.workers)
            print(f"demo --workers {args.workers}: {time.perf_counter() - started:.1f} s")
        else:
            print(f"open (and migrate if needed): {opened:.2f} s")
        store = ctx.store
        total = store.query("SELECT count(*) FROM workers")[0][0]
        period = Period.of(date.today())
        days = {"first_day": period.first_day, "last_day": period.last_day}
        print(f"workers in database: {total}; period {period.label}")

        median, best, result = _timed(lambda: load_progress(ctx, period))
        _line(
            "dashboard numbers (service: grouped query + fold per OPD)",
            median,
            best,
            f", {result.progress.total.workers} workers  [target < 200 ms]",
        )
        median, best, groups = _timed(
            lambda: progress_store.progress_groups(store, opd_code=None, **days)
        )
        _line(
            "  the one grouped query over worker_progress", median, best, f", {len(groups)} groups"
        )
        median, best, count = _timed(lambda: progress_store.count_employed(store, **days))
        _line("bare count of the employed workers (workers table)", median, best, f" = {count}")
        median, best, _ = _timed(
            lambda: store.query(
                "SELECT program, status, count(*) FROM memberships "
                "WHERE family_member_id IS NULL GROUP BY 1, 2"
            )
        )
        _line("bare count of own memberships by program and status", median, best)
        started = time.perf_counter()
        base = progress_store.base_groups(store, opd_code=None, **days)
        from_base = time.perf_counter() - started
        same = sorted(map(tuple, base)) == sorted(map(tuple, groups))
        print(
            f"the same numbers from workers + memberships (no worker_progress): "
            f"{from_base * 1000:.0f} ms, {'identical' if same else 'DIFFERENT'}"
        )

        # What the triggers cost a writer: one status change, rolled back.
        membership = store.query(
            "SELECT id, status FROM memberships WHERE family_member_id IS NULL LIMIT 1"
        )[0]
        times = []
        for _ in range(RUNS):
            store.conn.execute("BEGIN")
            started = time.perf_counter()
            store.conn.execute(
                "UPDATE memberships SET status = 'rejected' WHERE id = ?", (membership[0],)
            )
            times.append(time.perf_counter() - started)
            store.conn.execute("ROLLBACK")
        print(
            f"one membership status change incl. worker_progress trigger: "
            f"median {statistics.median(times) * 1e6:.0f} µs"
        )
        started = time.perf_counter()
        with store.transaction() as tx:
            progress_store.rebuild(tx.conn)
        print(
            f"rebuild worker_progress from the base tables: {time.perf_counter() - started:.2f} s"
        )
        ctx.close()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
