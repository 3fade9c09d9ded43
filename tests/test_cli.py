import json
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from kupang_desk.cli import main
from kupang_desk.store.db import open_store
from tests.helpers import project_version

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kupang_desk", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_version_is_the_one_written_in_pyproject():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Kupang Desk {project_version()}"


def test_check_nik_json_reports_a_valid_nik():
    result = run_cli("check", "nik", "5371014503850001", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["valid"] is True
    assert data["birth_date"] == "1985-03-05"
    assert data["sex"] == "P"
    assert data["regency"] == "KOTA KUPANG"
    assert data["errors"] == []


def test_check_nik_reports_invalid_ones_with_exit_1(capsys):
    assert main(["check", "nik", "537101450385000", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    assert "16 angka" in data["errors"][0]

    assert main(["check", "nik", "5371017102850001"]) == 1  # 31 February 1985
    out = capsys.readouterr().out
    assert "TIDAK SAH" in out
    assert "bukan tanggal lahir yang ada" in out


def test_demo_then_daftar_lists_every_dlhk_worker_but_the_rejected(tmp_path):
    db = tmp_path / "demo.sqlite3"
    pdf = tmp_path / "daftar.pdf"
    assert main(["--db", str(db), "demo"]) == 0
    assert main(["--db", str(db), "report", "daftar", str(pdf), "--opd", "DLHK"]) == 0

    store = open_store(db)
    rows = store.query(
        """SELECT w.name, m.status FROM workers w JOIN memberships m ON m.worker_id = w.id
           AND m.family_member_id IS NULL AND m.program = 'kesehatan'
           WHERE w.opd_code = 'DLHK'"""
    )
    total = store.query("SELECT count(*) FROM workers")[0][0]
    store.close()
    assert len(rows) == 253
    assert total == 600
    rejected = [name for name, status in rows if status == "rejected"]
    assert rejected  # the demo has some, left out of the list and counted

    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "DINAS LINGKUNGAN HIDUP DAN KEBERSIHAN" in text
    assert f"Halaman 1 dari {len(reader.pages)}" in text
    missing = [name for name, status in rows if status != "rejected" and name not in text]
    assert missing == []
    assert not [name for name in rejected if f" {name} " in text]
    assert "peserta ditolak" in " ".join(text.split())


def test_demo_refuses_a_database_that_has_data(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "300"]) == 0
    assert main(["--db", str(db), "demo"]) == 2


def test_demo_niks_pass_the_nik_rule(tmp_path):
    from kupang_desk.domain.nik import check_nik

    db = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "400"]) == 0
    store = open_store(db)
    rows = store.query("SELECT nik, birth_date, sex FROM workers")
    store.close()
    from datetime import date

    bad = [
        r[0]
        for r in rows
        if not check_nik(r[0], birth_date=date.fromisoformat(r[1]), sex=r[2]).valid
    ]
    assert bad == []
