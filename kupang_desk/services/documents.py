"""Scans (KTP, KK, SK kontrak, surat sekolah) on a worker or a family member.

The shells hand bytes: the GUI has already downscaled and recompressed an image (Qt is the
ui's), this service enforces the limits on whatever arrives (domain/documents.py) and the
OPD scope on every read, because a scan is personal data. Nothing here logs a scan's bytes
or its file name.
"""

from __future__ import annotations

from kupang_desk.domain.documents import DocumentKind, document_problem, sniff_mime
from kupang_desk.domain.entities import Worker
from kupang_desk.services.context import AppContext
from kupang_desk.services.family import NotFound
from kupang_desk.store import documents as document_store
from kupang_desk.store import family as family_store
from kupang_desk.store import workers as worker_store
from kupang_desk.store.documents import DocumentInfo

__all__ = ["DocumentInfo", "DocumentRefused", "NotFound"]


class DocumentRefused(Exception):
    """The file is not a scan the app keeps (type or size); `str()` is for the clerk."""


def _worker(ctx: AppContext, worker_id: int) -> Worker:
    worker = worker_store.get_worker(ctx.store, worker_id)
    if worker is None:
        raise NotFound("Pegawai ini tidak ada lagi. Muat ulang daftar.")
    ctx.require_opd(worker.opd_code)
    return worker


def _require_attach(ctx: AppContext, worker_id: int, family_member_id: int | None) -> None:
    worker = _worker(ctx, worker_id)  # checks the OPD scope
    if family_member_id is None:
        ctx.require("edit_worker", worker.opd_code)
        return
    member = family_store.get_member(ctx.store, family_member_id)
    if member is None or member.worker_id != worker_id:
        raise NotFound("Anggota keluarga ini tidak ada lagi pada pegawai ini. Muat ulang.")
    ctx.require("edit_family", worker.opd_code)


def attach_document(
    ctx: AppContext,
    worker_id: int,
    kind: DocumentKind | str,
    data: bytes,
    *,
    family_member_id: int | None = None,
) -> DocumentInfo:
    """Store one scan; refuses a file that is not PNG/JPEG/PDF by its bytes or over the limit."""
    _require_attach(ctx, worker_id, family_member_id)
    problem = document_problem(data, str(kind))
    if problem:
        raise DocumentRefused(problem)
    mime = sniff_mime(data)
    assert mime is not None  # document_problem refused anything else
    return document_store.add_document(
        ctx.store,
        worker_id=worker_id,
        family_member_id=family_member_id,
        kind=str(kind),
        mime=mime,
        data=data,
        user=ctx.user,
    )


def list_documents(ctx: AppContext, worker_id: int) -> list[DocumentInfo]:
    _worker(ctx, worker_id)
    return document_store.list_documents(ctx.store, worker_id)


def _info_in_scope(ctx: AppContext, document_id: int) -> DocumentInfo:
    info = document_store.get_info(ctx.store, document_id)
    if info is None:
        raise NotFound("Dokumen ini tidak ada lagi. Muat ulang.")
    _worker(ctx, info.worker_id)  # another OPD's scan: AccessDenied before any byte is read
    return info


def read_document(ctx: AppContext, document_id: int) -> tuple[str, bytes]:
    """(mime, bytes) of one scan, for a user who may see the worker's OPD."""
    info = _info_in_scope(ctx, document_id)
    data = document_store.get_bytes(ctx.store, document_id)
    if data is None:
        raise NotFound("Dokumen ini tidak ada lagi. Muat ulang.")
    return info.mime, data


def remove_document(ctx: AppContext, document_id: int) -> None:
    info = _info_in_scope(ctx, document_id)
    _require_attach(ctx, info.worker_id, info.family_member_id)
    document_store.remove_document(ctx.store, document_id, user=ctx.user)
