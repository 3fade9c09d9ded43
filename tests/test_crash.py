"""kill -9 in the middle of work: the file is whole, every save reported done is there,
a bulk fill is all or nothing, and the history chain still holds. A few seconds: not
marked slow, so every test run repeats them."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kupang_desk.store import audit
from kupang_desk.store.db import open_store

ROOT = Path(__file__).resolve().parent.parent

SAVER = """
import sys
from datetime import date
from kupang_desk.domain.entities import Worker
from kupang_desk.services.context import open_context
from kupang_desk.services.demo import OPDS
from kupang_desk.services.opd import save_opd
from kupang_desk.services.workers import save_worker

ctx = open_context(sys.argv[1], "admin-cli", role="admin")
save_opd(ctx, OPDS[0])
for i in range(1, 10000):
    nik = f"537101150885{i:04d}"
    name = "UJI " + "".join(chr(65 + int(d)) for d in str(i))
    worker = Worker(nik, name, date(1985, 8, 15), "L", "DLHK", upah=2_900_000)
    if save_worker(ctx, worker, accept_warnings=True).saved:
        print(nik, flush=True)  # only after the commit returned
"""

# The fill tells the test when it is inside its transaction (the second batch is being
# generated, the first is inserted and not committed) and waits there to be killed.
FILLER = """
import sys, time
from kupang_desk.services import demo
from kupang_desk.services.context import open_context
from kupang_desk.store import demo as demo_store

generated = 0
real_worker = demo._worker

def worker_then_wait(*args):
    global generated
    generated += 1
    if generated == demo_store._BATCH + 1:
        print("di tengah", ctx.store.conn.in_transaction, flush=True)
        time.sleep(60)
    return real_worker(*args)

demo._worker = worker_then_wait
demo_store._BATCH = 500
ctx = open_context(sys.argv[1], "admin-cli", role="admin")
demo.fill_demo(ctx, 2 * demo_store._BATCH)
print("selesai", flush=True)
"""


def start(script: str, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def assert_whole(db: Path) -> sqlite3.Connection:
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return raw


@pytest.mark.parametrize("after_saves", [50, 333])
def test_kill_during_a_series_of_saves_loses_no_reported_save(tmp_path, after_saves):
    db = tmp_path / "kantor.sqlite3"
    child = start(SAVER, db)
    reported = []
    while len(reported) < after_saves:
        line = child.stdout.readline()
        assert line, "the saver stopped early"
        reported.append(line.strip())
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    reported += [line.strip() for line in child.stdout.read().splitlines()]  # piped before kill

    raw = assert_whole(db)
    stored = {r[0] for r in raw.execute("SELECT nik FROM workers")}
    raw.close()
    assert set(reported) <= stored
    assert len(stored) - len(reported) <= 1  # at most the save that was committing
    store = open_store(db)  # the lock died with the process
    assert audit.verify_chain(store.db) is None
    store.close()


def test_kill_during_a_bulk_fill_leaves_all_or_nothing(tmp_path):
    db = tmp_path / "kantor.sqlite3"
    child = start(FILLER, db)
    assert child.stdout.readline().split() == ["di", "tengah", "True"]
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    raw = assert_whole(db)
    count = raw.execute("SELECT count(*) FROM workers").fetchone()[0]
    raw.close()
    assert count == 0  # 500 inserted in the open transaction: none of them kept
