"""The mayor's progress numbers: one grouped count over `worker_progress`.

Why a table of its own: each worker's status is that of their latest own membership of
each program, and finding it costs two index look-ups per worker: at 100,000 workers the
grouped count straight from workers + memberships takes about a second here. The
`worker_progress` table holds, per worker, the few columns the count needs and both
statuses, kept current by triggers on workers and memberships (so every writer: forms,
import, merge, reconciliation, is covered without knowing it); the count is then one scan
of a narrow table. `base_groups` computes the same numbers from the base tables: the
benchmark prints both and tests/test_dashboard.py checks they agree after every kind of
change. A migration that rebuilds workers or memberships must call `install` again.
"""

from __future__ import annotations

import sqlite3

from kupang_desk.store.db import Store
from kupang_desk.store.report_data import LISTED_IN_PERIOD

PROGRAMS = ("kesehatan", "ketenagakerjaan")  # the status columns, named as the programs
_WORKER_COLUMNS = (
    "opd_code",
    "employment_type",
    "priority",
    "sex",
    "status",
    "status_date",
    "tmt",
    "end_date",
)
TRIGGERS = (
    "worker_progress_worker_insert",
    "worker_progress_worker_update",
    "worker_progress_worker_delete",
    "worker_progress_membership_insert",
    "worker_progress_membership_update",
    "worker_progress_membership_delete",
)


def _latest(program: str, worker: str) -> str:
    # The same rule as report_data's daftar: the latest own membership of the program.
    return (
        f"(SELECT status FROM memberships WHERE worker_id = {worker} "
        f"AND family_member_id IS NULL AND program = '{program}' ORDER BY id DESC LIMIT 1)"
    )


def _worker_values(row: str) -> str:
    """The worker columns as stored in worker_progress (blanks and NULLs made uniform)."""
    return (
        f"{row}.opd_code, coalesce({row}.employment_type, ''), coalesce({row}.priority, 0), "
        f"coalesce({row}.sex, ''), {row}.status, {row}.status_date, {row}.tmt, {row}.end_date"
    )


def _refresh_statuses(where: str) -> str:
    sets = ", ".join(f"{p} = {_latest(p, 'worker_progress.worker_id')}" for p in PROGRAMS)
    return f"UPDATE worker_progress SET {sets} WHERE {where};"


def install(conn: sqlite3.Connection) -> None:
    """Create the table and its triggers if missing, and fill it from the base tables."""
    conn.execute(
        """CREATE TABLE IF NOT EXISTS worker_progress (
            worker_id INTEGER PRIMARY KEY,
            opd_code TEXT NOT NULL,
            employment_type TEXT NOT NULL,
            priority INTEGER NOT NULL,
            sex TEXT NOT NULL,
            status TEXT,
            status_date TEXT,
            tmt TEXT,
            end_date TEXT,
            kesehatan TEXT,
            ketenagakerjaan TEXT)"""
    )
    # Every column, in the order of the count's GROUP BY: the count reads this index alone,
    # already grouped (sorting 100,000 rows for the GROUP BY cost more than the scan).
    conn.execute(
        "CREATE INDEX IF NOT EXISTS idx_worker_progress_groups ON worker_progress "
        "(opd_code, employment_type, priority, kesehatan, ketenagakerjaan, sex, status, "
        "status_date, tmt, end_date)"
    )
    create_triggers(conn)
    rebuild(conn)


def create_triggers(conn: sqlite3.Connection) -> None:
    statuses = ", ".join(_latest(p, "NEW.id") for p in PROGRAMS)
    updates = ", ".join(
        f"{c} = " + (f"coalesce(NEW.{c}, {default})" if default else f"NEW.{c}")
        for c, default in zip(_WORKER_COLUMNS, ("", "''", "0", "''", "", "", "", ""), strict=True)
    )
    own = "family_member_id IS NULL"
    # One execute per trigger: executescript would COMMIT the migration's transaction.
    for sql in (
        f"""CREATE TRIGGER IF NOT EXISTS worker_progress_worker_insert AFTER INSERT ON workers
            BEGIN
                INSERT OR REPLACE INTO worker_progress
                VALUES (NEW.id, {_worker_values("NEW")}, {statuses});
            END""",
        f"""CREATE TRIGGER IF NOT EXISTS worker_progress_worker_update
            AFTER UPDATE OF {", ".join(_WORKER_COLUMNS)} ON workers
            BEGIN
                UPDATE worker_progress SET {updates} WHERE worker_id = NEW.id;
            END""",
        """CREATE TRIGGER IF NOT EXISTS worker_progress_worker_delete AFTER DELETE ON workers
            BEGIN
                DELETE FROM worker_progress WHERE worker_id = OLD.id;
            END""",
        f"""CREATE TRIGGER IF NOT EXISTS worker_progress_membership_insert
            AFTER INSERT ON memberships WHEN NEW.{own}
            BEGIN
                {_refresh_statuses("worker_id = NEW.worker_id")}
            END""",
        f"""CREATE TRIGGER IF NOT EXISTS worker_progress_membership_update
            AFTER UPDATE OF worker_id, family_member_id, program, status ON memberships
            WHEN NEW.{own} OR OLD.{own}
            BEGIN
                {_refresh_statuses("worker_id IN (OLD.worker_id, NEW.worker_id)")}
            END""",
        f"""CREATE TRIGGER IF NOT EXISTS worker_progress_membership_delete
            AFTER DELETE ON memberships WHEN OLD.{own}
            BEGIN
                {_refresh_statuses("worker_id = OLD.worker_id")}
            END""",
    ):
        conn.execute(sql)


def drop_triggers(conn: sqlite3.Connection) -> None:
    """For a bulk fill that drops the memberships indexes first (the demo): without them
    each trigger's look-up would scan the table. Call `install` afterwards."""
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def rebuild(conn: sqlite3.Connection) -> None:
    statuses = ", ".join(_latest(p, "w.id") for p in PROGRAMS)
    conn.execute("DELETE FROM worker_progress")
    conn.execute(
        f"INSERT INTO worker_progress SELECT w.id, {_worker_values('w')}, {statuses} FROM workers w"
    )


def _opd_clause(opd_code: str | None) -> str:
    return "" if opd_code is None else "AND w.opd_code = :opd"


def progress_groups(
    store: Store, *, opd_code: str | None, first_day: str, last_day: str
) -> list[sqlite3.Row]:
    """(opd_code, employment_type, priority, kesehatan status, ketenagakerjaan status,
    workers, men, women) per group of the workers employed in the period: the one query
    behind the dashboard and the progres page."""
    params = {"first_day": first_day, "last_day": last_day, "opd": opd_code}
    return store.query(
        f"""SELECT w.opd_code, w.employment_type, w.priority, w.kesehatan, w.ketenagakerjaan,
                   count(*), sum(w.sex = 'L'), sum(w.sex = 'P')
            FROM worker_progress w
            WHERE {LISTED_IN_PERIOD} {_opd_clause(opd_code)}
            GROUP BY 1, 2, 3, 4, 5""",
        params,
    )


def base_groups(
    store: Store, *, opd_code: str | None, first_day: str, last_day: str
) -> list[sqlite3.Row]:
    """The same numbers as `progress_groups`, counted from workers + memberships."""
    params = {"first_day": first_day, "last_day": last_day, "opd": opd_code}
    return store.query(
        f"""SELECT w.opd_code, coalesce(w.employment_type, ''), coalesce(w.priority, 0),
                   {_latest("kesehatan", "w.id")}, {_latest("ketenagakerjaan", "w.id")},
                   count(*), sum(w.sex = 'L'), sum(w.sex = 'P')
            FROM workers w
            WHERE {LISTED_IN_PERIOD} {_opd_clause(opd_code)}
            GROUP BY 1, 2, 3, 4, 5""",
        params,
    )


def count_employed(store: Store, *, first_day: str, last_day: str) -> int:
    """The bare count of the workers employed in the period (the benchmark's floor)."""
    params = {"first_day": first_day, "last_day": last_day}
    return store.query(f"SELECT count(*) FROM workers w WHERE {LISTED_IN_PERIOD}", params)[0][0]
