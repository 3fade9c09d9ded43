"""The import's writer thread: the same outcome, stored types and errors as inserting in the
caller's thread, and no thread left behind."""

import threading
from datetime import date

import pytest

from kupang_desk.domain.entities import Worker
from kupang_desk.services.importing import ImportCancelled, ImportOptions, import_file
from kupang_desk.services.workers import save_worker
from kupang_desk.store import bulk
from kupang_desk.store.errors import DiskFull
from tests.helpers import EXISTING, add_existing, snapshot
from tests.roster_sheets import clerk_xlsx, nik_for

BORN = date(1990, 6, 1)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr("kupang_desk.services.importing.BATCH_SIZE", 10)


def rows(count: int) -> list[list]:
    return [
        [i, nik_for(BORN, "L", i), "YOSEF NDUN", "KUPANG", BORN, "L", "Sopir", "", 2_900_000]
        for i in range(1, count + 1)
    ]


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "import-writer"]


@pytest.mark.parametrize("update", [True, False])
def test_a_registered_nik_between_new_rows_is_updated_or_refused(ctx, tmp_path, update):
    add_existing(ctx)
    sheet = rows(60)
    sheet[34] = [35, EXISTING, "Petrus Nalle", "Ende", date(1979, 8, 17), "L", "Mandor", "", 0]
    report = import_file(
        ctx, clerk_xlsx(tmp_path / "r.xlsx", sheet), ImportOptions("DLHK", update=update)
    )
    assert (report.inserted, report.updated) == (59, 1 if update else 0)
    assert [r.row for r in report.rejected] == ([] if update else [39])
    if not update:
        assert "sudah terdaftar atas nama PETRUS NALLE" in report.rejected[0].message
    niks = [r[0] for r in ctx.store.query("SELECT nik FROM workers ORDER BY id")]
    assert niks == [EXISTING] + [nik_for(BORN, "L", i) for i in range(1, 61) if i != 35]
    [jabatan] = ctx.store.query("SELECT jabatan FROM workers WHERE nik = ?", (EXISTING,))[0]
    assert jabatan == ("Mandor" if update else "")
    assert writer_threads() == []


def test_columns_alike_or_different_in_a_batch_are_stored_as_the_form_stores_them(ctx, tmp_path):
    sheet = rows(20)  # first batch: one phone and wage for all; second: each its own
    for row in sheet[10:]:
        row[7], row[8] = f"0812-3{row[0]:06d}", 2_900_000 + row[0]
    report = import_file(ctx, clerk_xlsx(tmp_path / "r.xlsx", sheet), ImportOptions("DLHK"))
    assert report.inserted == 20
    form = Worker(
        nik_for(BORN, "P", 99), "ANA", BORN, "P", "DLHK", phone="081234567890", upah=2_950_000
    )
    assert save_worker(ctx, form).saved
    columns = [r[1] for r in ctx.store.query("PRAGMA table_info(workers)")]
    types = ", ".join(f"typeof({c})" for c in columns)
    stored = {tuple(r) for r in ctx.store.query(f"SELECT {types} FROM workers")}
    assert len(stored) == 1  # every imported row and the form's row: the same types
    kinds = dict(zip(columns, stored.pop(), strict=True))
    assert (kinds["nik"], kinds["phone"], kinds["upah"], kinds["tmt"]) == (
        "text",
        "text",
        "integer",
        "null",
    )
    phones = [r[0] for r in ctx.store.query("SELECT phone FROM workers ORDER BY id")]
    assert phones[0] == "" and phones[10] == "+628123000011"
    wages = [r[0] for r in ctx.store.query("SELECT upah FROM workers ORDER BY id")]
    assert wages[:10] == [2_900_000] * 10 and wages[10:20] == list(range(2_900_011, 2_900_021))


@pytest.mark.parametrize("failure", [DiskFull, RuntimeError])
def test_a_writer_failure_is_raised_to_the_caller_and_saves_nothing(
    ctx, tmp_path, monkeypatch, failure
):
    add_existing(ctx)
    before = snapshot(ctx)
    real_insert = bulk.insert_workers
    calls = []

    def failing_insert(store, workers, *, user):
        calls.append(len(workers))
        if len(calls) == 3:
            raise failure("Disk penuh")
        real_insert(store, workers, user=user)

    monkeypatch.setattr(bulk, "insert_workers", failing_insert)
    with pytest.raises(failure):
        import_file(ctx, clerk_xlsx(tmp_path / "r.xlsx", rows(100)), ImportOptions("DLHK"))
    assert snapshot(ctx) == before
    assert len(calls) < 10  # the batches after the failure were not inserted
    assert writer_threads() == []


def test_cancel_while_the_writer_is_busy_saves_nothing(ctx, tmp_path, monkeypatch):
    """The cancel comes while the writer is inside its first insert: the writer is let go
    only once the import is leaving the writer's block, and still nothing is saved."""
    before = snapshot(ctx)
    busy, release = threading.Event(), threading.Event()
    real_insert, real_exit = bulk.insert_workers, bulk.BatchWriter.__exit__

    def held_insert(store, workers, *, user):
        busy.set()
        assert release.wait(10), "the writer was never let go"
        real_insert(store, workers, user=user)

    def exit_releasing(self, *exc_info):
        release.set()
        return real_exit(self, *exc_info)

    monkeypatch.setattr(bulk, "insert_workers", held_insert)
    monkeypatch.setattr(bulk.BatchWriter, "__exit__", exit_releasing)
    checked = []
    with pytest.raises(ImportCancelled):
        import_file(
            ctx,
            clerk_xlsx(tmp_path / "r.xlsx", rows(100)),
            ImportOptions("DLHK"),
            progress=lambda done, total: checked.append(done),
            # From the second batch on: cancel as soon as the writer holds the first.
            cancelled=lambda: bool(checked) and busy.wait(10),
        )
    assert checked == [10]  # one batch of 10 handed to the writer, then the cancel
    assert snapshot(ctx) == before
    assert writer_threads() == []
