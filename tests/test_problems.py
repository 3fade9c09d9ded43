"""Perlu Perbaikan (issue 11): what BPJS needs, checked off the GUI thread with progress and
Batal, shown through a lazy model; the list's Periksa column names the first problem."""

import threading
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from kupang_desk.domain.bpjs_readiness import programs_for, readiness_issues
from kupang_desk.domain.entities import FamilyMember, Membership, Program, Worker
from kupang_desk.services import checks
from kupang_desk.services import family as family_service
from kupang_desk.services import workers as worker_service
from kupang_desk.ui import problems_view
from kupang_desk.ui.main_window import MainWindow
from kupang_desk.ui.problems_view import ProblemsDialog
from tests.helpers import complete
from tests.roster_sheets import nik_for

KECAMATAN = frozenset({"ALAK", "MAULAFA", "KELAPA LIMA", "OEBOBO", "KOTA RAJA", "KOTA LAMA"})


def codes(issues) -> list[str]:
    return [i.code for i in issues]


def test_a_complete_record_is_ready_for_both_programs(worker):
    assert readiness_issues(complete(worker), kecamatan_names=KECAMATAN) == []


def test_each_gap_is_named_with_its_form_column(worker):
    bare = replace(complete(worker), no_kk="", rw="", mother_name="", tmt=None, upah=0)
    issues = readiness_issues(bare, kecamatan_names=KECAMATAN)
    assert codes(issues) == ["bpjs.no_kk", "bpjs.rw", "bpjs.mother_name", "bpjs.tmt", "bpjs.upah"]
    assert "Untuk BPJS Kesehatan: No. KK belum diisi (kolom 5 Form Mutasi)." in issues[0].message
    assert "Untuk BPJS Ketenagakerjaan: Nama ibu kandung" in issues[2].message
    assert all(not i.is_error for i in issues)  # saving is never blocked by them


def test_programs_decide_what_is_asked(worker):
    bare = replace(complete(worker), mother_name="", kode_pos="")
    kesehatan_only = readiness_issues(bare, programs={"kesehatan"}, kecamatan_names=KECAMATAN)
    assert codes(kesehatan_only) == ["bpjs.kode_pos"]  # nama ibu kandung is BPJS TK's
    pppk = replace(bare, employment_type="PPPK Paruh Waktu")
    assert programs_for(pppk) == {"kesehatan"}  # JKK/JKM through Taspen
    assert programs_for(bare) == {"kesehatan", "ketenagakerjaan"}
    assert programs_for(pppk, ["ketenagakerjaan"]) == {"kesehatan", "ketenagakerjaan"}
    assert readiness_issues(replace(bare, status="nonaktif", status_reason="x")) == []


def test_an_unknown_kecamatan_and_a_family_members_birth_place(worker):
    record = replace(complete(worker), kecamatan="OEBOBO BARAT")
    child = FamilyMember(1, "5371010101100001", "YOHANES", "anak", date(2010, 1, 1), "L")
    issues = readiness_issues(record, [child], kecamatan_names=KECAMATAN)
    assert codes(issues) == ["bpjs.kecamatan_code", "bpjs.family.birth_place"]
    assert "kolom 17" in issues[0].message and "YOHANES" in issues[1].message


def add_workers(ctx, count: int, **changes) -> list[int]:
    born = date(1990, 6, 1)
    ids = []
    for i in range(count):
        worker = Worker(nik_for(born, "L", i + 1), f"PEKERJA {chr(65 + i % 26)}", born, "L",
                        "DLHK", upah=3_000_000, **changes)  # fmt: skip
        ids.append(worker_service.save_worker(ctx, worker, accept_warnings=True).worker.id)
    return ids


def test_the_check_reports_progress_and_can_be_cancelled_without_writing(ctx, monkeypatch):
    monkeypatch.setattr(checks, "PROGRESS_EVERY", 5)
    add_workers(ctx, 12)
    seen = []
    problems = checks.record_problems(ctx, refresh=True, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 12), (5, 12), (10, 12), (12, 12)]
    assert len(problems) == 12 and "bpjs.tmt" in codes(problems[0].issues)
    counts = ctx.store.query("SELECT open_issues FROM workers")
    assert all(row[0] > 0 for row in counts)
    with ctx.store.transaction() as db:
        db.execute("UPDATE workers SET open_issues = 0")
    with pytest.raises(checks.ChecksCancelled):
        checks.record_problems(ctx, refresh=True, cancelled=lambda: len(seen) > 5,
                               progress=lambda d, t: seen.append((d, t)))  # fmt: skip
    assert ctx.store.query("SELECT max(open_issues) FROM workers")[0][0] == 0


def test_one_worker_is_checked_like_the_whole_list(ctx, worker):
    saved = worker_service.save_worker(ctx, complete(worker)).worker
    assert checks.worker_problems(ctx, saved.id) == []
    family_service.save_family(
        ctx,
        saved.id,
        [FamilyMember(saved.id, "5371010101100001", "YOHANES", "anak", date(2010, 1, 1), "L")],
    )
    family_service.save_membership(ctx, Membership(Program.KETENAGAKERJAAN, saved.id))
    issues = checks.worker_problems(ctx, saved.id)
    assert codes(issues) == ["bpjs.family.birth_place"]
    [whole] = checks.record_problems(ctx)
    assert codes(whole.issues) == codes(issues)


@pytest.fixture
def gate(monkeypatch):
    """Holds the check on its worker thread at the first record until released."""
    released = threading.Event()
    started = threading.Event()
    original = checks.readiness_issues

    def held(*args, **kwargs):
        started.set()
        released.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(checks, "readiness_issues", held)
    yield started, released
    released.set()


def test_the_dialog_stays_usable_while_checking_and_batal_stops_it(qtbot, ctx, gate):
    started, released = gate
    add_workers(ctx, 3)
    dialog = ProblemsDialog(ctx, lambda worker_id: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(started.is_set)
    qtbot.wait(50)  # the GUI thread keeps running its events meanwhile
    assert dialog.running and dialog.cancel_button.isEnabled()
    assert not dialog.recheck_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.checked, timeout=5000):
        released.set()
    assert "dibatalkan" in dialog.summary.text()
    assert dialog.model.rowCount() == 0
    assert ctx.store.query("SELECT max(open_issues) FROM workers")[0][0] == 0  # nothing written
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        qtbot.mouseClick(dialog.recheck_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 3
    assert dialog.progress.value() == dialog.progress.maximum() == 3


def test_the_result_model_is_lazy_and_rows_open_the_worker(qtbot, ctx, monkeypatch):
    monkeypatch.setattr(problems_view, "PAGE_SIZE", 10)
    ids = add_workers(ctx, 25)
    opened = []
    dialog = ProblemsDialog(ctx, opened.append)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.running, timeout=10000)
    model = dialog.model
    assert model.total == 25
    shown = model.rowCount()  # a page, or two when the view asked for more to fill itself
    assert shown in (10, 20) and model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == min(shown + 10, 25)
    first = model.index(0, 3).data()
    assert first.startswith("⚠ 9 · Untuk BPJS Kesehatan: No. KK belum diisi"), first
    assert "25 data pegawai perlu diperbaiki" in dialog.summary.text()
    assert "TMT" in dialog.detail.text()
    # the clerk fixes the first record in its form; the row is re-checked alone
    worker = worker_service.get_worker(ctx, model.problem(0).worker_id)
    worker_service.save_worker(ctx, complete(replace(worker, no_kk="5371010101100001")),
                               accept_warnings=True)  # fmt: skip
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert opened == [ids[0]]
    assert model.total == 24 and model.problem(0).worker_id == ids[1]
    assert "24 data pegawai perlu diperbaiki" in dialog.summary.text()


def test_the_periksa_column_names_the_first_problem(qtbot, ctx, worker):
    saved = worker_service.save_worker(ctx, worker).worker
    checks.record_problems(ctx, refresh=True)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    cell = window.model.index(0, 8)
    assert window.model.headerData(8, Qt.Orientation.Horizontal) == "Periksa"
    text = cell.data()
    assert text.startswith("⚠ ") and "Untuk BPJS Kesehatan: No. KK belum diisi" in text
    assert "TMT" in cell.data(Qt.ItemDataRole.ToolTipRole)
    worker_service.save_worker(ctx, complete(worker_service.get_worker(ctx, saved.id)))
    window.apply_filter()
    assert window.model.index(0, 8).data() == ""


def test_the_form_says_what_bpjs_still_needs_without_blocking_the_save(qtbot, ctx, worker):
    from kupang_desk.ui.worker_form import WorkerForm

    saved = worker_service.save_worker(ctx, worker).worker  # saved: the gaps never block
    form = WorkerForm(ctx, [], worker_service.get_worker(ctx, saved.id))
    qtbot.addWidget(form)
    text = form.status_label.text()
    assert "Belum lengkap untuk BPJS" in text and "No. KK belum diisi (kolom 5" in text
    done = worker_service.save_worker(ctx, complete(worker_service.get_worker(ctx, saved.id)))
    complete_form = WorkerForm(ctx, [], done.worker)
    qtbot.addWidget(complete_form)
    assert complete_form.status_label.text() == "Status: aktif"


def test_perlu_perbaikan_opens_once_beside_the_list_and_updates_its_counts(qtbot, ctx, worker):
    worker_service.save_worker(ctx, worker)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert "perlu perbaikan" not in window.count_label.text()  # not checked yet
    dialog = window.show_problems()
    assert not dialog.isModal()
    assert window.show_problems() is dialog  # brought forward, not a second check
    qtbot.waitUntil(lambda: not dialog.running, timeout=10000)
    assert window.count_label.text().endswith("1 perlu perbaikan")
    dialog.refresh()
    assert dialog.running
    window.close()  # while checking: the check is stopped and its thread ended
    assert not dialog.running and dialog.task.thread_ended
    qtbot.wait(50)  # what the stopped job had queued is dropped, not shown
    assert "dibatalkan" not in dialog.summary.text()


def test_perlu_perbaikan_reopens_the_same_window_and_drops_the_stopped_checks_result(
    qtbot, ctx, worker, gate
):
    """One window for the app's life (tests/test_soak.py: a replaced one per opening kept
    its ~2 MB window buffer until deleteLater ran); reopening re-checks the whole list."""
    started, released = gate
    worker_service.save_worker(ctx, worker)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    dialog = window.show_problems()
    qtbot.waitUntil(started.is_set)
    threading.Timer(0.1, released.set).start()  # the held job sees Batal and stops
    dialog.reject()  # waits for the thread; its "dibatalkan" is queued, not yet delivered
    assert not dialog.isVisible() and dialog.task.thread_ended
    ended = []
    dialog.checked.connect(lambda: ended.append(dialog.summary.text()))
    assert window.show_problems() is dialog  # the same window, shown again
    assert dialog.isVisible() and dialog.running  # a fresh check of the whole list
    qtbot.waitUntil(lambda: not dialog.running, timeout=10000)
    qtbot.wait(50)
    # only the new check ended: the stopped one's result was dropped, not shown
    assert ended == ["1 data pegawai perlu diperbaiki (0 dengan kesalahan)."]
    assert dialog.model.rowCount() == 1
    assert window.count_label.text().endswith("1 perlu perbaikan")
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        dialog.refresh()  # Periksa ulang
    assert not dialog.running and dialog.task.thread_ended
