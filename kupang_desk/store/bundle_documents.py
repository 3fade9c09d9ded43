"""Scans in a bundle: only when the office asked (`bundle export --with-documents`).

The bytes travel base64-encoded inside the sealed payload, like every other record. At the
centre each scan passes the same check as the service's (domain/documents.py: PNG/JPEG/PDF
by its first bytes, the size limits) and must belong to a worker of the bundle's OPD, both
in the bundle and at the centre; one that does not refuses the whole bundle (MalformedBundle):
an office's own app never writes such a scan, so the file was made by something else.
"""

from __future__ import annotations

import base64
import binascii

from kupang_desk.domain.documents import document_problem, sniff_mime
from kupang_desk.store import documents as document_store
from kupang_desk.store.bundle_checks import MalformedBundle
from kupang_desk.store.db import Store

_TEXT_FIELDS = ("uuid", "worker_uuid", "kind", "data", "added_by", "added_at")


def collect_documents(store: Store, opd_code: str) -> list[dict]:
    rows = store.query(
        "SELECT d.uuid, w.uuid AS worker_uuid, f.uuid AS family_uuid, d.kind, d.mime, d.size, "
        "d.added_by, d.added_at, d.bytes FROM documents d JOIN workers w ON w.id = d.worker_id "
        "LEFT JOIN family_members f ON f.id = d.family_member_id WHERE w.opd_code = ? "
        "ORDER BY d.id",
        (opd_code,),
    )
    found = []
    for row in rows:
        record = dict(row)
        record["data"] = base64.b64encode(bytes(record.pop("bytes"))).decode("ascii")
        found.append(record)
    return found


def _decoded(record: object) -> tuple[dict, bytes]:
    """The record and its bytes, or MalformedBundle naming only the scan's uuid."""
    if not isinstance(record, dict) or not all(
        isinstance(record.get(k), str) for k in _TEXT_FIELDS
    ):
        raise MalformedBundle("dokumen tanpa uuid, pegawai, jenis atau isi")
    if not isinstance(record.get("family_uuid"), str | None):
        raise MalformedBundle(f"dokumen {record['uuid']}: anggota keluarga tidak sah")
    try:
        data = base64.b64decode(record["data"], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedBundle(f"dokumen {record['uuid']}: isi tidak terbaca") from exc
    problem = document_problem(data, record["kind"])
    if problem:
        raise MalformedBundle(f"dokumen {record['uuid']}: {problem}")
    if record.get("size") != len(data) or record.get("mime") != sniff_mime(data):
        raise MalformedBundle(f"dokumen {record['uuid']}: ukuran atau jenis tidak cocok")
    return record, data


def _local_id(store: Store, table: str, uuid: str) -> int | None:
    rows = store.query(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,))
    return rows[0][0] if rows else None


def merge_documents(
    store: Store,
    documents: object,
    *,
    opd_code: str,
    worker_opd: dict[str, str],
    family_of: dict[str, str],
    user: str,
) -> tuple[int, int]:
    """(added, already there). `worker_opd`: the bundle's worker uuid -> its OPD code;
    `family_of`: the bundle's family uuid -> its worker's uuid. Call inside the merge's
    transaction, after workers and families; a scan of a person not merged (a conflict)
    waits for a later bundle."""
    if not isinstance(documents, list):
        raise MalformedBundle("bagian documents bukan daftar")
    checked = [_decoded(record) for record in documents]  # all checked before any write
    for record, _data in checked:
        worker_uuid, family_uuid = record["worker_uuid"], record.get("family_uuid")
        if worker_opd.get(worker_uuid) != opd_code:
            raise MalformedBundle(f"dokumen {record['uuid']}: pegawainya bukan OPD {opd_code}")
        if family_uuid and family_of.get(family_uuid) != worker_uuid:
            raise MalformedBundle(f"dokumen {record['uuid']}: bukan keluarga pegawainya")
    known = document_store.uuids(store)
    added = unchanged = 0
    for record, data in checked:
        if record["uuid"] in known:
            unchanged += 1  # a scan is never edited: replaced by another one
            continue
        worker_id = _local_id(store, "workers", record["worker_uuid"])
        family_uuid = record.get("family_uuid")
        family_id = _local_id(store, "family_members", family_uuid) if family_uuid else None
        if worker_id is None or (family_uuid and family_id is None):
            continue
        centre_opd = store.query("SELECT opd_code FROM workers WHERE id = ?", (worker_id,))
        if centre_opd[0][0] != opd_code:
            raise MalformedBundle(f"dokumen {record['uuid']}: di pusat pegawainya OPD lain")
        document_store.add_document(
            store,
            worker_id=worker_id,
            family_member_id=family_id,
            kind=record["kind"],
            mime=str(record["mime"]),
            data=data,
            user=user,
            added_by=record["added_by"],
            uuid=record["uuid"],
            added_at=record["added_at"],
        )
        added += 1
    return added, unchanged
