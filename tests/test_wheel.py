"""A wheel built from the project installs into a fresh venv and its CLI prints a daftar.

Proves the package carries its resources (fonts for the PDF, region codes for the NIK) and
its version: nothing is read from the source tree. The venv gets its dependencies from the
package index the way a user's `pip install` would (about 30 s and 750 MB, removed after).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import project_version

ROOT = Path(__file__).resolve().parent.parent
VERSION = project_version()
BIN = "Scripts" if sys.platform == "win32" else "bin"


def _run(args: list, **kwargs) -> subprocess.CompletedProcess:
    # No PYTHONPATH: the installed copy must be the one that runs.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(a) for a in args], env=env, capture_output=True, text=True, check=True, **kwargs
    )


def _shipped_resources() -> set[str]:
    folder = ROOT / "kupang_desk" / "resources"
    return {
        path.relative_to(ROOT).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_wheel_in_a_fresh_venv_prints_a_daftar(tmp_path):
    # Build from a copy so the build's egg-info and build/ stay out of the checkout.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "kupang_desk", source / "kupang_desk", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path, source])
    (wheel,) = tmp_path.glob("kupang_desk-*.whl")
    assert wheel.name == f"kupang_desk-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        missing = _shipped_resources() - set(archive.namelist())
    assert not missing, f"not in the wheel: {sorted(missing)}"

    venv = tmp_path / "venv"
    try:
        _run([sys.executable, "-m", "venv", venv])
        _run([venv / BIN / "python", "-m", "pip", "install", "-q", wheel])
        installed = _run(
            [venv / BIN / "python", "-c", "import kupang_desk; print(kupang_desk.__file__)"],
            cwd=tmp_path,
        )
        assert Path(installed.stdout.strip()).is_relative_to(venv)

        cli = venv / BIN / "kupang-desk"
        assert _run([cli, "--version"], cwd=tmp_path).stdout.strip() == f"Kupang Desk {VERSION}"

        db, pdf = tmp_path / "wheel.sqlite3", tmp_path / "daftar.pdf"
        _run([cli, "--db", db, "demo", "--workers", "300"], cwd=tmp_path)
        _run([cli, "--db", db, "report", "daftar", pdf, "--opd", "DLHK"], cwd=tmp_path)
        first_page = PdfReader(pdf).pages[0].extract_text()
        assert "DINAS LINGKUNGAN HIDUP DAN KEBERSIHAN" in first_page
        assert "Halaman 1 dari" in first_page

        nik = _run([cli, "check", "nik", "5371014503850001"], cwd=tmp_path)
        assert "KOTA KUPANG" in nik.stdout  # resources/wilayah came with the wheel
    finally:
        shutil.rmtree(venv, ignore_errors=True)  # 750 MB of Qt: do not leave it to pytest
