"""Bundles and reconciliation at city scale: 10,000 workers of one OPD.

Prints: export time and size, first merge, the same bundle again (no-op), a merge after
1,000 edits at the OPD, and reconciling a 10,000-row BPJS list (half by NIK, half by name +
birth date, 1 in 20 names with a one-letter typo).

`--against DIR [ROUNDS]` runs DIR/benchmarks/bench_sync.py (an older checkout, e.g.
`git worktree add /tmp/main main`) and this one alternately in the same session, and prints
the best of each with their ratio: on a shared machine only figures from one run compare.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kupang_desk.domain.accounts import Role
from kupang_desk.services import bundles
from kupang_desk.services.context import open_context
from kupang_desk.services.demo import OPDS, fill_demo
from kupang_desk.services.opd import save_opd
from kupang_desk.services.reconcile import reconcile_file

WORKERS = 10_000


def timed(label: str, job):
    start = time.perf_counter()
    result = job()
    print(f"{label}: {time.perf_counter() - start:.2f} s", flush=True)
    return result


def tally(report) -> str:
    out = report.outcome
    return (
        f"added {out.added}, updated {out.updated}, unchanged {out.unchanged}, "
        f"conflicts {len(out.conflicts)}"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        tmp = Path(tmp)
        opd = open_context(tmp / "opd.sqlite3", user="operator", role=Role.ADMIN)
        fill_demo(opd, WORKERS, seed=11)
        with opd.store.transaction() as db:  # one big OPD, as DLHK of a larger city
            db.execute("UPDATE workers SET opd_code = 'DLHK'")
        out = tmp / "kiriman.zip"
        centre = open_context(tmp / "pusat.sqlite3", user="admin", role=Role.ADMIN)
        # The centre registers the office (as enrollment does) before its first bundle.
        save_opd(centre, next(o for o in OPDS if o.code == "DLHK"))
        bundles.install_office(opd, bundles.register_office(centre, "DLHK"))
        exported = timed(
            f"bundle export {WORKERS} pegawai",
            lambda: bundles.export_bundle(opd, out, opd_code="DLHK"),
        )
        counts = exported.manifest["counts"]
        records = counts["workers"] + counts["family_members"] + counts["memberships"]
        print(f"bundle size: {out.stat().st_size / 1e6:.2f} MB, records: {counts}")
        report = timed("merge (first, all added)", lambda: bundles.merge_bundle(centre, out))
        assert report.outcome.added == records, tally(report)
        report = timed("merge same bundle again (no-op)", lambda: bundles.merge_bundle(centre, out))
        assert report.outcome.unchanged == records, tally(report)
        with opd.store.transaction() as db:
            db.execute("UPDATE workers SET upah = upah + 1000 WHERE id % 10 = 0")
        bundles.export_bundle(opd, out, opd_code="DLHK")
        report = timed(
            "merge after 1,000 edits at the OPD", lambda: bundles.merge_bundle(centre, out)
        )
        outcome = report.outcome
        assert outcome.updated == WORKERS // 10, tally(report)
        assert outcome.unchanged == records - WORKERS // 10 and not outcome.conflicts, tally(report)

        listing = tmp / "bpjs.csv"
        rows = centre.store.query("SELECT nik, name, birth_date FROM workers ORDER BY id")
        with listing.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["No Kartu", "NIK", "Nama", "Tgl Lahir", "Status"])
            for i, (nik, name, born) in enumerate(rows):
                typo = name[:-1] + "X" if i % 20 == 0 else name
                writer.writerow(
                    [
                        f"{i:013d}",
                        nik if i % 2 else "",
                        typo,
                        "/".join(reversed(born.split("-"))),
                        "AKTIF",
                    ]
                )
        result = timed(
            f"reconcile {len(rows)} rows (store cards)", lambda: reconcile_file(centre, listing)
        )
        print(f"reconcile groups: {result.counts()}, cards stored {result.cards_stored}")
        opd.close()
        centre.close()


def compare(against: Path, rounds: int = 2) -> None:
    """Run the older checkout's benchmark and this one alternately (`rounds` times each,
    so a neighbour's load hits both alike); print the best of each side by side."""
    pattern = re.compile(r"^(.*): ([0-9.]+) s$", re.M)
    best: dict[str, dict[str, float]] = {"before": {}, "now": {}}
    order: list[str] = []
    for _ in range(rounds):
        for side, script, cwd in (
            ("before", against / "benchmarks" / "bench_sync.py", against),
            ("now", Path(__file__), None),
        ):
            out = subprocess.run(
                [sys.executable, str(script)], capture_output=True, text=True, check=True, cwd=cwd
            ).stdout
            for label, seconds in pattern.findall(out):
                if label not in order:
                    order.append(label)
                best[side][label] = min(float(seconds), best[side].get(label, float("inf")))
    print(f"{'best of ' + str(rounds):45} {'before':>8} {'now':>8} {'ratio':>6}")
    for label in order:
        if label in best["before"] and label in best["now"]:
            before, now = best["before"][label], best["now"][label]
            print(f"{label:45} {before:8.2f} {now:8.2f} {now / before:6.2f}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--against":
        compare(Path(sys.argv[2]).resolve(), int(sys.argv[3]) if len(sys.argv) > 3 else 2)
    else:
        main()
