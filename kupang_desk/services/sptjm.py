"""The OPD head's SPTJM for a daftar peserta: the same gathering and totals as the daftar
(services.reports.build_daftar), so every count on the statement is the daftar's."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kupang_desk.domain.entities import Opd, Program
from kupang_desk.domain.formatting import ribuan, rupiah
from kupang_desk.domain.memberships import LIST_CHOICE_LABEL, LISTED_LABEL
from kupang_desk.domain.settings import PemdaSettings
from kupang_desk.reports.daftar_peserta import DaftarDocument, DaftarSection, render_daftar
from kupang_desk.reports.sptjm import SptjmDocument, render_sptjm
from kupang_desk.services.context import AppContext
from kupang_desk.services.reports import (
    GROUP,
    LEFT_OUT_LABEL,
    PROGRAM_NAMES,
    Period,
    ReportError,
    Totals,
    build_daftar,
    kop_for,
    signer_for,
)
from kupang_desk.store import opd as opd_store
from kupang_desk.store import rates as rate_store

TITLE = "SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK"


def list_name(program: Program, choice: str) -> str:
    """ "Daftar Peserta BPJS Kesehatan Pegawai Tidak Tetap" (as the daftar's title says)."""
    what = "Daftar Usulan Peserta" if choice == "usulan" else "Daftar Peserta"
    return f"{what} {PROGRAM_NAMES[program]} {GROUP.title()}"


def _count_rows(program: Program, totals: Totals) -> list[tuple[str, ...]]:
    def row(label: str, men: int, women: int, kind: str = "item") -> tuple[str, ...]:
        return (label, ribuan(men), ribuan(women), ribuan(men + women), kind)

    rows = []
    if program is Program.KESEHATAN:
        rows += [
            row("Pegawai", totals.men, totals.women),
            row("Anggota keluarga", totals.family_men, totals.family_women),
            row(
                "Jumlah peserta",
                totals.men + totals.family_men,
                totals.women + totals.family_women,
                "total",
            ),
        ]
    else:
        rows.append(row("Jumlah peserta (pegawai)", totals.men, totals.women, "total"))
    by_status = [
        row(label, totals.by_status[status].men, totals.by_status[status].women)
        for status, label in LISTED_LABEL.items()
        if status in totals.by_status and totals.by_status[status].people
    ]
    if by_status:
        rows.append(("Menurut status kepesertaan", "group"))
        rows += by_status
    return rows


def statement(
    settings: PemdaSettings,
    opd: Opd,
    section: DaftarSection,
    totals: Totals,
    *,
    program: Program,
    period: Period,
    choice: str,
    daftar_pages: int | None,
) -> SptjmDocument:
    """The SPTJM of one OPD's section of a daftar (its place and date are the daftar's).
    daftar_pages None: printed after the section, whose page count the PDF fills in."""
    signer = signer_for(settings, opd)
    kesehatan = program is Program.KESEHATAN
    listed = list_name(program, choice)
    identity = [("Nama", signer.name or "." * 40), ("NIP", signer.nip or "-")]
    if opd.head_pangkat:
        identity.append(("Pangkat/Golongan", opd.head_pangkat))
    identity += [("Jabatan", signer.title), ("Unit Kerja", opd.name)]
    who = "Pegawai beserta anggota keluarganya" if kesehatan else "Pegawai"
    details = [("Periode daftar", period.label)]
    details.append(
        (
            "Iuran per bulan",
            f"{rupiah(totals.total)} (pemberi kerja {rupiah(totals.employer)}, pekerja "
            f"{rupiah(totals.worker)}; peserta aktif dan usulan)",
        )
    )
    if choice != "semua":
        details.append(("Pilihan cetak", LIST_CHOICE_LABEL[choice]))
    left_out = dict(section.summary).get(LEFT_OUT_LABEL)
    if left_out:  # the daftar's own sentence, so both papers say the same
        details.append((LEFT_OUT_LABEL, left_out))
    identity_docs = "KTP dan Kartu Keluarga" if kesehatan else "KTP"
    return SptjmDocument(
        key=f"{section.key}/sptjm",
        footer=f"SPTJM {listed} · {opd.short_name or opd.code} · {period.label}",
        kop=kop_for(settings, opd),
        title=TITLE,
        identity=identity,
        opening="dengan ini menyatakan dengan sesungguhnya bahwa:",
        entitled=(
            f"{who} yang tercantum dalam {listed} {opd.name} periode {period.label} "
            f"(terlampir) adalah benar-benar ada, masih bekerja pada {opd.name}, dan berhak "
            f"menjadi peserta {PROGRAM_NAMES[program]} sebagai pegawai pemerintah daerah "
            "non-ASN."
        ),
        count_intro="Jumlah yang tercantum dalam daftar tersebut adalah sebagai berikut:",
        count_header=("Uraian", "L", "P", "Jumlah"),
        count_rows=_count_rows(program, totals),
        details=details,
        daftar_key=section.key,
        daftar_pages=daftar_pages,
        promises=[
            f"Data identitas dalam daftar tersebut (NIK, nama, tanggal lahir"
            f"{' dan hubungan keluarga' if kesehatan else ''}) telah diperiksa dan sesuai "
            f"dengan {identity_docs} yang bersangkutan.",
            "Apabila di kemudian hari terdapat peserta yang tidak berhak atau data yang tidak "
            "benar, saya bertanggung jawab penuh secara mutlak, bersedia mengembalikan iuran "
            "yang telah dibayarkan untuk peserta tersebut ke kas daerah, dan bersedia "
            "menerima sanksi sesuai ketentuan peraturan perundang-undangan.",
        ],
        closing="Demikian surat pernyataan ini saya buat dengan sebenar-benarnya untuk "
        "dipergunakan sebagaimana mestinya.",
        place_date=section.place_date,
        signer_title=signer.title,
        opd_name=opd.name,
        signer_name=signer.name,
        signer_nip=signer.nip,
    )


def statements_for(
    ctx: AppContext,
    document: DaftarDocument,
    totals: dict[str, Totals],
    *,
    period: Period,
    choice: str,
    daftar_pages: dict[str, int] | None = None,
) -> dict[str, SptjmDocument]:
    """One statement per OPD section of a daftar (its head signs for that OPD only)."""
    settings = rate_store.load_settings(ctx.store)
    opds = {o.code: o for o in opd_store.list_opd(ctx.store)}
    program = Program(document.program)
    return {
        section.key: statement(
            settings,
            opds[section.key],
            section,
            totals[section.key],
            program=program,
            period=period,
            choice=choice,
            daftar_pages=(daftar_pages or {}).get(section.key),
        )
        for section in document.sections
    }


@dataclass(frozen=True)
class SptjmResult:
    opd_code: str
    program: Program
    period: Period
    daftar_pages: int
    pages: int
    totals: Totals


def print_sptjm(
    ctx: AppContext,
    out: Path,
    *,
    opd_code: str | None = None,
    program: str = Program.KESEHATAN,
    period: Period | None = None,
    paper: str = "f4",
    on: date | None = None,
    status: str = "semua",
) -> SptjmResult:
    """The SPTJM of one OPD's daftar as a file of its own. The daftar is laid out (and
    thrown away) for its page count, on the same paper it would be printed on."""
    if paper not in ("f4", "a4"):
        raise ReportError(f"Kertas '{paper}' tidak dikenal: pilih f4 atau a4.")
    code = opd_code or ctx.opd_scope
    if code is None:
        raise ReportError("SPTJM ditandatangani kepala satu OPD: pilih OPD-nya (mis. --opd DLHK).")
    on = on or date.today()
    period = period or Period.of(on)
    document, totals = build_daftar(
        ctx, opd_code=code, program=program, period=period, on=on, status=status
    )
    with tempfile.TemporaryDirectory(prefix="kupang-desk-sptjm-") as scratch:
        daftar_pages = render_daftar(document, Path(scratch) / "daftar.pdf", paper)
    statements = statements_for(
        ctx, document, totals, period=period, choice=status, daftar_pages={code: daftar_pages}
    )
    pages = render_sptjm(statements[code], Path(out), paper)
    return SptjmResult(code, Program(program), period, daftar_pages, pages, totals[code])
