"""The PyInstaller bundle runs and carries its resources (fonts, region codes)."""

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import project_version

ROOT = Path(__file__).resolve().parent.parent
VERSION = project_version()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_frozen_program_runs_demo_and_prints_a_daftar(tmp_path):
    dist, work = tmp_path / "dist", tmp_path / "build"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        check=True,
    )
    exe = dist / "kupang-desk" / ("kupang-desk-cli" + (".exe" if sys.platform == "win32" else ""))
    resources = dist / "kupang-desk" / "_internal" / "kupang_desk" / "resources"
    assert (resources / "fonts" / "LICENSE-DejaVu.txt").exists()
    # the Progres window's charts (build.spec once excluded QtCharts)
    assert list((dist / "kupang-desk" / "_internal" / "PySide6").glob("QtCharts*"))

    # The version comes from the package metadata the spec copies in, i.e. pyproject's.
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"Kupang Desk {VERSION}"

    db, pdf = tmp_path / "frozen.sqlite3", tmp_path / "daftar.pdf"
    subprocess.run([str(exe), "--db", str(db), "demo", "--workers", "300"], check=True)
    subprocess.run(
        [str(exe), "--db", str(db), "report", "daftar", str(pdf), "--opd", "DLHK"], check=True
    )
    text = PdfReader(pdf).pages[0].extract_text()
    assert "DINAS LINGKUNGAN HIDUP DAN KEBERSIHAN" in text

    nik = subprocess.run(
        [str(exe), "check", "nik", "5371014503850001"], capture_output=True, text=True
    )
    assert nik.returncode == 0
    assert "KOTA KUPANG" in nik.stdout  # region codes shipped in the bundle
