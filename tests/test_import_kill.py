"""An import killed with SIGKILL in the middle of its transaction saves nothing."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from kupang_desk.store.audit import verify_chain
from kupang_desk.store.db import open_store
from tests.helpers import EXISTING, add_existing, admin_context, many_rows, snapshot
from tests.roster_sheets import clerk_xlsx

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent(
    """
    import sys, time
    from kupang_desk.services import importing
    from kupang_desk.services.context import open_context

    importing.BATCH_SIZE = 20
    ctx = open_context(sys.argv[1], "admin-cli", role="admin")

    def progress(done, total):
        if done >= 60:  # three batches inserted, transaction still open
            print("INSERTED", done, ctx.store.conn.in_transaction, flush=True)
            time.sleep(60)

    importing.import_file(ctx, sys.argv[2], importing.ImportOptions(opd_code="DLHK"),
                          progress=progress)
    print("FINISHED", flush=True)
    """
)


def test_kill_9_during_import_leaves_the_database_as_before(ctx, tmp_path):
    add_existing(ctx)
    path = clerk_xlsx(tmp_path / "big.xlsx", many_rows(200))
    before = snapshot(ctx)
    db_path = str(ctx.store.path)
    ctx.close()  # the child needs the single-writer lock
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, db_path, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()
        assert line.split() == ["INSERTED", "60", "True"], child.stderr.read()
        # The child's rows are in its open transaction, written to the WAL file.
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL

    store = open_store(db_path)
    try:
        assert store.query("PRAGMA quick_check")[0][0] == "ok"
        assert verify_chain(store.db) is None
        assert [r[0] for r in store.query("SELECT nik FROM workers")] == [EXISTING]
    finally:
        store.close()
    after = admin_context(db_path, user="tester")
    try:
        assert snapshot(after) == before
    finally:
        after.close()
