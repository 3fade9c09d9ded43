"""Helpers shared by several test modules (test modules never import each other).

Fixtures shared the same way are in conftest.py; roster sheets as clerks make them are
built by tests/roster_sheets.py.
"""

from __future__ import annotations

import json
import os
import uuid
import zlib
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
from openpyxl import Workbook
from pypdf import PdfReader

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.entities import Worker
from kupang_desk.domain.nik import encode_date_part
from kupang_desk.services import bundles
from kupang_desk.services import rates as rate_service
from kupang_desk.services.context import AppContext, open_context
from kupang_desk.services.demo import OPDS
from kupang_desk.services.opd import save_opd
from kupang_desk.services.reports import Period
from kupang_desk.services.workers import save_worker
from kupang_desk.store import keys
from kupang_desk.store import opd as opd_store
from kupang_desk.store.bundle_file import write_sealed
from kupang_desk.store.bundles import collect, history_head
from kupang_desk.store.demo import insert_demo
from kupang_desk.store.workers import get_worker, update_worker
from tests.roster_sheets import nik_for

# -- Two offices and the centre (bundles, merges) ------------------------------------------

DLHK, DINKES = OPDS[0], OPDS[1]


# A NIK typed at the centre for a Dinkes worker and, wrongly, at DLHK for someone else.
SHARED_NIK = "5371014503850001"


def dump(ctx: AppContext) -> dict:
    """Every row of every table: what "nothing changed" means."""
    tables = [r[0] for r in ctx.store.query("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        t: [tuple(r) for r in ctx.store.query(f"SELECT * FROM [{t}] ORDER BY 1")] for t in tables
    }


def add_worker(ctx: AppContext, **fields) -> Worker:
    result = save_worker(ctx, Worker(**fields), accept_warnings=True)
    assert result.saved, result.issues
    return result.worker


def by_nik(ctx: AppContext, nik: str) -> Worker:
    row = ctx.store.query("SELECT id FROM workers WHERE nik = ?", (nik,))[0]
    return get_worker(ctx.store, row[0])


def edit(ctx: AppContext, nik: str, **changes) -> None:
    update_worker(ctx.store, replace(by_nik(ctx, nik), **changes), user=ctx.user)


def enroll(centre: AppContext, office: AppContext, opd) -> bundles.OfficeCredentials:
    """The centre registers an office of `opd` and the office installs its key."""
    if not centre.store.query("SELECT 1 FROM opd WHERE code = ?", (opd.code,)):
        save_opd(centre, opd)
    credentials = bundles.register_office(centre, opd.code)
    bundles.install_office(office, credentials)
    return credentials


def ctx_first_dlhk(ctx: AppContext) -> Worker:
    row = ctx.store.query("SELECT id FROM workers WHERE opd_code = 'DLHK' ORDER BY id LIMIT 1")
    return get_worker(ctx.store, row[0][0])


def dlhk_counts(ctx: AppContext) -> dict[str, int]:
    """What a DLHK bundle of this database carries: the demo's families and memberships too."""
    of_dlhk = "worker_id IN (SELECT id FROM workers WHERE opd_code = 'DLHK')"
    return {
        "workers": ctx.store.query("SELECT count(*) FROM workers WHERE opd_code = 'DLHK'")[0][0],
        "family_members": ctx.store.query(f"SELECT count(*) FROM family_members WHERE {of_dlhk}")[
            0
        ][0],
        "memberships": ctx.store.query(f"SELECT count(*) FROM memberships WHERE {of_dlhk}")[0][0],
    }


def dlhk_records(ctx: AppContext) -> int:
    return sum(dlhk_counts(ctx).values())


def dlhk_niks(ctx: AppContext) -> list[str]:
    return [
        r[0] for r in ctx.store.query("SELECT nik FROM workers WHERE opd_code='DLHK' ORDER BY id")
    ]


def sealed(opd, out: Path, plain: bytes, *, opd_code="DLHK", sequence=50) -> Path:
    identity = keys.office_identity(opd.store)
    write_sealed(
        out,
        plain,
        opd=opd_code,
        created_at="2026-12-01T10:00:00",
        sequence=sequence,
        signing_key=identity.signing_key,
        centre_public_key=identity.centre_public_key,
    )
    return out


def document(office, data: dict | None = None, **manifest_changes) -> bytes:
    manifest = {
        "opd": "DLHK",
        "machine_id": "mesin-opd",
        "created_at": "2026-12-01T10:00:00",
        "schema_version": 1,
        "counts": {},
        "sequence": 50,
        "history_head": history_head(office.store),
        **manifest_changes,
    }
    manifest = {k: v for k, v in manifest.items() if v is not None}
    data = collect(office.store, "DLHK") if data is None else data
    return zlib.compress(json.dumps({"manifest": manifest, "data": data}).encode())


# -- Printed lists, read back from the PDF -------------------------------------------------


def make_workers(opd_code: str, count: int, *, start: int = 0, priority_every: int = 0):
    workers = []
    for i in range(start, start + count):
        sex = "P" if i % 3 == 0 else "L"
        birth = date(1980, 1, 1) + timedelta(days=37 * i)
        nik = f"537101{encode_date_part(birth, sex)}{i + 1:04d}"
        workers.append(
            Worker(
                nik=nik,
                name=f"PEGAWAI {opd_code} NOMOR {i:05d}",
                birth_date=birth,
                sex=sex,
                opd_code=opd_code,
                jabatan="Tenaga Kebersihan / Penyapu Jalan",
                unit="Bidang Kebersihan",
                upah=[2_000_000, 2_900_000, 3_250_000, 15_000_000][i % 4],
                priority=bool(priority_every) and i % priority_every == 0,
                uuid=str(uuid.uuid4()),
                id=i + 1,
            )
        )
    return workers


def insert_workers(ctx, workers: list[Worker], status: str | None = "draft") -> None:
    """Workers without family (the demo's bulk insert), each with a membership of both
    programs in `status` (None: no membership at all, "belum didaftarkan"). The TK
    membership leaves programs and JKK class empty: the pemda's and the jabatan's apply."""
    for opd in OPDS[:2]:
        opd_store.save_opd(ctx.store, opd, user="tester")
    insert_demo(ctx.store, [(w, [], []) for w in workers], user="tester")
    if status is not None:
        with ctx.store.transaction() as db:
            db["memberships"].insert_all(
                {"worker_id": w.id, "program": program, "status": status}
                for w in workers
                for program in ("kesehatan", "ketenagakerjaan")
            )


def fill(ctx, opd_code: str, count: int, *, status: str | None = "draft", **kwargs):
    workers = make_workers(opd_code, count, **kwargs)
    insert_workers(ctx, workers, status)
    return workers


def pdf_lines(path) -> tuple[PdfReader, list[list[str]]]:
    reader = PdfReader(path)
    return reader, [page.extract_text().splitlines() for page in reader.pages]


def parse_amount(text: str) -> int:
    return int(text.replace(".", ""))


# -- Roster imports ------------------------------------------------------------------------

MARIA = "5371014503850001"


EXISTING = nik_for(date(1979, 8, 17), "L", 7)


SERIAL_BORN = date(1988, 7, 20)


MARCH_15 = date(1985, 3, 15)


def excel_serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def snapshot(ctx) -> tuple:
    workers = [tuple(r) for r in ctx.store.query("SELECT * FROM workers ORDER BY id")]
    audit = [tuple(r) for r in ctx.store.query("SELECT * FROM audit_log ORDER BY id")]
    return workers, audit


def add_existing(ctx) -> Worker:
    saved = save_worker(
        ctx,
        Worker(EXISTING, "Petrus Nalle", date(1979, 8, 17), "L", "DINKES", upah=3_000_000),
    )
    assert saved.saved
    return saved.worker


def messy_rows() -> list[list]:
    return [
        [
            1,
            MARIA,
            "  maria   goreti  ndun ",
            "kupang",
            date(1985, 3, 5),
            "P",
            "Penyapu Jalan",
            "0812-3456-7890",
            2_900_000,
        ],
        [2, 5371010101900001, "YOHANES TEFA", "Soe", date(1990, 1, 1), "L", "Sopir", "", 2_900_000],
        [
            3,
            nik_for(SERIAL_BORN, "L"),
            "Kornelis Pah",
            "Kupang",
            excel_serial(SERIAL_BORN),
            "LK",
            "Pengangkut Sampah",
            81234567891,
            "Rp 2.900.000",
        ],
        [
            4,
            nik_for(MARCH_15, "P", 2),
            "SERLY KASE",
            "KUPANG",
            "15-03-1985",
            "Perempuan",
            "",
            "",
            "",
        ],
        [
            5,
            nik_for(MARCH_15, "L", 3),
            "DANIEL RIWU",
            "KUPANG",
            "15/03/1985",
            "Laki-laki",
            "",
            "",
            "",
        ],
        [],
        [6, nik_for(MARCH_15, "P", 4), "MARTHA LUDJI", "KUPANG", "15 Maret 1985", "PR", "", "", ""],
        [7, nik_for(MARCH_15, "L", 5), "SIMON BENU", "KUPANG", "15 Mar 1985", "l", "", "", ""],
        [8, MARIA, "MARIA G. NDUN", "KUPANG", date(1985, 3, 5), "P", "", "", ""],
        [9, EXISTING, "PETRUS NALLE", "KUPANG", date(1979, 8, 17), "L", "", "", ""],
        [10, nik_for(MARCH_15, "P", 6), "YUNITA TALLO", "KUPANG", "31-02-1985", "P", "", "", ""],
        [11, None, "AGUSTINUS BANI", "KUPANG", date(1980, 1, 1), "L", "", "", ""],
        [
            12,
            nik_for(date(1985, 3, 5), "P", 9),
            "ROSALINA TOELLE",
            "KUPANG",
            "06-03-1985",
            "P",
            "",
            "",
            "",
        ],
    ]


def many_rows(count: int) -> list[list]:
    born = date(1990, 6, 1)
    return [
        [i, nik_for(born, "L", i), "YOSEF NDUN", "KUPANG", born, "L", "", "", 2_900_000]
        for i in range(1, count + 1)
    ]


def office_sheet(path: Path, top: list, below: list | None, rows: list[list]) -> Path:
    """Two title rows merged across the table, a blank row, the header (and a second header
    row under merged cells where `below` is given: a cell of `top` that is None continues the
    merged cell on its left), the column numbers 1..n, the data and a JUMLAH row."""
    workbook = Workbook()
    sheet = workbook.active
    width = len(top)
    sheet.append(["DAFTAR NAMA TENAGA HARIAN LEPAS"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(["DINAS LINGKUNGAN HIDUP DAN KEBERSIHAN KOTA KUPANG TAHUN ANGGARAN 2026"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.append([])
    sheet.append(top)
    header = sheet.max_row
    if below is not None:
        sheet.append(below)
        for column, text in enumerate(top, start=1):
            if text is None:
                continue
            end = column
            while end < width and top[end] is None:
                end += 1
            if end > column:  # merged across: TEMPAT / TGL LAHIR
                sheet.merge_cells(
                    start_row=header, start_column=column, end_row=header, end_column=end
                )
            else:  # merged down over both header rows
                sheet.merge_cells(
                    start_row=header, start_column=column, end_row=header + 1, end_column=column
                )
    sheet.append(list(range(1, width + 1)))
    for row in rows:
        sheet.append(row)
    sheet.append(["JUMLAH"] + [None] * (width - 1))
    workbook.save(path)
    return path


# -- Reconciliation with a BPJS list -------------------------------------------------------

BPJS_HEADER = ["No", "No Kartu", "NIK", "Nama Peserta", "Tgl Lahir", "Status"]


def add_born(ctx, name, birth_date, sex, opd="DLHK", serial=1, **extra) -> Worker:
    worker = Worker(
        nik=nik_for(birth_date, sex, serial),
        name=name,
        birth_date=birth_date,
        sex=sex,
        opd_code=opd,
        upah=2_900_000,
        **extra,
    )
    result = save_worker(ctx, worker, accept_warnings=True)
    assert result.saved, result.issues
    return result.worker


def bpjs_rows(people) -> list[list]:
    return [
        # exact: NIK, name in other case/spacing -> matched
        [1, "0001234567890", people["exact"].nik, "yohanes  bosco seran", "10/02/1980", "AKTIF"],
        # no NIK on the list, name + real spreadsheet date -> matched
        [2, "0001234567891", "", "Maria Goreti Ndun", datetime(1985, 3, 5), "Aktif"],
        # one-letter typo -> matched with differences, not stored
        [3, "0001234567892", "", "PETRUS MANAFEE", "20/07/1975", "AKTIF"],
        # nobody here -> pemegang tidak dikenal
        [4, "0001234567893", "", "SIMON PETRUS LAKA", "01/01/1988", "AKTIF"],
        [5, "0001234567894", "", "", "", "AKTIF"],
        # family member, by NIK -> matched
        [6, "0001234567895", nik_for(date(2010, 5, 4), "L", 2), "KRISTO SERAN", "04/05/2010", ""],
        # a worker who left, still active at BPJS -> difference
        [7, "0001234567896", people["inactive"].nik, "MARKUS TEFA", "04/04/1982", "AKTIF"],
        # a card number with a digit missing -> difference
        [8, "000123456789", people["other_opd"].nik, "AGUSTINUS NALLE", "09/09/1979", "AKTIF"],
    ]


def bpjs_list_xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DAFTAR PESERTA PPU PEMERINTAH KOTA KUPANG"])
    sheet.append([])
    sheet.append(BPJS_HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# -- Workers, users, contexts, screens -----------------------------------------------------


def complete(worker: Worker) -> Worker:
    """The conftest worker with everything both BPJS forms ask for."""
    return replace(
        worker,
        no_kk="5371010101100001",
        birth_place="KUPANG",
        marital_status="K",
        mother_name="YULIANA BANI",
        address="JL. EL TARI NO. 5",
        rt="003",
        rw="002",
        kode_pos="85111",
        kecamatan="OEBOBO",
        tmt=date(2020, 1, 1),
    )


PASSWORD = "rahasia-2026!"


def reopen(context: AppContext) -> AppContext:
    path = context.store.path
    context.close()
    return admin_context(path)


SHOTS = os.environ.get("KUPANG_SHOTS")  # set to a folder to keep PNGs of the dialogs


def shot(widget, name: str) -> None:
    """Paint the widget as the screen would; keep the PNG only when KUPANG_SHOTS names a
    folder, for a person to look at (tests never write to a fixed path)."""
    image = widget.grab()
    if SHOTS:
        image.save(str(Path(SHOTS) / f"{name}.png"))


def admin_context(path: Path | str | None, user: str = "tester", **options) -> AppContext:
    """A test's database opened as its administrator, said out loud: a context has no
    default role (services/context.py), so a test that means an operator builds one."""
    return open_context(path, user, role=Role.ADMIN, **options)


# -- Double entry (issue 15): a second person confirms the key fields ------------------------


def confirm_key_fields(ctx: AppContext, worker_id: int) -> None:
    """A second person (not `ctx.user`) types back exactly what was saved, so the worker's
    memberships may be verified: what a test of later steps needs before "verified"."""
    from kupang_desk.domain.double_entry import stored_text
    from kupang_desk.services import double_entry
    from kupang_desk.store import family as family_store

    second = AppContext(ctx.store, user="pemeriksa kedua", role=Role.ADMIN)
    typed = {}
    for person in double_entry.blank_sheet(second, worker_id):
        record = (
            get_worker(ctx.store, worker_id)
            if person.entity == "worker"
            else family_store.get_member(ctx.store, person.entity_id)
        )
        typed[(person.entity, person.entity_id)] = {
            f: stored_text(getattr(record, f)) for f in person.fields
        }
    checks = double_entry.check_typed(second, worker_id, typed)
    assert all(c.equal for c in checks), [c for c in checks if not c.equal]


# -- Scans (issue 15) ----------------------------------------------------------------------


def noisy_photo(path: Path, width: int = 1400, height: int = 1000) -> Path:
    """A phone-photo-sized PNG of pure noise (PNG cannot compress it: ~4.2 MB at the
    default size), the worst case for the downscaling on the way in."""
    from PySide6.QtGui import QImage

    raw = os.urandom(width * height * 3)
    QImage(raw, width, height, 3 * width, QImage.Format.Format_RGB888).copy().save(str(path))
    return path


# -- a DLHK roster in every membership status (daftar, SPTJM, progres) ----------------

PERIOD = Period(2026, 11)
ON = date(2026, 11, 25)
UMK = 2_500_000
CARD = "0001234567890"


def with_umk(ctx) -> None:
    rate_service.save_rates(ctx, replace(rate_service.rates_for(ctx, 2026), umk=UMK))


def person(serial: int, upah: int, opd: str = "DLHK", kind: str = "PTT", sex: str = "L"):
    birth = date(1975, 1, 1) + timedelta(days=serial % 9000)
    return Worker(
        nik=f"537101{encode_date_part(birth, sex)}{serial:04d}",
        name=f"PEGAWAI {serial:05d}",
        birth_date=birth,
        sex=sex,
        opd_code=opd,
        jabatan="Staf",
        upah=upah,
        employment_type=kind,
        uuid=str(uuid.uuid4()),
        id=serial,
    )


def insert(ctx, workers, memberships: dict[int, tuple[str, str]] | None = None, **family):
    """Workers by bulk insert; memberships: worker id -> (status, card) of its own
    Kesehatan and Ketenagakerjaan membership; a worker missing there has none."""
    insert_demo(ctx.store, [(w, [], []) for w in workers], user="tester")
    with ctx.store.transaction() as db:
        for worker_id, (status, card) in (memberships or {}).items():
            for program in ("kesehatan", "ketenagakerjaan"):
                db["memberships"].insert(
                    {
                        "worker_id": worker_id,
                        "program": program,
                        "status": status,
                        "card_number": (card if program == "kesehatan" else card[:11]) or None,
                    }
                )


def add_member(ctx, worker_id, serial, relation, sex, status, card=""):
    birth = "2015-06-01" if relation == "anak" else "1980-02-02"
    with ctx.store.transaction() as db:
        member_id = (
            db["family_members"]
            .insert(
                {
                    "uuid": str(uuid.uuid4()),
                    "worker_id": worker_id,
                    "nik": f"53710101011{serial}0003" if relation == "anak" else "",
                    "name": f"KELUARGA {serial}",
                    "relation": relation,
                    "birth_date": birth,
                    "sex": sex,
                }
            )
            .last_pk
        )
        if status:
            db["memberships"].insert(
                {
                    "worker_id": worker_id,
                    "family_member_id": member_id,
                    "program": "kesehatan",
                    "status": status,
                    "card_number": card or None,
                }
            )


def line_of(lines: list[str], nik: str) -> str:
    return next(line for line in lines if nik in line)


def status_roster_of(ctx):
    """DLHK: one worker in each status, one whose membership was deleted, 3 rejected and
    2 ended. Wages chosen for the floor, the ceiling and plain values. (The status_roster
    fixture; conftest's roster is the one for the BPJS reconciliation.)"""
    with_umk(ctx)
    workers = {
        "aktif": person(1, 2_000_000),  # below the UMK: dasar 2.500.000
        "diusulkan": person(2, 15_000_000),  # above the ceiling: dasar 12.000.000
        "terverifikasi": person(3, 3_000_000, sex="P"),
        "diajukan": person(4, 4_000_000),
        "dihapus": person(5, 3_500_000),
        **{f"ditolak{i}": person(10 + i, 3_000_000) for i in range(3)},
        **{f"berhenti{i}": person(20 + i, 3_000_000) for i in range(2)},
    }
    statuses = {
        "aktif": ("active", CARD),
        "diusulkan": ("draft", ""),
        "terverifikasi": ("verified", ""),
        "diajukan": ("submitted", ""),
        "dihapus": ("draft", ""),
        **{f"ditolak{i}": ("rejected", "") for i in range(3)},
        **{f"berhenti{i}": ("inactive", "") for i in range(2)},
    }
    insert(ctx, workers.values(), {workers[k].id: v for k, v in statuses.items()})
    # the clerk deleted this worker's memberships: he is "belum didaftarkan" again
    ctx.store.conn.execute("DELETE FROM memberships WHERE worker_id = ?", (workers["dihapus"].id,))
    return workers


def project_version() -> str:
    """The version written once, in pyproject.toml (what --version must print)."""
    import tomllib

    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["project"]["version"]
