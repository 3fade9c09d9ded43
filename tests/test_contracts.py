"""The import-linter contracts bite: a shell that reaches past services/ breaks the build.

Each case copies the package, plants one shortcut import in a copy of ui/ or cli/, and runs
lint-imports on the copy with the project's own pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
SHELL_CONTRACT = "Shell (ui/, cli/) hanya lewat services/"


def _lint(tree: Path) -> subprocess.CompletedProcess:
    # PYTHONPATH puts the copy ahead of the installed package (an editable install's finder
    # comes after the path finder), so grimp reads the copy.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "pyproject.toml"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "kupang_desk",
        tmp_path / "kupang_desk",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_as_committed_keeps_every_contract(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("shell", "shortcut", "imported"),
    [
        ("ui", "from kupang_desk.store import workers", "kupang_desk.store.workers"),
        ("ui", "from kupang_desk.store.errors import StoreError", "kupang_desk.store.errors"),
        ("cli", "from kupang_desk.exchange import reading", "kupang_desk.exchange.reading"),
        ("cli", "import kupang_desk.reports.rekap", "kupang_desk.reports.rekap"),
    ],
)
def test_a_shell_importing_below_services_breaks_the_contract(
    tree: Path, shell: str, shortcut: str, imported: str
) -> None:
    (tree / "kupang_desk" / shell / "shortcut.py").write_text(shortcut + "\n", encoding="utf-8")

    result = _lint(tree)

    assert result.returncode == 1, result.stdout + result.stderr
    # Only the shell contract: the layers contract lets ui/ and cli/ import downwards.
    assert " kept, 1 broken." in result.stdout
    broken = result.stdout.split("Broken contracts", 1)[1]
    # The report names the contract and the offending line, so the fix is obvious.
    assert SHELL_CONTRACT in broken
    assert f"kupang_desk.{shell}.shortcut -> {imported} (l.1)" in broken


def test_a_shell_may_still_reach_the_store_through_services(tree: Path) -> None:
    """The contract allows the indirect path: ui -> services -> store is the design."""
    (tree / "kupang_desk" / "ui" / "shortcut.py").write_text(
        "from kupang_desk.services.errors import StoreError\n", encoding="utf-8"
    )
    assert _lint(tree).returncode == 0
