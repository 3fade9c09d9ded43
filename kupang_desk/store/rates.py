"""Contribution rates by year, the pemda's settings and JKK class defaults, with history.

The settings table is shared with other modules (backup folder, machine id): the pemda's
settings are the keys of domain/settings.py only.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, fields

from kupang_desk.domain.iuran import RateTable
from kupang_desk.domain.settings import (
    SETTING_KEYS,
    JkkDefault,
    PemdaSettings,
    jabatan_key,
    settings_from_text,
    settings_to_text,
)
from kupang_desk.store import audit
from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store, StoredRow


def rate_to_row(rates: RateTable) -> dict:
    row = {f.name: getattr(rates, f.name) for f in fields(RateTable) if f.name != "jkk_bp"}
    row.update({f"jkk{i}_bp": bp for i, bp in enumerate(rates.jkk_bp, start=1)})
    return row


def rate_from_row(row: StoredRow) -> RateTable:
    values = {f.name: row[f.name] for f in fields(RateTable) if f.name != "jkk_bp"}
    values["note"] = values["note"] or ""
    values["jkk_bp"] = tuple(row[f"jkk{i}_bp"] for i in range(1, 6))
    return RateTable(**values)


def list_rates(store: Store) -> list[RateTable]:
    return [rate_from_row(r) for r in store.query("SELECT * FROM rates ORDER BY year")]


def save_rates(store: Store, rates: RateTable, *, user: str, umk_entered: bool = True) -> None:
    """Insert or replace the table of one year. `umk_entered`: the UMK/UMP in `rates` is the
    pemda's own (typed by the admin, or copied from a year it typed); when False the stored
    UMK is kept as it is (the seed, which only counts for the seeded region) and the year
    stays "not entered"."""
    with store.transaction() as db:
        before = store.query("SELECT * FROM rates WHERE year = ?", (rates.year,))
        old = (
            {**rate_to_row(rate_from_row(before[0])), "umk_entered": before[0]["umk_entered"]}
            if before
            else None
        )
        row = rate_to_row(rates)
        if not umk_entered and before:
            row["umk"] = before[0]["umk"]
        row["umk_entered"] = int(umk_entered)
        db.table("rates").upsert(
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
            before=old,
            after=row,
        )


def load_settings(store: Store) -> PemdaSettings:
    placeholders = ", ".join("?" * len(SETTING_KEYS))
    rows = store.query(
        f"SELECT key, value FROM settings WHERE key IN ({placeholders})", SETTING_KEYS
    )
    return settings_from_text({r[0]: r[1] for r in rows})


def _audited(settings: PemdaSettings) -> dict[str, str]:
    """The audit row names the logo by its digest: the image itself is in the settings."""
    values = settings_to_text(settings)
    values["pemda.logo"] = hashlib.sha256(settings.logo).hexdigest() if settings.logo else ""
    return values


def save_settings(store: Store, settings: PemdaSettings, *, user: str) -> None:
    """Write the keys that changed, one audit row for the change."""
    with store.transaction() as db:
        before = load_settings(store)
        old, new = settings_to_text(before), settings_to_text(settings)
        changed = [k for k in SETTING_KEYS if old[k] != new[k]]
        if not changed:
            return
        db.table("settings").upsert_all([{"key": k, "value": new[k]} for k in changed], pk="key")
        old_audit, new_audit = _audited(before), _audited(settings)
        audit.record(
            db,
            user=user,
            action="update",
            entity="settings",
            entity_id="pemda",
            before={k: old_audit[k] for k in changed},
            after={k: new_audit[k] for k in changed},
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
                "jabatan": jabatan_key(d.jabatan),
                "risk_class": d.risk_class,
            }
            for d in defaults
        ]
        if after:
            db.table("jkk_defaults").insert_all(after, replace=True)
        audit.record(
            db,
            user=user,
            action="update",
            entity="jkk_defaults",
            entity_id="all",
            before={"rows": before},
            after={"rows": after},
        )


def wage_floor_entered(store: Store, year: int) -> bool:
    """True when the UMK/UMP of `year` itself was saved by someone (rates.umk_entered): an
    audited save of another rate of that year, a seed or a migration does not count."""
    rows = store.query("SELECT umk_entered FROM rates WHERE year = ?", (year,))
    return bool(rows and rows[0][0])


def umk_entered_years(store: Store) -> set[int]:
    return {r[0] for r in store.query("SELECT year FROM rates WHERE umk_entered = 1")}
