"""Contribution rates by year, the pemda's settings and JKK class defaults, with history."""

from __future__ import annotations

from dataclasses import asdict, fields

from kupang_desk.domain.iuran import RateTable
from kupang_desk.domain.settings import (
    JkkDefault,
    PemdaSettings,
    settings_from_text,
    settings_to_text,
)
from kupang_desk.store import audit
from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store

SETTINGS_PREFIX = "pemda."  # the settings table is shared with other modules


def rate_to_row(rates: RateTable) -> dict:
    row = {f.name: getattr(rates, f.name) for f in fields(RateTable) if f.name != "jkk_bp"}
    row.update({f"jkk{i}_bp": bp for i, bp in enumerate(rates.jkk_bp, start=1)})
    return row


def rate_from_row(row) -> RateTable:
    values = {f.name: row[f.name] for f in fields(RateTable) if f.name != "jkk_bp"}
    values["note"] = values["note"] or ""
    values["jkk_bp"] = tuple(row[f"jkk{i}_bp"] for i in range(1, 6))
    return RateTable(**values)


def list_rates(store: Store) -> list[RateTable]:
    return [rate_from_row(r) for r in store.query("SELECT * FROM rates ORDER BY year")]


def save_rates(store: Store, rates: RateTable, *, user: str) -> None:
    """Insert or replace the table of one year."""
    with store.transaction() as db:
        before = store.query("SELECT * FROM rates WHERE year = ?", (rates.year,))
        row = rate_to_row(rates)
        db["rates"].upsert(
            {
                **row,
                "updated_at": now_iso(),
                "updated_by": user,
            },
            pk="year",
        )
        audit.record(
            db,
            user=user,
            action="update" if before else "insert",
            entity="rates",
            entity_id=rates.year,
            before=rate_to_row(rate_from_row(before[0])) if before else None,
            after=row,
        )


def load_settings(store: Store) -> PemdaSettings:
    rows = store.query(
        "SELECT key, value FROM settings WHERE key LIKE ? || '%'", (SETTINGS_PREFIX,)
    )
    return settings_from_text({r[0].removeprefix(SETTINGS_PREFIX): r[1] for r in rows})


def save_settings(store: Store, settings: PemdaSettings, *, user: str) -> None:
    with store.transaction() as db:
        before = load_settings(store)
        db["settings"].upsert_all(
            [
                {"key": SETTINGS_PREFIX + key, "value": value}
                for key, value in settings_to_text(settings).items()
            ],
            pk="key",
        )
        audit.record(
            db,
            user=user,
            action="update",
            entity="settings",
            entity_id="pemda",
            before=asdict(before),
            after=asdict(settings),
        )


def list_jkk_defaults(store: Store) -> list[JkkDefault]:
    rows = store.query(
        "SELECT opd_code, jabatan, risk_class FROM jkk_defaults ORDER BY opd_code, jabatan"
    )
    return [JkkDefault(*row) for row in rows]


def replace_jkk_defaults(store: Store, defaults: list[JkkDefault], *, user: str) -> None:
    """The admin edits the whole list at once; jabatan is kept uppercase for matching."""
    with store.transaction() as db:
        before = [asdict(d) for d in list_jkk_defaults(store)]
        db.execute("DELETE FROM jkk_defaults")
        after = [
            {
                "opd_code": d.opd_code,
                "jabatan": d.jabatan.strip().upper(),
                "risk_class": d.risk_class,
            }
            for d in defaults
        ]
        if after:
            db["jkk_defaults"].insert_all(after, replace=True)
        audit.record(
            db,
            user=user,
            action="update",
            entity="jkk_defaults",
            entity_id="all",
            before={"rows": before},
            after={"rows": after},
        )
