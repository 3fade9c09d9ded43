"""Printing: gathers the roster from the store and hands plain rows to reports/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kupang_desk.domain.formatting import rupiah, tanggal_panjang, tanggal_pendek
from kupang_desk.reports.daftar_peserta import DaftarPeserta, DaftarRow, render_daftar
from kupang_desk.services.context import AppContext
from kupang_desk.store import opd as opd_store
from kupang_desk.store import workers as worker_store

CITY = "Pemerintah Kota Kupang"
PLACE = "Kupang"


class ReportError(Exception):
    pass


def print_daftar(
    ctx: AppContext, out: Path, *, opd_code: str, paper: str = "f4", on: date | None = None
) -> int:
    """Write the OPD's daftar peserta to `out`; returns the number of workers listed."""
    on = on or date.today()
    ctx.require_opd(opd_code)
    opd = opd_store.get_opd(ctx.store, opd_code)
    if opd is None:
        raise ReportError(f"OPD dengan kode {opd_code} tidak ada.")
    rows = [
        DaftarRow(
            w.nik,
            w.name,
            tanggal_pendek(w.birth_date),
            w.sex,
            " / ".join(part for part in (w.jabatan, w.unit) if part),
            rupiah(w.upah),
        )
        for w in worker_store.iter_workers(ctx.store, opd_code)
        if w.status == "aktif"
    ]
    data = DaftarPeserta(
        city=CITY,
        opd_name=opd.name,
        title="DAFTAR PESERTA BPJS KESEHATAN PEGAWAI TIDAK TETAP",
        period=f"Keadaan per {tanggal_panjang(on)}",
        place_date=f"{PLACE}, {tanggal_panjang(on)}",
        head_title=opd.head_title or "Kepala Dinas",
        head_name=opd.head_name,
        head_nip=opd.head_nip,
        rows=rows,
    )
    render_daftar(data, Path(out), paper)
    return len(rows)
