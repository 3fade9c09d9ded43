"""The database file (issue 11, items 8-12): which paths are refused and how, the writer's
lock keyed to the file's identity, network shares, newer schemas, reading beside the app."""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path, PureWindowsPath

import pytest

from kupang_desk.cli import main
from kupang_desk.store import location
from kupang_desk.store.db import NetworkShare, open_store
from kupang_desk.store.errors import CannotOpen, DatabaseInUse, DatabaseTooNew, ReadOnlyDatabase
from kupang_desk.store.migrations import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- item 8: --db at a folder, an empty file, a typo ----------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["export", "csv", "OUT"],
        ["check"],
        ["report", "rekap", "OUT"],
        ["import", "ROSTER"],
        ["bundle", "merge", "ROSTER"],
        ["backup", "OUTDIR"],
    ],
)
@pytest.mark.parametrize("kind", ["missing", "typo-folder", "directory", "empty"])
def test_jobs_never_create_a_database_and_say_why(tmp_path, capsys, command, kind):
    roster = tmp_path / "roster.csv"
    roster.write_text("nik,nama\n", encoding="utf-8")
    target = {
        "missing": tmp_path / "kantr.sqlite3",
        "typo-folder": tmp_path / "dat" / "kantor.sqlite3",
        "directory": tmp_path,
        "empty": tmp_path / "kosong.sqlite3",
    }[kind]
    if kind == "empty":
        target.write_bytes(b"")
    before = files_under(tmp_path)
    args = [
        {"OUT": str(tmp_path / "out.x"), "ROSTER": str(roster), "OUTDIR": str(tmp_path / "c")}.get(
            a, a
        )
        for a in command
    ]
    code = main(["--db", str(target), *args])
    captured = capsys.readouterr()
    assert code in (1, 2), captured
    said = captured.err + captured.out
    assert "Traceback" not in said
    expected = {
        "missing": "tidak ada",
        "typo-folder": "tidak ada",
        "directory": "adalah folder",
        "empty": "kosong",
    }[kind]
    assert expected in said
    assert files_under(tmp_path) == before  # no folder, no database, no lock file
    if kind == "empty":
        assert target.read_bytes() == b""


def test_demo_and_restore_may_create_the_database(tmp_path, capsys):
    db = tmp_path / "baru" / "kantor.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "20"]) == 0
    assert db.stat().st_size > 0
    assert main(["--db", str(db), "backup", str(tmp_path / "usb")]) == 0
    backup = Path(capsys.readouterr().out.strip())
    assert main(["--db", str(db), "recovery-key", "--json"]) == 0
    key = json.loads(capsys.readouterr().out)["recovery_key"]
    new_pc = tmp_path / "pc-baru" / "kantor.sqlite3"
    assert main(["--db", str(new_pc), "restore", str(backup)]) == 2  # a new PC needs the key
    assert not new_pc.exists()
    assert main(["--db", str(new_pc), "restore", str(backup), "--recovery-key", key]) == 0
    assert main(["--db", str(new_pc), "export", "csv", str(tmp_path / "x.csv")]) == 0
    assert "20 baris" in capsys.readouterr().err


def test_open_store_refuses_to_create_when_told(tmp_path):
    with pytest.raises(CannotOpen, match="tidak ada"):
        open_store(tmp_path / "a" / "b.sqlite3", create=False)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(CannotOpen, match="adalah folder"):
        open_store(tmp_path)  # even the GUI's first start does not open a folder
    (tmp_path / "berkas").write_text("x")
    with pytest.raises(CannotOpen, match="bukan folder"):
        open_store(tmp_path / "berkas" / "kantor.sqlite3")


# --- item 3 (CLI): an unexpected exception is words and exit 2 -------------------------


def test_cli_bug_is_an_indonesian_message_and_exit_2(tmp_path, capsys, monkeypatch):
    from kupang_desk import applog
    from kupang_desk.cli import exporting

    monkeypatch.setattr(applog, "log_dir", lambda: tmp_path / "log")
    db = tmp_path / "kantor.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "5"]) == 0

    def broken(args):
        raise KeyError("5371014503850001 MARIA NDUN")

    monkeypatch.setattr(exporting, "run_export", broken)
    parser_run = exporting.register  # the parser keeps the function it was given

    def register(commands):
        parser_run(commands)
        commands.choices["export"].set_defaults(run=broken)

    monkeypatch.setattr(exporting, "register", register)
    capsys.readouterr()
    assert main(["--db", str(db), "export", "csv", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "kesalahan program (KeyError)" in err
    assert str(tmp_path / "log") in err
    logged = (tmp_path / "log" / applog.LOG_FILE).read_text(encoding="utf-8")
    assert "KeyError" in logged and "Traceback" in logged
    assert "5371014503850001" not in logged and "MARIA" not in logged


def test_cli_malformed_bundle_is_not_a_traceback(tmp_path):
    db = tmp_path / "kantor.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "5"]) == 0
    bad = tmp_path / "kiriman.kdb"
    for content in (b"", b"PK\x03\x04rusak", b'{"format": 1}', os.urandom(4096)):
        bad.write_bytes(content)
        run = subprocess.run(
            [sys.executable, "-m", "kupang_desk", "--db", str(db), "bundle", "merge", str(bad)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")},
        )
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr and run.stderr.strip()


# --- item 9: network shares --------------------------------------------------------------

MOUNTS = textwrap.dedent(
    """\
    /dev/sda1 / ext4 rw,relatime 0 0
    //fileserver/data /mnt/kantor cifs rw,vers=3.0 0 0
    nas:/export /srv/nas nfs4 rw 0 0
    /dev/sdb1 /mnt/kantor/lokal ext4 rw 0 0
    /dev/sdc1 /media/USB\\040DISK vfat rw 0 0
    """
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/mnt/kantor/kupang.sqlite3", "cifs"),
        ("/mnt/kantor/sub/baru/kupang.sqlite3", "cifs"),
        ("/srv/nas/kupang.sqlite3", "nfs4"),
        ("/mnt/kantor/lokal/kupang.sqlite3", None),  # a local disk mounted inside the share
        ("/mnt/kantorlain/kupang.sqlite3", None),
        ("/media/USB DISK/kupang.sqlite3", None),
        ("/home/clerk/kupang.sqlite3", None),
    ],
)
def test_network_mounts_are_recognised(path, expected):
    found = location.network_share(Path(path), mounts=MOUNTS, windows=False)
    assert (found is None) if expected is None else (expected in found)


def test_windows_unc_and_mapped_drives_are_recognised():
    def drive_type(root):
        return {"Z:\\": location.DRIVE_REMOTE, "C:\\": 3}[root]

    def check(path):
        return location.network_share(PureWindowsPath(path), drive_type=drive_type, windows=True)

    assert "\\\\server\\data" in check(r"\\server\data\kupang.sqlite3")
    assert check(r"Z:\kupang.sqlite3") == "drive jaringan Z:"
    assert check(r"C:\Users\clerk\kupang.sqlite3") is None


def test_database_on_a_share_is_refused_for_writing_but_read(tmp_path, monkeypatch, capsys):
    db = tmp_path / "kantor.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "5"]) == 0
    mounts = f"/dev/sda1 / ext4 rw 0 0\n//server/share {tmp_path} cifs rw 0 0\n"
    monkeypatch.setattr(location, "_read_proc_mounts", lambda: mounts)
    before = db.read_bytes()
    with pytest.raises(NetworkShare, match="jaringan") as refused:
        open_store(db)
    assert "disk komputer ini" in str(refused.value) and "kiriman" in str(refused.value)
    with pytest.raises(NetworkShare):
        open_store(tmp_path / "baru.sqlite3")
    assert not (tmp_path / "baru.sqlite3").exists()
    assert db.read_bytes() == before
    capsys.readouterr()
    assert main(["--db", str(db), "export", "csv", str(tmp_path / "x.csv")]) == 0
    assert main(["--db", str(db), "import", str(tmp_path / "x.csv")]) == 2
    assert "SQLite tidak dapat mengunci" in capsys.readouterr().err


# --- item 10: the lock follows the file, not the name ------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from kupang_desk.store.db import open_store
    store = open_store(sys.argv[1])
    print("siap", flush=True)
    sys.stdin.read()
    """
)


def test_a_hard_link_and_the_original_cannot_both_be_written(tmp_path):
    db = tmp_path / "kantor.sqlite3"
    open_store(db).close()
    other_folder = tmp_path / "lain"
    other_folder.mkdir()
    links = [tmp_path / "tautan.sqlite3", other_folder / "KANTOR.sqlite3"]
    for link in links:
        os.link(db, link)
    symlink = tmp_path / "pintasan.sqlite3"
    symlink.symlink_to(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(links[1])],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "siap"
        for name in (db, links[0], symlink):
            with pytest.raises(DatabaseInUse, match="sedang dibuka oleh Kupang Desk lain"):
                open_store(name)
        # reading beside the writer is fine, through any name
        reader = open_store(links[0], read_only=True)
        assert reader.query("SELECT count(*) FROM opd")[0][0] == 0
        reader.close()
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    open_store(links[0]).close()  # free again


def test_one_process_shares_the_lock_between_names(tmp_path):
    db = tmp_path / "kantor.sqlite3"
    link = tmp_path / "tautan.sqlite3"
    first = open_store(db)
    os.link(db, link)
    second = open_store(link)  # the same process: shared, as for two opens of one name
    second.close()
    first.conn.execute("BEGIN IMMEDIATE")
    first.conn.execute("CREATE TABLE t (x)")
    first.conn.execute("COMMIT")
    first.close()


# --- item 11: a newer schema leaves the file byte for byte ------------------------------


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_newer_schema_is_refused_without_changing_a_byte(tmp_path, journal):
    db = tmp_path / "dari-versi-baru.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE workers (id INTEGER PRIMARY KEY)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for read_only in (False, True):
        with pytest.raises(DatabaseTooNew, match="lebih baru"):
            open_store(db, read_only=read_only)
        assert db.read_bytes() == before
    assert main(["--db", str(db), "report", "rekap", str(tmp_path / "r.pdf")]) == 2
    assert main(["--db", str(db), "import", str(tmp_path / "r.pdf")]) == 2
    assert db.read_bytes() == before


# --- item 12: reading jobs beside the open app -------------------------------------------


def test_reading_jobs_run_while_another_process_writes(tmp_path, capsys):
    db = tmp_path / "kantor.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "30"]) == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "siap"
        before = db.read_bytes()
        capsys.readouterr()
        assert main(["--db", str(db), "report", "rekap", str(tmp_path / "rekap.pdf")]) == 0
        assert main(["--db", str(db), "report", "daftar", str(tmp_path / "d.pdf")]) == 0
        assert main(["--db", str(db), "export", "csv", str(tmp_path / "x.csv")]) == 0
        assert main(["--db", str(db), "export", "kesehatan", str(tmp_path / "k.xlsx")]) == 0
        assert main(["--db", str(db), "check"]) in (0, 1)
        assert main(["--db", str(db), "backup", str(tmp_path / "usb")]) == 0
        err = capsys.readouterr().err
        assert "sedang dibuka" not in err
        assert (tmp_path / "rekap.pdf").stat().st_size > 0
        assert db.read_bytes() == before  # nothing written by the readers
        # a job that writes is still refused
        assert main(["--db", str(db), "import", str(tmp_path / "x.csv")]) == 2
        assert "sedang dibuka oleh Kupang Desk lain" in capsys.readouterr().err
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_a_read_only_store_cannot_write(tmp_path):
    db = tmp_path / "kantor.sqlite3"
    open_store(db).close()
    reader = open_store(db, read_only=True)
    try:
        with pytest.raises(ReadOnlyDatabase), reader.transaction() as tx:
            tx.execute("INSERT INTO opd (code, name) VALUES ('X', 'X')")
    finally:
        reader.close()
