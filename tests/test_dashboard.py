"""Issue 15 §4: the mayor's view. The numbers (domain fold of one grouped count), the
trigger-kept worker_progress table agreeing with the base tables after every kind of
change, who sees which OPDs, `report progres`, and the Progres window."""

import json
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from kupang_desk.cli import main
from kupang_desk.domain.entities import FamilyMember, Membership, Program, Relation
from kupang_desk.domain.progress import ProgressGroup, fold, percent
from kupang_desk.services import family as family_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.importing import ImportOptions, import_file
from kupang_desk.services.progress import load_progress
from kupang_desk.services.reports import Period
from kupang_desk.services.workers import deactivate_worker, save_worker
from kupang_desk.store import progress as progress_store
from tests.helpers import admin_context, confirm_key_fields, insert, person
from tests.roster_sheets import clerk_csv, nik_for

PERIOD = Period(2026, 11)
KES, TK = Program.KESEHATAN, Program.KETENAGAKERJAAN


def test_fold_counts_each_status_priority_and_not_enrolled_types():
    groups = [
        # opd, type, priority, kesehatan, ketenagakerjaan, workers, men, women
        ProgressGroup("DLHK", "PTT", True, "active", "active", 10, 8, 2),
        ProgressGroup("DLHK", "PTT", False, "draft", None, 3, 1, 2),
        ProgressGroup("DLHK", "PPPK", False, "verified", None, 2, 2, 0),
        ProgressGroup("DLHK", "PTT", False, "rejected", "submitted", 1, 1, 0),
    ]
    opds = [("DLHK", "Dinas Lingkungan Hidup dan Kebersihan", "DLHK"), ("DINKES", "Dinkes", "")]

    def enrolled(kind: str, program: Program) -> bool:  # PPPK: JKK/JKM through Taspen
        return not (kind == "PPPK" and program is TK)

    progress = fold(groups, opds, enrolled)
    dlhk, dinkes = progress.opds
    assert (dlhk.workers, dlhk.men, dlhk.women) == (16, 12, 4)
    kes, tk = dlhk.program(KES), dlhk.program(TK)
    assert kes.counts == {"active": 10, "draft": 3, "verified": 2, "rejected": 1}
    assert (kes.enrolled, kes.checked) == (16, 12) and percent(kes.share) == "75,0 %"
    assert tk.counts == {"active": 10, "unregistered": 3, "submitted": 1}
    assert tk.not_enrolled == {"PPPK": 2}
    assert (tk.enrolled, tk.checked) == (14, 11) and percent(tk.share) == "78,6 %"
    assert progress.priority["DLHK"].workers == 10 == progress.priority_total.workers
    assert progress.priority["DLHK"].program(KES).checked == 10
    assert (dinkes.workers, dinkes.short, percent(dinkes.program(KES).share)) == (0, "DINKES", "-")
    assert [line.kind for line in progress.lines()] == [
        "opd",
        "priority",
        "opd",
        "priority_total",
        "total",
    ]
    assert progress.total.program(TK).count("active") == 10
    assert progress.shows("rejected") and not progress.shows("inactive")


def groups_agree(ctx, period: Period = PERIOD) -> list[tuple]:
    """The dashboard's count equals the same count from workers + memberships."""
    days = {"first_day": period.first_day, "last_day": period.last_day}

    def rows(query) -> list[tuple]:
        return sorted(map(tuple, query(ctx.store, opd_code=None, **days)), key=repr)

    kept = rows(progress_store.progress_groups)
    assert kept == rows(progress_store.base_groups)
    return kept


def test_worker_progress_follows_every_kind_of_change(ctx, worker, tmp_path):
    saved = save_worker(ctx, replace(worker, tmt=date(2026, 1, 2)), accept_warnings=True).worker
    assert groups_agree(ctx) == [("DLHK", "PTT", 0, None, None, 1, 0, 1)]

    kes = family_service.save_membership(
        ctx, Membership(program=KES, worker_id=saved.id, kelas_rawat="2")
    ).membership
    assert groups_agree(ctx) == [("DLHK", "PTT", 0, "draft", None, 1, 0, 1)]
    confirm_key_fields(ctx, saved.id)  # a second person checked the key fields (double entry)
    family_service.change_status(ctx, kes.id, "verified", on=date(2026, 11, 3))
    tk = family_service.save_membership(
        ctx, Membership(program=TK, worker_id=saved.id, tk_programs="JKK,JKM")
    ).membership
    assert groups_agree(ctx) == [("DLHK", "PTT", 0, "verified", "draft", 1, 0, 1)]

    # a family member's own membership is not the worker's
    family_service.save_family(
        ctx,
        saved.id,
        [
            FamilyMember(
                worker_id=saved.id,
                nik=nik_for(date(2015, 6, 1), "L", 9),
                name="Anak Satu",
                relation=Relation.ANAK,
                birth_date=date(2015, 6, 1),
                sex="L",
            )
        ],
    )
    [member] = family_service.list_family(ctx, saved.id)
    family_service.save_membership(
        ctx, Membership(program=KES, worker_id=saved.id, family_member_id=member.id)
    )
    assert groups_agree(ctx) == [("DLHK", "PTT", 0, "verified", "draft", 1, 0, 1)]

    # the latest own membership of a program is the one that counts (an older file may hold
    # two); deleting the newer one brings back the older one's status
    family_service.change_status(ctx, tk.id, "rejected", on=date(2026, 11, 4), reason="NIK")
    assert groups_agree(ctx) == [("DLHK", "PTT", 0, "verified", "rejected", 1, 0, 1)]
    with ctx.store.transaction() as db:
        newer = (
            db["memberships"]
            .insert({"worker_id": saved.id, "program": "ketenagakerjaan", "status": "submitted"})
            .last_pk
        )
    assert groups_agree(ctx) == [("DLHK", "PTT", 0, "verified", "submitted", 1, 0, 1)]
    ctx.store.conn.execute("DELETE FROM memberships WHERE id = ?", (newer,))
    assert groups_agree(ctx) == [("DLHK", "PTT", 0, "verified", "rejected", 1, 0, 1)]

    # moved to another OPD, made a priority worker, then deactivated in November
    stored = worker_service.get_worker(ctx, saved.id)
    moved = save_worker(
        ctx, replace(stored, opd_code="DINKES", priority=True, priority_reason="x")
    ).worker
    assert groups_agree(ctx) == [("DINKES", "PTT", 1, "verified", "rejected", 1, 0, 1)]
    deactivate_worker(ctx, moved.id, reason="kontrak berakhir", on=date(2026, 11, 20))
    assert groups_agree(ctx) == [("DINKES", "PTT", 1, "verified", "rejected", 1, 0, 1)]
    assert groups_agree(ctx, Period(2026, 12)) == []  # no longer employed in December

    # an import of two rows, and the demo's bulk fill
    born = date(1990, 6, 1)
    rows = [
        ["1", nik_for(born, "L", 21), "Lukas Mau", "Kupang", "01-06-1990", "L", "Staf", "", ""],
        ["2", nik_for(born, "P", 22), "Siti Bani", "Kupang", "01-06-1990", "P", "Staf", "", ""],
    ]
    csv = clerk_csv(tmp_path / "ptt.csv", rows, encoding="utf-8", delimiter=";")
    assert import_file(ctx, csv, ImportOptions(opd_code="DLHK")).accepted == 2
    assert ("DLHK", "PTT", 0, None, None, 2, 1, 1) in groups_agree(ctx)
    insert(ctx, [person(500, 3_000_000), person(501, 3_000_000, sex="P")], {500: ("active", "")})
    assert ("DLHK", "PTT", 0, "active", "active", 1, 1, 0) in groups_agree(ctx)

    # a rebuilt table (as the migration fills it) holds the same rows
    before = groups_agree(ctx)
    with ctx.store.transaction() as db:
        db.execute("DELETE FROM worker_progress")
        progress_store.rebuild(db.conn)
    assert groups_agree(ctx) == before


@pytest.fixture
def two_opds(ctx):
    """DLHK: 3 workers (2 priority, one of them active); DINKES: 2 workers, no membership."""
    dlhk = [
        replace(person(1, 3_000_000), priority=True),
        replace(person(2, 3_000_000, sex="P"), priority=True),
        person(3, 3_000_000),
    ]
    dinkes = [person(11, 3_000_000, opd="DINKES"), person(12, 3_000_000, opd="DINKES")]
    insert(ctx, dlhk + dinkes, {1: ("active", "0001234567890"), 3: ("draft", "")})
    return ctx


def test_who_sees_which_opds(two_opds):
    store = two_opds.store
    for everyone in (
        AppContext(store, user="a", role="admin"),
        AppContext(store, user="v", role="verifikator"),
    ):
        view = load_progress(everyone, PERIOD)
        assert view.scope is None
        assert [line.key for line in view.progress.opds] == ["DINKES", "DLHK"]  # by name
        assert view.progress.total.workers == 5
    operator = AppContext(store, user="o", role="operator", opd_code="DINKES")
    view = load_progress(operator, PERIOD)
    assert view.scope == "DINKES" and [line.key for line in view.progress.opds] == ["DINKES"]
    assert view.progress.total.workers == 2
    assert view.progress.total.program(KES).count("unregistered") == 2
    scoped = AppContext(store, user="v2", role="verifikator", opd_code="DLHK")
    progress = load_progress(scoped, PERIOD).progress
    assert progress.total.workers == 3 and progress.priority_total.workers == 2
    assert progress.total.program(KES).counts == {"active": 1, "draft": 1, "unregistered": 1}
    assert progress.priority["DLHK"].program(KES).counts == {"active": 1, "unregistered": 1}
    with pytest.raises(AccessDenied):
        load_progress(AppContext(store, user="x", role="operator", opd_code=None), PERIOD)


def test_report_progres_json_and_its_one_page(tmp_path, capsys):
    db, out = tmp_path / "demo.sqlite3", tmp_path / "progres.pdf"
    assert main(["--db", str(db), "demo", "--workers", "300"]) == 0
    capsys.readouterr()
    args = ["--db", str(db), "report", "progres", str(out), "--period", "2026-11", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    ctx = admin_context(db)
    priority = ctx.store.query("SELECT count(*) FROM workers WHERE priority = 1")[0][0]
    active_kes = ctx.store.query(
        "SELECT count(*) FROM memberships WHERE family_member_id IS NULL "
        "AND program = 'kesehatan' AND status = 'active'"
    )[0][0]
    ctx.close()
    total = data["total"]
    assert data["period"] == "2026-11" and data["pages"] == 1 and len(data["opd"]) == 8
    assert total["workers"] == 300 == sum(line["workers"] for line in data["opd"].values())
    assert data["opd"]["DLHK"]["workers"] == 253
    assert data["priority_total"]["workers"] == priority > 0
    assert total["kesehatan"]["active"] == active_kes
    kes = total["kesehatan"]
    assert kes["enrolled"] == 300
    assert kes["checked"] == kes["verified"] + kes["submitted"] + kes["active"]
    assert kes["share"] == round(kes["checked"] / kes["enrolled"], 4)

    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "PROGRES PENDAFTARAN BPJS PEGAWAI TIDAK TETAP" in text
    assert "Periode November 2026" in text
    assert "Kelompok prioritas (semua OPD)" in text
    assert f"JUMLAH 300 {kes['active']} {kes['submitted']} {kes['verified']}" in text
    assert percent(kes["share"]) in text


def test_progres_window_numbers_and_a_click_opens_the_list(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from kupang_desk.ui.main_window import MainWindow

    db = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "300"]) == 0
    ctx = admin_context(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    dashboard = window.show_progress()
    view = load_progress(ctx)
    total = view.progress.total

    table = dashboard.table
    last = table.rowCount() - 1
    assert table.item(last, 0).text() == "JUMLAH"
    assert table.item(last, 1).text() == "300"
    assert table.item(last, 2).text() == str(total.program(KES).count("active"))
    assert table.item(last, table.columnCount() - 2).text() == percent(total.program(KES).share)
    # double entry per OPD: nobody's key fields were typed back yet, then one DLHK worker's
    assert table.item(last, table.columnCount() - 1).text() == "0/300"
    first_dlhk = ctx.store.query("SELECT id FROM workers WHERE opd_code = 'DLHK' LIMIT 1")[0][0]
    confirm_key_fields(ctx, first_dlhk)
    dashboard.reload()
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "DLHK")
    assert table.item(row, table.columnCount() - 1).text() == "1/253"
    assert table.item(last, table.columnCount() - 1).text() == "1/300"
    [series] = dashboard.chart.series()
    assert [bar.label() for bar in series.barSets()][:2] == ["Aktif", "Diajukan"]
    # one bar per OPD and one for the priority group, the first OPD at the top
    assert len(dashboard.chart_lines) == len(view.progress.opds) + 1
    assert dashboard.chart_lines[-1].key == view.progress.opds[0].key

    dlhk = next(i for i, line in enumerate(dashboard.chart_lines) if line.key == "DLHK")
    series.clicked.emit(dlhk, series.barSets()[0])  # what a click on DLHK's bar sends
    assert window.opd_filter.currentData() == "DLHK"
    assert window.priority_filter.currentData() is None
    assert window.model.counts["total"] == 253

    # keyboard: the DLHK priority row, Enter
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text().strip() == "prioritas")
    table.setCurrentCell(row, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.opd_filter.currentData() == "DLHK"
    assert window.priority_filter.currentData() is True
    assert window.model.counts["total"] == view.progress.priority["DLHK"].workers

    dashboard.program.setCurrentIndex(dashboard.program.findData("ketenagakerjaan"))
    assert "Ketenagakerjaan" in dashboard.chart.title()
    assert table.item(last, 2).text() == str(total.program(TK).count("active"))
    image = dashboard.grab()
    assert not image.isNull() and image.width() > 800
    image.save(str(tmp_path / "progres.png"))
    window.close()
    ctx.close()


def test_an_operators_progres_window_shows_their_opd_only(qtbot, two_opds):
    from kupang_desk.ui.dashboard import DashboardWindow

    operator = AppContext(two_opds.store, user="o", role="operator", opd_code="DINKES")
    dashboard = DashboardWindow(operator)
    qtbot.addWidget(dashboard)
    rows = [dashboard.table.item(r, 0).text() for r in range(dashboard.table.rowCount())]
    assert rows == ["Dinkes", "JUMLAH"]
    assert "OPD DINKES" in dashboard.heading.text()
