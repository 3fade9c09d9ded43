"""The importer's fast paths (one type gate per row, records built without __init__, batch
UUIDs, bool and dates straight into SQLite) store exactly what the rules and the form do."""

import gc
import uuid
from datetime import date, datetime

from kupang_desk.domain.entities import Worker, WorkerStatus, replaced
from kupang_desk.domain.field_types import type_issues
from kupang_desk.services.importing import ImportOptions, import_file
from kupang_desk.store.bulk import new_uuids
from kupang_desk.store.workers import get_worker
from tests.roster_sheets import clerk_xlsx, nik_for

BORN = date(1990, 6, 1)


def test_batch_uuids_are_distinct_random_version_4_uuids():
    made = new_uuids(5000)
    assert len(set(made)) == 5000
    for text in made:
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_type_gate_refuses_bool_wages_and_datetimes_but_takes_enum_members():
    base = Worker("5371014503850001", "MARIA", date(1985, 3, 5), "P", "DLHK")
    assert type_issues(replaced(base, {"status": WorkerStatus.NONAKTIF, "tmt": None})) == []
    wrong = replaced(base, {"upah": True, "birth_date": datetime(1985, 3, 5), "nik": None})
    assert {i.field for i in type_issues(wrong)} == {"upah", "birth_date", "nik"}
    assert replaced(base, {"name": "X"}).name == "X" and base.name == "MARIA"


def test_imported_rows_are_stored_like_saved_workers(ctx, tmp_path):
    rows = [
        [i, nik_for(BORN, "L", i), " yosef  ndun ", "kupang", BORN, "L", "Sopir", "", 2_900_000]
        for i in range(1, 4)
    ]
    threshold = gc.get_threshold()
    report = import_file(ctx, clerk_xlsx(tmp_path / "r.xlsx", rows), ImportOptions("DLHK"))
    assert report.accepted == 3 and not report.rejected
    assert gc.get_threshold() == threshold
    stored = ctx.store.query(
        "SELECT id, uuid, priority, typeof(priority), birth_date, tmt FROM workers ORDER BY id"
    )
    assert len({row[1] for row in stored}) == 3
    for worker_id, text, priority, kind, birth_date, tmt in stored:
        assert uuid.UUID(text).version == 4
        assert (priority, kind, birth_date, tmt) == (0, "integer", "1990-06-01", None)
        worker = get_worker(ctx.store, worker_id)
        assert (worker.name, worker.birth_place, worker.priority) == ("YOSEF NDUN", "KUPANG", False)
