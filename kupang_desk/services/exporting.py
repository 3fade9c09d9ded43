"""Exports: the BPJS Kesehatan and Ketenagakerjaan upload files and the roster CSV.

Gathers participants from the store (scoped to the user's OPD), turns them into the plain
rows exchange/ writes. Pemda facts for the file headers (instansi, PKS, NPP, kota) are
settings; what is not set stays blank for the clerk to fill in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kupang_desk.domain import wilayah
from kupang_desk.domain.entities import MembershipStatus, Program, Relation, Worker, WorkerStatus
from kupang_desk.domain.settings import PemdaSettings, not_enrolled_note
from kupang_desk.exchange import exports
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AppContext
from kupang_desk.store import exporting as export_store
from kupang_desk.store import opd as opd_store
from kupang_desk.store.workers import iter_workers

FORMATS = ("kesehatan", "kesehatan-keluar", "ketenagakerjaan", "csv")
_WORKER_KEYS = (
    "no_kk nik name birth_place birth_date sex marital_status address rt rw kode_pos kecamatan "
    "kelurahan phone email jabatan employment_type tmt upah npwp mother_name"
).split()
_SHARED_WITH_FAMILY = "no_kk address rt rw kode_pos kecamatan kelurahan kecamatan_code".split()


class ExportError(Exception):
    pass


@dataclass(frozen=True)
class ExportResult:
    rows: int  # data rows written
    note: str = ""  # who was left out and why ("2 pegawai PPPK tidak dicantumkan: …")


def _enrolled(
    settings: PemdaSettings, program: str, worker: Worker, left_out: dict[str, int] | None
) -> bool:
    """Whether the worker's employment type is enrolled in `program` (program.<jenis>); a
    worker left out is counted by type in `left_out`."""
    if settings.enrolled(worker.employment_type, program):
        return True
    if left_out is not None:
        left_out[worker.employment_type] = left_out.get(worker.employment_type, 0) + 1
    return False


def _scope(ctx: AppContext, opd_code: str | None) -> str | None:
    """One OPD (any role of it), or the whole pemda (admins only)."""
    return ctx.require_scope(opd_code or None)


def kecamatan_codes(ctx: AppContext) -> dict[str, str]:
    """The pemda's kecamatan, NAME -> code: the Form Mutasi's Kode Kecamatan (column 17)."""
    region = settings_service.load(ctx).region_code
    return {
        name.upper(): code
        for code, name in (wilayah.districts_of(region) if region else {}).items()
    }


def jenis_mutasi(card: dict) -> str:
    """tambah: no card yet; peralihan: a card held before this employer registered the
    person (PBI, mandiri, an earlier employer: the card is known, the membership through
    this employer is not active yet); ubah: an active member whose data is sent again."""
    if not card.get("card_number"):
        return exports.TAMBAH
    return exports.UBAH if card.get("status") == MembershipStatus.ACTIVE else exports.PERALIHAN


def _leaving(person: export_store.Participant) -> bool:
    """A nonaktif worker whose Kesehatan card through this employer has not ended yet."""
    card = person.memberships.get(Program.KESEHATAN, {})
    return bool(card.get("card_number")) and card.get("status") != MembershipStatus.INACTIVE


def kesehatan_rows(
    ctx: AppContext,
    opd_code: str | None,
    on: date,
    *,
    keluar: bool = False,
    left_out: dict[str, int] | None = None,
) -> Iterator[dict]:
    """The Form Mutasi rows: active workers (tambah / peralihan / ubah) with their family,
    or with `keluar` the nonaktif workers still holding a card, dated and with the reason.
    Workers of a type not enrolled in JKN here (setting program.<jenis>) are counted in
    `left_out` instead."""
    by_name = kecamatan_codes(ctx)
    settings = settings_service.load(ctx)
    number = 0
    for person in export_store.iter_participants(ctx.store, opd_code):
        worker = person.worker
        if (worker.status == WorkerStatus.NONAKTIF) != keluar:
            continue
        if keluar and not _leaving(person):
            continue
        if not _enrolled(settings, Program.KESEHATAN, worker, left_out):
            continue
        card = person.memberships.get(Program.KESEHATAN, {})
        row = {key: getattr(worker, key) for key in _WORKER_KEYS}
        number += 1
        row.update(
            no=number,
            card_number=card.get("card_number") or "",
            mutasi=exports.KELUAR if keluar else jenis_mutasi(card),
            mutasi_date=(worker.status_date or on) if keluar else on,
            reason=worker.status_reason if keluar else "",
            relation="peserta",
            kecamatan_code=by_name.get(worker.kecamatan.upper(), ""),
            faskes_code=card.get("faskes_code") or "",
            faskes_name=card.get("faskes_name") or "",
            kelas_rawat=card.get("kelas_rawat") or "",
            citizenship="WNI",
        )
        yield row
        for member in person.family:
            member_card = member["memberships"].get(Program.KESEHATAN, {})
            if keluar and not member_card.get("card_number"):
                continue  # never enrolled: nothing to end
            number += 1
            yield {
                **{key: row[key] for key in _SHARED_WITH_FAMILY},
                "no": number,
                "card_number": member_card.get("card_number") or "",
                "mutasi": exports.KELUAR if keluar else jenis_mutasi(member_card),
                "mutasi_date": row["mutasi_date"],
                "reason": row["reason"],
                "nik": member["nik"] or "",
                "name": member["name"],
                "relation": member["relation"],
                "birth_place": member.get("birth_place") or "",
                "birth_date": date.fromisoformat(member["birth_date"])
                if member.get("birth_date")
                else None,
                "sex": member["sex"] or "",
                "marital_status": "K"
                if member["relation"] in (Relation.SUAMI, Relation.ISTRI) or member.get("married")
                else "TK",
                "faskes_code": member_card.get("faskes_code") or row["faskes_code"],
                "faskes_name": member_card.get("faskes_name") or row["faskes_name"],
                "kelas_rawat": member_card.get("kelas_rawat") or row["kelas_rawat"],
                "citizenship": "WNI",
            }


def ketenagakerjaan_rows(
    ctx: AppContext, opd_code: str | None, left_out: dict[str, int] | None = None
) -> Iterator[dict]:
    """The SIPP rows of the workers whose employment type is enrolled in BPJS
    Ketenagakerjaan (PPPK: JKK/JKM through Taspen, counted in `left_out`)."""
    settings = settings_service.load(ctx)
    npp = {o.code: o.npp for o in opd_store.list_opd(ctx.store)}
    for person in export_store.iter_participants(ctx.store, opd_code):
        worker = person.worker
        if not _enrolled(settings, Program.KETENAGAKERJAAN, worker, left_out):
            continue
        card = person.memberships.get(Program.KETENAGAKERJAAN, {})
        programs = set((card.get("tk_programs") or "JKK,JKM").upper().split(","))
        yield {
            **{key: getattr(worker, key) for key in _WORKER_KEYS},
            "card_number": card.get("card_number") or "",
            "city": settings.regency_name,
            "province": settings.province_name,
            "jht": "JHT" in programs,
            "jkk": "JKK" in programs,
            "jkm": "JKM" in programs,
            "jp": "JP" in programs,
            "npp": npp.get(worker.opd_code) or settings.tk_npp,  # the OPD's, else the pemda's
        }


def export_file(
    ctx: AppContext,
    kind: str,
    out: Path | str,
    *,
    opd_code: str | None = None,
    on: date | None = None,
) -> ExportResult:
    """Write one export file: the rows written, and a note on the workers left out because
    their employment type is not enrolled in that program."""
    out = Path(out)
    scope = _scope(ctx, opd_code)
    settings = settings_service.load(ctx)
    left_out: dict[str, int] = {}
    if kind in ("kesehatan", "kesehatan-keluar"):
        keluar = kind == "kesehatan-keluar"
        rows = exports.write_kesehatan(
            out,
            settings.kesehatan_header(),
            kesehatan_rows(ctx, scope, on or date.today(), keluar=keluar, left_out=left_out),
            date_format=settings.kes_format_tanggal or exports.DEFAULT_DATE_FORMAT,
            keluar=keluar,
        )
        return ExportResult(rows, not_enrolled_note(settings, Program.KESEHATAN, left_out))
    if kind == "ketenagakerjaan":
        rows = exports.write_ketenagakerjaan(out, ketenagakerjaan_rows(ctx, scope, left_out))
        return ExportResult(rows, not_enrolled_note(settings, Program.KETENAGAKERJAAN, left_out))
    if kind == "csv":
        return ExportResult(exports.write_roster_csv(out, iter_workers(ctx.store, scope)))
    raise ExportError(f"Jenis ekspor {kind} tidak dikenal; pilih {', '.join(FORMATS)}.")


def export(
    ctx: AppContext,
    kind: str,
    out: Path | str,
    *,
    opd_code: str | None = None,
    on: date | None = None,
) -> int:
    """Write one export file; returns the number of data rows written."""
    return export_file(ctx, kind, out, opd_code=opd_code, on=on).rows
