"""Bundles at the SQL level: collect one OPD's records, merge them at the centre.

Records are keyed by their stable UUID (memberships by person UUID + program), never by
the local integer id, which differs between machines. `sync_state` remembers the content
hash of the version the centre last took from an OPD, which tells apart "changed only at
the OPD" (apply), "changed only at the centre" (keep) and "changed on both sides" (conflict,
not applied). Nothing is ever deleted by a merge: a deactivated worker arrives as a status
change. The whole merge is one transaction, with one audit row per applied change (so each
record's own history shows the merge) and one summary row for the bundle.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from kupang_desk.domain.text_limits import length_issues
from kupang_desk.store import audit, keys
from kupang_desk.store.bundle_checks import MalformedBundle, check_shape, rule_problem
from kupang_desk.store.bundle_documents import collect_documents, merge_documents
from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store
from kupang_desk.store.errors import DuplicateNik, StaleRecord

# Local to each database: not part of what a record says, so not compared.
BOOKKEEPING = frozenset(
    {
        "id",
        "worker_id",
        "family_member_id",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "row_version",
    }
)
HISTORY_ENTITIES = ("worker", "family_member", "membership")

CHANGED_BOTH = "changed_both_sides"
NIK_HELD = "nik_held_by_other"
PARENT_MISSING = "parent_not_merged"
TOO_LONG = "value_too_long"  # a field over domain.text_limits (an OPD on an older version)
OTHER_OPD = "other_opd"
INVALID = "invalid_record"
__all__ = ["MalformedBundle"]

_WORKER_SQL = "SELECT w.* FROM workers w"
_FAMILY_SQL = (
    "SELECT f.*, w.uuid AS worker_uuid, w.opd_code AS worker_opd FROM family_members f "
    "JOIN workers w ON w.id = f.worker_id"
)
_MEMBERSHIP_SQL = (
    "SELECT m.*, w.uuid AS worker_uuid, w.opd_code AS worker_opd, f.uuid AS family_uuid "
    "FROM memberships m "
    "JOIN workers w ON w.id = m.worker_id LEFT JOIN family_members f ON f.id = m.family_member_id"
)
_TABLE = {"worker": "workers", "family_member": "family_members", "membership": "memberships"}


def content_hash(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_key(entity: str, record: dict) -> str:
    if entity == "membership":
        return (
            f"membership:{record.get('family_uuid') or record['worker_uuid']}:{record['program']}"
        )
    return f"{entity}:{record['uuid']}"


def _defaults(db: sqlite_utils.Database, table: str) -> dict:
    """Column -> its declared constant default ('' or 0 for the columns migrations add)."""
    found = {}
    for column in db[table].columns:
        if column.default_value is None or column.name in BOOKKEEPING:
            continue
        try:
            found[column.name] = ast.literal_eval(column.default_value)
        except (ValueError, SyntaxError):
            continue  # an SQL expression, not a constant: left to the table
    return found


def machine_id(store: Store) -> str:
    return store.query("SELECT value FROM settings WHERE key = 'machine_id'")[0][0]


def _dicts(
    store: Store, sql: str, params: Sequence[object] | Mapping[str, object] = ()
) -> list[dict]:
    return [dict(row) for row in store.query(sql, params)]


def _strip_local(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("id", "worker_id", "family_member_id")}


def collect(store: Store, opd_code: str, *, with_documents: bool = False) -> dict:
    """Everything the centre needs about one OPD, with local ids replaced by UUIDs; its
    scans only when asked (they are large and the most personal data there is)."""
    opd = _dicts(store, "SELECT * FROM opd WHERE code = ?", (opd_code,))
    workers = _dicts(store, f"{_WORKER_SQL} WHERE w.opd_code = ? ORDER BY w.id", (opd_code,))
    family = _dicts(store, f"{_FAMILY_SQL} WHERE w.opd_code = ? ORDER BY f.id", (opd_code,))
    memberships = _dicts(
        store, f"{_MEMBERSHIP_SQL} WHERE w.opd_code = ? ORDER BY m.id", (opd_code,)
    )
    uuid_of = {("worker", str(r["id"])): r["uuid"] for r in workers} | {
        ("family_member", str(r["id"])): r["uuid"] for r in family
    }
    for m in memberships:
        uuid_of[("membership", str(m["id"]))] = record_key("membership", m)
    history = []
    for row in _dicts(
        store,
        "SELECT * FROM audit_log WHERE entity IN (?, ?, ?) ORDER BY id",
        HISTORY_ENTITIES,
    ):
        entity_uuid = uuid_of.get((row["entity"], row["entity_id"]))
        if entity_uuid is not None:
            history.append({**row, "entity_uuid": entity_uuid})
    extra = {"documents": collect_documents(store, opd_code)} if with_documents else {}
    return extra | {
        "opd": opd[0] if opd else None,
        "workers": [_strip_local(r) for r in workers],
        "family_members": [_strip_local(r) for r in family],
        "memberships": [_strip_local(r) for r in memberships],
        "audit": history,
        "chain": audit.chain_links(store.db),
    }


@dataclass(frozen=True)
class MergeConflict:
    entity: str
    key: str
    nik: str
    name: str
    opd_code: str
    reason: str
    message: str
    incoming: dict
    incoming_hash: str
    centre: dict | None = None
    centre_hash: str = ""
    fields: list[str] = field(default_factory=list)
    holder: dict | None = None

    def to_json(self) -> dict:
        return {
            "nik": self.nik,
            "reason": self.reason,
            "message": self.message,
            "entity": self.entity,
            "key": self.key,
            "name": self.name,
            "opd": self.opd_code,
            "fields": self.fields,
            "centre": self.centre,
            "incoming": self.incoming,
            "centre_hash": self.centre_hash,
            "incoming_hash": self.incoming_hash,
            "holder": self.holder,
        }


@dataclass
class MergeOutcome:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[MergeConflict] = field(default_factory=list)
    history_received: int = 0
    opd_added: bool = False
    documents_added: int = 0


class _Merger:
    """One merge run; lives for the duration of the transaction."""

    def __init__(self, store: Store, db: sqlite_utils.Database, *, user: str, source: str):
        self.store, self.db, self.user, self.source = store, db, user, source
        self.outcome = MergeOutcome()
        # uuid -> (NIK, name, OPD) of the bundle's people, to name family/membership conflicts
        self.people: dict[str, tuple[str, str, str]] = {}
        self.columns = {
            entity: [c for c in db[table].columns_dict if c not in BOOKKEEPING]
            for entity, table in _TABLE.items()
        }
        # A record from an office still on an older version lacks the columns added since:
        # it gets their defaults, as the centre's own older rows did, not a NULL.
        self.defaults = {entity: _defaults(db, table) for entity, table in _TABLE.items()}
        # (entity, uuid) -> local id, asked several times per family member and membership;
        # kept current by insert() (a merge never changes or removes a uuid).
        self.ids: dict[tuple[str, str], int | None] = {}
        self.opd_code = ""  # the bundle's OPD: every record must belong to it
        self.bundle_workers: set[str] = set()
        self.family_of: dict[str, str] = {}  # family uuid -> worker uuid, as the bundle says
        self.foreign: set[str] = set()  # uuids refused as another OPD's: their children too
        self.today = date.today()

    # -- looking things up at the centre -------------------------------------------------
    def centre_row(self, entity: str, record: dict) -> dict | None:
        if entity == "worker":
            rows = _dicts(self.store, f"{_WORKER_SQL} WHERE w.uuid = ?", (record["uuid"],))
        elif entity == "family_member":
            rows = _dicts(self.store, f"{_FAMILY_SQL} WHERE f.uuid = ?", (record["uuid"],))
        else:
            worker_id = self.local_id("worker", record["worker_uuid"])
            family_id = self.local_id("family_member", record.get("family_uuid"))
            rows = _dicts(
                self.store,
                f"{_MEMBERSHIP_SQL} WHERE m.worker_id = ? AND m.family_member_id IS ? "
                "AND m.program = ?",
                (worker_id, family_id, record["program"]),
            )
        return rows[0] if rows else None

    def local_id(self, entity: str, uuid: str | None) -> int | None:
        if not uuid:
            return None
        if (entity, uuid) not in self.ids:
            rows = self.store.query(f"SELECT id FROM {_TABLE[entity]} WHERE uuid = ?", (uuid,))
            self.ids[entity, uuid] = rows[0][0] if rows else None
        return self.ids[entity, uuid]

    def content(self, entity: str, row: dict) -> dict:
        keys = list(self.columns[entity])
        if entity != "worker":
            keys.append("worker_uuid")
        if entity == "membership":
            keys.append("family_uuid")
        defaults = self.defaults[entity]
        return {k: row[k] if k in row else defaults.get(k) for k in keys}

    def sync_state(self, key: str) -> dict | None:
        rows = _dicts(self.store, "SELECT * FROM sync_state WHERE key = ?", (key,))
        return rows[0] if rows else None

    def remember(
        self, key: str, entity: str, digest: str, decision: str, state: dict | None
    ) -> None:
        """`state` is what sync_state held for `key` before this record was merged."""
        if state and state["hash"] == digest and state["decision"] == decision:
            return  # merging the same bundle again must write nothing
        # Plain SQL: sqlite-utils' upsert reads the table's schema on every call.
        self.db.execute(
            "INSERT INTO sync_state (key, entity, hash, decision, source, at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET entity = excluded.entity, "
            "hash = excluded.hash, decision = excluded.decision, source = excluded.source, "
            "at = excluded.at",
            (key, entity, digest, decision, self.source, now_iso()),
        )

    def nik_holder(self, entity: str, content: dict) -> dict | None:
        """Who else holds this NIK at the centre, as a worker or as a family member."""
        nik = content.get("nik")
        if not nik:
            return None
        own = content["uuid"]
        rows = _dicts(
            self.store,
            "SELECT w.uuid, w.name, w.opd_code, o.name AS opd_name, NULL AS worker_name "
            "FROM workers w JOIN opd o ON o.code = w.opd_code WHERE w.nik = :nik "
            "AND (:entity != 'worker' OR w.uuid != :own) UNION ALL "
            "SELECT f.uuid, f.name, w.opd_code, o.name AS opd_name, w.name AS worker_name "
            "FROM family_members f JOIN workers w ON w.id = f.worker_id "
            "JOIN opd o ON o.code = w.opd_code WHERE f.nik = :nik "
            "AND (:entity != 'family_member' OR f.uuid != :own)",
            {"nik": nik, "own": own, "entity": entity},
        )
        return rows[0] if rows else None

    def ownership_problem(self, entity: str, record: dict, centre: dict | None) -> str | None:
        """A record of another OPD, or one that would take over a record of another OPD."""
        bundle_opd = self.opd_code
        if entity == "worker":
            if record.get("opd_code") != bundle_opd:
                return (
                    f"Pegawai ini tercatat di OPD {record.get('opd_code')}, padahal kiriman ini "
                    f"dari OPD {bundle_opd}. Tidak digabungkan."
                )
            if centre is not None and centre["opd_code"] != bundle_opd:
                return (
                    f"Di pusat pegawai ini milik OPD {centre['opd_code']}; kiriman OPD "
                    f"{bundle_opd} tidak dapat memindahkannya. Pindah OPD diurus admin pusat."
                )
            return None
        if record["worker_uuid"] in self.foreign or record.get("family_uuid") in self.foreign:
            return f"Pegawai induknya bukan milik OPD {bundle_opd} di pusat. Tidak digabungkan."
        if record["worker_uuid"] not in self.bundle_workers:
            return (
                f"Data ini bukan milik pegawai dalam kiriman OPD {bundle_opd}. Tidak digabungkan."
            )
        family_uuid = record.get("family_uuid") if entity == "membership" else None
        if family_uuid and self.family_of.get(family_uuid) != record["worker_uuid"]:
            return "Anggota keluarga kepesertaan ini bukan keluarga pegawainya. Tidak digabungkan."
        if centre is not None and centre.get("worker_opd") != bundle_opd:
            return (
                f"Di pusat data ini milik OPD {centre.get('worker_opd')}; kiriman OPD "
                f"{bundle_opd} tidak dapat mengubahnya."
            )
        return None

    # -- writing ---------------------------------------------------------------------------
    def to_row(self, entity: str, content: dict) -> dict:
        row = {k: v for k, v in content.items() if k not in ("worker_uuid", "family_uuid")}
        if entity != "worker":
            row["worker_id"] = self.local_id("worker", content["worker_uuid"])
        if entity == "membership":
            row["family_member_id"] = self.local_id("family_member", content.get("family_uuid"))
        return row

    def insert(self, entity: str, record: dict, content: dict) -> None:
        row = self.to_row(entity, content)
        row.update(
            created_at=record.get("created_at") or now_iso(),
            created_by=record.get("created_by") or self.user,
            updated_at=record.get("updated_at") or now_iso(),
            updated_by=record.get("updated_by") or self.user,
            row_version=1,
        )
        columns = ", ".join(f'"{column}"' for column in row)
        placeholders = ", ".join("?" * len(row))
        new_id = self.db.execute(
            f"INSERT INTO {_TABLE[entity]} ({columns}) VALUES ({placeholders})",
            list(row.values()),
        ).lastrowid
        if entity != "membership":
            self.ids[entity, content["uuid"]] = new_id
        audit.record(
            self.db,
            user=self.user,
            action="merge_insert",
            entity=entity,
            entity_id=new_id,
            after={**content, "sumber": self.source},
        )

    def update(
        self, entity: str, centre: dict, content: dict, *, by: str, at: str, action: str, note: dict
    ) -> None:
        row = self.to_row(entity, content)
        row.update(updated_at=at, updated_by=by, row_version=centre["row_version"] + 1)
        assignments = ", ".join(f'"{column}" = ?' for column in row)
        self.db.execute(
            f"UPDATE {_TABLE[entity]} SET {assignments} WHERE id = ?",
            [*row.values(), centre["id"]],
        )
        audit.record(
            self.db,
            user=self.user,
            action=action,
            entity=entity,
            entity_id=centre["id"],
            before=self.content(entity, centre),
            after={**content, **note},
        )

    # -- the rule ----------------------------------------------------------------------------
    def merge_record(self, entity: str, record: dict) -> None:
        key = record_key(entity, record)
        content = self.content(entity, record)
        digest = content_hash(content)
        centre = self.centre_row(entity, record)
        state = self.sync_state(key)
        nik, name, opd_code = self.people.get(
            record.get("family_uuid") or record.get("uuid") or record["worker_uuid"], ("", "", "")
        )
        conflict: dict[str, Any] = {  # the MergeConflict fields every refusal shares
            "entity": entity,
            "key": key,
            "nik": nik,
            "name": name,
            "opd_code": opd_code,
            "incoming": content,
            "incoming_hash": digest,
        }
        refusal = self.ownership_problem(entity, record, centre)
        if refusal:
            if entity != "membership":
                self.foreign.add(record["uuid"])
            self.outcome.conflicts.append(
                MergeConflict(**conflict, reason=OTHER_OPD, message=refusal)
            )
            return
        if centre is None and state and state["decision"] == "declined" and state["hash"] == digest:
            self.outcome.unchanged += 1  # the admin already turned this version down
            return
        too_long = length_issues(entity, content)
        if too_long:
            self.outcome.conflicts.append(
                MergeConflict(
                    **conflict,
                    reason=TOO_LONG,
                    message=" ".join(issue.message for issue in too_long)
                    + " Perbaiki di OPD lalu kirim ulang; data ini tidak digabungkan.",
                )
            )
            return
        if self.parent_missing(entity, record):
            self.outcome.conflicts.append(
                MergeConflict(
                    **conflict,
                    reason=PARENT_MISSING,
                    message="Pegawai atau anggota keluarga induknya tidak ikut digabungkan "
                    "(lihat konfliknya); data ini menunggu.",
                )
            )
            return
        if centre is None:
            holder = self.nik_holder(entity, content) if entity != "membership" else None
            if holder:
                self.outcome.conflicts.append(self.nik_conflict(conflict, holder))
                return
            if self.refused_by_rules(entity, content, conflict):
                return
            self.insert(entity, record, content)
            self.remember(key, entity, digest, "merged", state)
            self.outcome.added += 1
            return
        centre_content = self.content(entity, centre)
        centre_digest = content_hash(centre_content)
        if centre_digest == digest:
            self.remember(key, entity, digest, state["decision"] if state else "merged", state)
            self.outcome.unchanged += 1
            return
        base = state["hash"] if state else None
        if base == digest:  # only the centre changed it since: keep the centre's version
            self.outcome.unchanged += 1
            return
        if base != centre_digest:
            differing = [k for k in content if content[k] != centre_content.get(k)]
            self.outcome.conflicts.append(
                MergeConflict(
                    **conflict,
                    reason=CHANGED_BOTH,
                    message="Diubah di OPD dan di pusat sejak penggabungan terakhir: "
                    + ", ".join(differing)
                    + ". Pilih data yang benar.",
                    centre=centre_content,
                    centre_hash=centre_digest,
                    fields=differing,
                )
            )
            return
        holder = self.nik_holder(entity, content) if entity != "membership" else None
        if holder:
            self.outcome.conflicts.append(self.nik_conflict(conflict, holder))
            return
        if self.refused_by_rules(entity, content, conflict):
            return
        self.update(
            entity,
            centre,
            content,
            by=record.get("updated_by") or self.user,
            at=record.get("updated_at") or now_iso(),
            action="merge_update",
            note={"sumber": self.source},
        )
        self.remember(key, entity, digest, "merged", state)
        self.outcome.updated += 1

    def refused_by_rules(self, entity: str, content: dict, conflict: dict) -> bool:
        problem = rule_problem(entity, content, self.today)
        if problem:
            self.outcome.conflicts.append(
                MergeConflict(
                    **conflict,
                    reason=INVALID,
                    message=f"Data tidak lolos pemeriksaan: {problem}. Tidak digabungkan; "
                    "perbaiki di OPD lalu kirim ulang.",
                )
            )
        return bool(problem)

    def parent_missing(self, entity: str, record: dict) -> bool:
        if entity == "worker":
            return False
        if self.local_id("worker", record["worker_uuid"]) is None:
            return True
        return bool(record.get("family_uuid")) and (
            self.local_id("family_member", record["family_uuid"]) is None
        )

    @staticmethod
    def nik_conflict(conflict: dict, holder: dict) -> MergeConflict:
        where = holder["opd_name"]
        if holder.get("worker_name"):
            where = f"keluarga {holder['worker_name']}, {where}"
        return MergeConflict(
            **conflict,
            reason=NIK_HELD,
            message=f"NIK {conflict['nik']} sudah dipegang {holder['name']} ({where}) di pusat. "
            "Tidak digabungkan; periksa KTP lalu perbaiki di OPD yang salah.",
            holder=holder,
        )

    def receive_history(self, machine: str, rows: list[dict], about: set[str]) -> None:
        """The office's history of its own records only (`about`: the bundle's uuids/keys)."""
        received_at = now_iso()
        for row in rows:
            if row["entity_uuid"] not in about:
                continue
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO received_audit (source_machine, source_id, at, user, "
                "action, entity, entity_uuid, before_json, after_json, prev_hash, hash, "
                "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    machine,
                    row["id"],
                    row["at"],
                    row["user"],
                    row["action"],
                    row["entity"],
                    row["entity_uuid"],
                    row["before_json"],
                    row["after_json"],
                    row["prev_hash"],
                    row["hash"],
                    received_at,
                ),
            )
            self.outcome.history_received += cursor.rowcount

    def run(self, data: dict, manifest: dict) -> MergeOutcome:
        self.opd_code = manifest["opd"]
        check_shape(data, self.opd_code)
        opd = data.get("opd")
        if opd and not self.store.query("SELECT 1 FROM opd WHERE code = ?", (opd["code"],)):
            columns = set(self.db["opd"].columns_dict)
            opd = {k: v for k, v in opd.items() if k in columns and isinstance(v, str | int)}
            if not isinstance(opd.get("name"), str) or not opd["name"]:
                raise MalformedBundle("OPD tanpa nama")
            self.db.table("opd").insert(opd)
            audit.record(
                self.db,
                user=self.user,
                action="merge_insert",
                entity="opd",
                entity_id=opd["code"],
                after=opd,
            )
            self.outcome.opd_added = True
        workers = data.get("workers", [])
        family = data.get("family_members", [])
        self.bundle_workers = {w["uuid"] for w in workers}
        self.family_of = {f["uuid"]: f["worker_uuid"] for f in family}
        opd_of_worker = {w["uuid"]: str(w.get("opd_code") or "") for w in workers}
        self.people = {
            w["uuid"]: (str(w.get("nik") or ""), str(w.get("name") or ""), opd_of_worker[w["uuid"]])
            for w in workers
        } | {
            f["uuid"]: (
                str(f.get("nik") or ""),
                str(f.get("name") or ""),
                opd_of_worker.get(f["worker_uuid"], ""),
            )
            for f in family
        }
        # Known records first, so a NIK given up by one worker is free for a new one.
        known = {r[0] for r in self.store.query("SELECT uuid FROM workers")}
        for worker in sorted(workers, key=lambda w: w["uuid"] not in known):
            self.merge_record("worker", worker)
        for member in family:
            self.merge_record("family_member", member)
        for membership in data.get("memberships", []):
            self.merge_record("membership", membership)
        about = (
            self.bundle_workers
            | set(self.family_of)
            | {record_key("membership", m) for m in data.get("memberships", [])}
        )
        self.receive_history(manifest["machine_id"], data.get("audit", []), about)
        if "documents" in data:
            self.outcome.documents_added, _ = merge_documents(
                self.store,
                data["documents"],
                opd_code=self.opd_code,
                worker_opd=opd_of_worker,
                family_of=self.family_of,
                user=self.user,
            )
        out = self.outcome
        if out.added or out.updated or out.history_received or out.opd_added or out.documents_added:
            audit.record(
                self.db,
                user=self.user,
                action="merge_bundle",
                entity="bundle",
                entity_id=self.source,
                after={
                    "manifest": manifest,
                    "added": out.added,
                    "updated": out.updated,
                    "unchanged": out.unchanged,
                    "documents_added": out.documents_added,
                    "conflicts": [c.key for c in out.conflicts],
                },
            )
        return out


def history_head(store: Store) -> dict:
    """The local history chain's head, carried by every bundle and backup."""
    found = audit.head(store.db)
    count = store.query("SELECT count(*) FROM audit_log")[0][0]
    return {
        "last_id": found[0] if found else 0,
        "last_hash": found[1] if found else "",
        "rows": count,
    }


def merge(
    store: Store,
    data: dict,
    manifest: dict,
    *,
    user: str,
    source: str,
    office: keys.KnownOffice,
    digest: str,
    before_write: Callable[[keys.KnownOffice], None],
) -> MergeOutcome:
    """Merge one verified bundle in a single transaction: all of it is applied, or nothing.

    `before_write` re-checks the office's sequence number inside the transaction (another
    merge may have run since the file was read); the office's newest bundle is recorded in
    the same transaction.
    """
    with store.transaction() as db:
        current = keys.known_office(store, office.public_key)
        assert current is not None
        before_write(current)
        outcome = _Merger(store, db, user=user, source=source).run(data, manifest)
        head = manifest.get("history_head") or {}
        keys.record_merged(
            db,
            office.public_key,
            sequence=manifest["sequence"],
            digest=digest,
            chain_head=head.get("last_hash") or None,
            chain_length=head.get("last_id") or 0,
        )
        return outcome


def resolve(
    store: Store, conflict: MergeConflict, choices: dict[str, str], *, user: str
) -> dict | None:
    """Apply the admin's decision on one conflict; returns the record as it now stands.

    `choices` maps a differing field to "pusat" or "opd". For a NIK conflict only the
    centre's side can win (the incoming record is declined), and the decision is kept so
    the same version is not offered again.
    """
    with store.transaction() as db:
        merger = _Merger(store, db, user=user, source="keputusan admin")
        entity = conflict.entity
        if conflict.reason != CHANGED_BOTH:
            merger.remember(
                conflict.key,
                entity,
                conflict.incoming_hash,
                "declined",
                merger.sync_state(conflict.key),
            )
            audit.record(
                db,
                user=user,
                action="merge_decline",
                entity=entity,
                entity_id=conflict.key,
                after={"alasan": conflict.reason, "ditolak": conflict.incoming},
            )
            return None
        centre = merger.centre_row(entity, conflict.incoming)
        if centre is None or content_hash(merger.content(entity, centre)) != conflict.centre_hash:
            raise StaleRecord(
                "Data di pusat sudah berubah sejak konflik ini ditampilkan. Gabungkan ulang "
                "berkasnya untuk melihat keadaan terbaru."
            )
        result = merger.content(entity, centre)
        for name in conflict.fields:
            if choices.get(name) == "opd":
                result[name] = conflict.incoming[name]
        centre_nik = (conflict.centre or {}).get("nik")  # a CHANGED_BOTH conflict has a centre
        if entity != "membership" and result.get("nik") != centre_nik:
            holder = merger.nik_holder(entity, result)
            if holder:
                raise DuplicateNik(
                    f"NIK {result['nik']} sudah dipegang {holder['name']} ({holder['opd_name']})."
                )
        merger.update(
            entity,
            centre,
            result,
            by=user,
            at=now_iso(),
            action="merge_resolve",
            note={"pilihan": {k: choices.get(k, "pusat") for k in conflict.fields}},
        )
        merger.remember(
            conflict.key,
            entity,
            conflict.incoming_hash,
            "resolved",
            merger.sync_state(conflict.key),
        )
        return result
