"""No module is imported for the first time on a background thread (ui/background.py).

PySide's import hook running on a worker thread while the GUI thread called into Python
crashed the app (fonts, then CSV codecs). A fresh process runs every background job of the
window, as a clerk would, and records each first import made off the GUI thread."""

import json
import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

from kupang_desk.services import bundles
from kupang_desk.services.demo import OPDS, fill_demo
from kupang_desk.services.opd import save_opd
from tests.helpers import admin_context
from tests.roster_sheets import clerk_csv, clerk_ods, clerk_xlsx, nik_for

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent(
    """
    import json, sys, threading, time
    from pathlib import Path

    off_gui = []
    current = ["start"]  # the job running now


    class Watch:  # asked only for modules not imported yet
        def find_spec(self, name, path=None, target=None):
            if threading.current_thread() is not threading.main_thread():
                off_gui.append(f"{current[0]}: {name}")
            return None


    sys.meta_path.insert(0, Watch())

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kupang_desk.services import importing
    from kupang_desk.services.context import open_context
    from kupang_desk.services.reports import Period, PrintJob
    from kupang_desk.ui.background import run_in_background
    from kupang_desk.ui.import_wizard import run_import
    from kupang_desk.ui.main_window import MainWindow
    from kupang_desk.ui.centre_menu import CentreMenu

    folder = Path(sys.argv[1])
    bundle, *sheets = [Path(p) for p in sys.argv[2:]]
    app = QApplication([])
    centre = open_context(folder / "pusat.sqlite3", "admin-pusat", role="admin")

    def until(condition):
        deadline = time.monotonic() + 60
        while not condition():
            assert time.monotonic() < deadline, "a background job never ended"
            QTest.qWait(10)

    MainWindow.ask_export_path = staticmethod(lambda parent, name, kinds: folder / name)
    CentreMenu.ask_open_bundle = staticmethod(lambda parent: bundle)
    window = MainWindow(centre)
    window.show()
    jobs = []

    current[0] = "merge"
    merged = []
    window.centre_menu.merge_ended.connect(lambda: merged.append(1))
    window.centre_menu.merge_bundle()
    until(lambda: merged)
    window.centre_menu.dialog.reject()
    jobs.append("merge")

    for kind, action in window.export_actions.items():
        current[0] = "export " + kind
        action.trigger()
        until(lambda: "diekspor" in window.statusBar().currentMessage())
        window.statusBar().clearMessage()
        jobs.append("export " + kind)

    for job in (PrintJob("daftar", "DLHK", "kesehatan", Period(2026, 11), "f4"),
                PrintJob("rekap", None, "kesehatan", Period(2026, 11), "a4")):
        current[0] = "print " + job.kind
        opened = []
        window.printing.preview_opened.connect(opened.append)
        window.printing.start(job)
        until(lambda: opened)
        opened[0].accept()
        jobs.append("print " + job.kind)

    current[0] = "perlu perbaikan"
    dialog = window.show_problems()
    until(lambda: not dialog.running)
    jobs.append("perlu perbaikan")

    for sheet in sheets:
        current[0] = "import " + sheet.suffix
        for dry_run in (True, False):
            options = importing.ImportOptions(opd_code="DINKES", dry_run=dry_run, update=True)
            done = []
            run_in_background(window, lambda c: run_import(centre, sheet, options, c),
                              done.append, on_error=done.append)
            until(lambda: done)
            assert done[0][0].accepted == 3, done
        jobs.append("import " + sheet.suffix)

    window.close()
    print(json.dumps({"jobs": jobs, "imported_off_gui": sorted(set(off_gui))}))
    """
)


def centre_and_bundle(folder: Path) -> Path:
    """Made here, not in the child: what it imports would hide what the jobs import."""
    office = admin_context(folder / "kantor.sqlite3", user="operator-dlhk")
    fill_demo(office, 40, seed=7)
    centre = admin_context(folder / "pusat.sqlite3", user="admin-pusat")
    for opd in OPDS[:2]:
        save_opd(centre, opd)
    bundles.install_office(office, bundles.register_office(centre, "DLHK"))
    bundle = folder / "kiriman.zip"
    bundles.export_bundle(office, bundle, opd_code="DLHK")
    office.close()
    centre.close()
    return bundle


def test_no_background_job_imports_a_module_for_the_first_time(tmp_path):
    bundle = centre_and_bundle(tmp_path)
    born = date(1990, 6, 1)
    rows = [
        [i, nik_for(born, "L", i), "YOSEF NDUN", "KUPANG", born, "L", "", "", 2_900_000]
        for i in range(1, 4)
    ]
    text_rows = [[str(v) if not isinstance(v, date) else v.strftime("%d-%m-%Y") for v in row]
                 for row in rows]  # fmt: skip
    sheets = [
        clerk_xlsx(tmp_path / "daftar.xlsx", rows),
        clerk_csv(tmp_path / "daftar.csv", text_rows, encoding="cp1252", delimiter=";"),
        clerk_ods(tmp_path / "daftar.ods", rows),
    ]
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path), str(bundle), *map(str, sheets)],
        cwd=ROOT,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_STATE_HOME": str(tmp_path),  # the app's log
            "XDG_CONFIG_HOME": str(tmp_path),  # QSettings: window size, last choices
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    report = json.loads(child.stdout.strip().splitlines()[-1])
    assert report["jobs"] == [
        "merge",
        "export kesehatan",
        "export kesehatan-keluar",
        "export ketenagakerjaan",
        "export csv",
        "print daftar",
        "print rekap",
        "perlu perbaikan",
        "import .xlsx",
        "import .csv",
        "import .ods",
    ]
    assert report["imported_off_gui"] == [], "\n".join(report["imported_off_gui"])
