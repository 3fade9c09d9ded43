"""The uji publik notice of one OPD: who is proposed for BPJS, for colleagues to check.

The same people as the OPD's daftar of either program (same gathering, same status rules,
services/reports), but only what a notice board may show: the NIK masked by the one rule
in domain/privacy, no birth date, wage or family.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kupang_desk.domain.entities import MembershipStatus, Program
from kupang_desk.domain.formatting import ribuan, tanggal_panjang
from kupang_desk.domain.memberships import LEFT_OUT, LISTED_LABEL, STATUS_LABEL, listed_status
from kupang_desk.domain.privacy import mask_nik
from kupang_desk.reports.uji_publik import UjiPublikDocument, UjiPublikRow, render_uji_publik
from kupang_desk.services.context import AppContext
from kupang_desk.services.reports import (
    GROUP,
    Period,
    ReportError,
    kop_for,
    signer_for,
)
from kupang_desk.store import opd as opd_store
from kupang_desk.store import rates as rate_store
from kupang_desk.store import report_data

OBJECTION_DAYS = 7  # working days the notice stays up for objections
NOT_IN_PROGRAM = "-"


@dataclass(frozen=True)
class UjiPublikResult:
    opd_code: str
    listed: int
    left_out: int  # employed, but refused or ended in every program they are enrolled in
    pages: int


def _status_text(status: str | None) -> str:
    """ "Diusulkan", "Belum didaftarkan" as on the daftar; "Ditolak" for a refused one."""
    shown = listed_status(MembershipStatus(status) if status else None)
    labels = {str(k): v for k, v in (*STATUS_LABEL.items(), *LISTED_LABEL.items())}
    return labels.get(shown, shown)


def build_uji_publik(
    ctx: AppContext, *, opd_code: str | None, period: Period, on: date
) -> tuple[UjiPublikDocument, int]:
    """The notice and how many employed workers it leaves out."""
    code = opd_code or ctx.opd_scope
    if code is None:
        raise ReportError("Uji publik diumumkan per OPD: pilih OPD-nya (mis. --opd DLHK).")
    ctx.require_scope(code)
    opd = opd_store.get_opd(ctx.store, code)
    if opd is None:
        raise ReportError(f"OPD dengan kode {code} tidak ada. Periksa kode OPD.")
    settings = rate_store.load_settings(ctx.store)
    listed = {
        program: report_data.listed_workers(
            ctx.store,
            opd_code=code,
            program=program,
            first_day=period.first_day,
            last_day=period.last_day,
        )
        for program in Program
    }
    tk_status = {w.id: w.status for w in listed[Program.KETENAGAKERJAAN]}
    rows: list[UjiPublikRow] = []
    left_out = 0
    for w in listed[Program.KESEHATAN]:  # priority first, then by name (as the daftar)
        statuses = {Program.KESEHATAN: w.status, Program.KETENAGAKERJAAN: tk_status.get(w.id)}
        enrolled = [p for p in Program if settings.enrolled(w.employment_type, p)]
        if not enrolled or all(listed_status(statuses[p]) in LEFT_OUT for p in enrolled):
            left_out += 1
            continue
        cells = {p: _status_text(statuses[p]) if p in enrolled else NOT_IN_PROGRAM for p in Program}
        rows.append(
            UjiPublikRow(
                str(len(rows) + 1),
                mask_nik(w.nik),
                w.name,
                " / ".join(part for part in (w.jabatan, w.unit) if part),
                cells[Program.KESEHATAN],
                cells[Program.KETENAGAKERJAAN],
            )
        )
    signer = signer_for(settings, opd)
    notes = [
        ("Jumlah", f"{ribuan(len(rows))} pegawai diumumkan"),
        (
            "NIK",
            "ditampilkan sebagian (6 angka pertama dan 2 angka terakhir) untuk melindungi data "
            "pribadi; tanggal lahir, upah dan data keluarga tidak diumumkan",
        ),
        ("Tanda -", "jenis pegawai itu tidak diikutkan pada program tersebut"),
    ]
    if left_out:
        notes.append(
            (
                "Tidak diumumkan",
                f"{ribuan(left_out)} pegawai yang kepesertaannya ditolak atau tidak aktif",
            )
        )
    document = UjiPublikDocument(
        kop=kop_for(settings, opd),
        title=f"PENGUMUMAN DAFTAR CALON PESERTA BPJS {GROUP}",
        subtitle=f"{opd.name} · Periode {period.label}",
        announcement=(
            f"Daftar berikut memuat pegawai {opd.name} yang akan didaftarkan atau telah "
            "terdaftar sebagai peserta BPJS Kesehatan dan BPJS Ketenagakerjaan dengan iuran "
            "dari pemerintah daerah. Apabila ada nama yang tidak bekerja pada OPD ini, nama "
            "atau jabatan yang keliru, atau pegawai yang belum tercantum, sampaikan sanggahan "
            f"tertulis kepada sekretariat {opd.short_name or opd.name} paling lambat "
            f"{OBJECTION_DAYS} hari kerja sejak pengumuman ini."
        ),
        rows=rows,
        notes=notes,
        footer=f"Uji Publik · {opd.short_name or opd.code} · {period.label}",
        place_date=f"{settings.place}, {tanggal_panjang(on)}",
        signer_title=signer.title,
        opd_name=opd.name,
        signer_name=signer.name,
        signer_nip=signer.nip,
    )
    return document, left_out


def print_uji_publik(
    ctx: AppContext,
    out: Path,
    *,
    opd_code: str | None = None,
    period: Period | None = None,
    paper: str = "f4",
    on: date | None = None,
) -> UjiPublikResult:
    if paper not in ("f4", "a4"):
        raise ReportError(f"Kertas '{paper}' tidak dikenal: pilih f4 atau a4.")
    on = on or date.today()
    document, left_out = build_uji_publik(
        ctx, opd_code=opd_code, period=period or Period.of(on), on=on
    )
    pages = render_uji_publik(document, Path(out), paper)
    code = opd_code or ctx.opd_scope or ""
    return UjiPublikResult(code, len(document.rows), left_out, pages)
