"""Issue 12 item 4: no JP from the month a worker reaches usia pensiun (PP 45/2015 Pasal 15:
59 in 2025-2027, 60 from 2028), on the printed list and as a warning in Perlu Perbaikan."""

from datetime import date

from kupang_desk.domain.entities import Membership, Program, Worker
from kupang_desk.services import family as family_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.checks import worker_problems
from kupang_desk.services.reports import Period, print_daftar
from tests.helpers import pdf_lines

# born 10 May 1967: 59, the pension age of 2026, on 10 May 2026
OLDER = Worker(
    nik="5371011005670001",
    name="Yosef Tefa",
    birth_date=date(1967, 5, 10),
    sex="L",
    opd_code="DLHK",
    jabatan="Tenaga Kebersihan / Penyapu Jalan",
    upah=3_000_000,
)
PENSION = "birth_date.pension_age"


def saved(ctx, jp_enrolled: bool = True) -> Worker:
    settings_service.set_values(ctx, {"pemda.jp_enrolled": "1" if jp_enrolled else "0"})
    return worker_service.save_worker(ctx, OLDER, accept_warnings=True).worker


def codes(ctx, worker_id: int, today: date) -> dict[str, str]:
    return {i.code: i.message for i in worker_problems(ctx, worker_id, today=today)}


def test_perlu_perbaikan_says_no_jp_from_the_month_of_pension_age(ctx):
    worker = saved(ctx)
    assert PENSION not in codes(ctx, worker.id, date(2026, 4, 30))  # 58
    found = codes(ctx, worker.id, date(2026, 5, 1))  # 59 within May: the month counts
    assert found[PENSION].startswith("Usia pensiun: tidak ada iuran JP sejak Mei 2026.")
    assert "berumur 59 tahun pada 10-05-2026" in found[PENSION]
    assert PENSION in codes(ctx, worker.id, date(2028, 1, 15))  # reached once, stays reached


def test_no_warning_where_jp_is_not_enrolled(ctx):
    worker = saved(ctx, jp_enrolled=False)
    assert PENSION not in codes(ctx, worker.id, date(2026, 6, 1))
    # the worker's own Ketenagakerjaan membership names JP: warned after all
    family_service.save_membership(
        ctx, Membership(Program.KETENAGAKERJAAN, worker.id, tk_programs="JKK,JKM,JP")
    )
    assert PENSION in codes(ctx, worker.id, date(2026, 6, 1))


def test_the_printed_list_charges_no_jp_from_may_2026(ctx, tmp_path):
    worker = saved(ctx)
    # a proposed membership in JKK, JKM and JP: listed with its iuran
    family_service.save_membership(
        ctx, Membership(Program.KETENAGAKERJAAN, worker.id, tk_programs="JKK,JKM,JP")
    )
    rows = {}
    for month in (4, 5):
        out = tmp_path / f"tk-{month}.pdf"
        print_daftar(
            ctx, out, opd_code="DLHK", program="ketenagakerjaan", period=Period(2026, month)
        )
        rows[month] = next(line for line in pdf_lines(out)[1][0] if OLDER.nik in line)
    # April (58): JKK 0,24 % 7.200 + JKM 0,30 % 9.000 + JP 2 % 60.000 | JP 1 % 30.000
    assert rows[4].endswith("JKK-I, JKM, JP Diusulkan 76.200 30.000 106.200")
    # May (59): JKK and JKM only
    assert rows[5].endswith("JKK-I, JKM (usia pensiun: tanpa JP) Diusulkan 16.200 0 16.200")
