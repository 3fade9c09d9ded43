"""`report daftar` / `report rekap` from the command line, and the rates migration."""

import json
import sqlite3

from pypdf import PdfReader

from kupang_desk.cli import main
from kupang_desk.domain.iuran import SEED_RATES
from kupang_desk.store.db import open_store
from kupang_desk.store.migrations import MIGRATIONS
from kupang_desk.store.rates import list_rates


def test_daftar_with_every_option(tmp_path, capsys):
    db, pdf = tmp_path / "demo.sqlite3", tmp_path / "tk.pdf"
    assert main(["--db", str(db), "demo", "--workers", "300"]) == 0
    capsys.readouterr()
    args = ["--db", str(db), "report", "daftar", str(pdf), "--opd", "DLHK"]
    args += ["--program", "ketenagakerjaan", "--period", "2026-02", "--paper", "a4", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    # the demo's DLHK has 253 workers; those whose registration BPJS rejected are left out
    left_out = data["left_out"]["DLHK"]
    assert left_out["rejected"] > 0 and left_out["employment_types"] == {}
    assert data["workers"] + left_out["rejected"] + left_out["inactive"] == 253
    reader = PdfReader(pdf)
    assert data["pages"] == len(reader.pages)
    assert round(float(reader.pages[0].mediabox.width)) == 842  # A4 landscape
    text = reader.pages[0].extract_text()
    assert "DAFTAR PESERTA BPJS KETENAGAKERJAAN PEGAWAI TIDAK TETAP" in text
    assert "Periode Februari 2026" in text
    last = reader.pages[-1].extract_text()
    total = data["iuran"]["DLHK"]["total"]
    assert f"Rp {total:,}".replace(",", ".") in last


def test_daftar_of_all_opds_and_the_rekap_agree(tmp_path, capsys):
    db = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "300"]) == 0
    capsys.readouterr()
    all_pdf, rekap_pdf = tmp_path / "semua.pdf", tmp_path / "rekap.pdf"
    assert main(["--db", str(db), "report", "daftar", str(all_pdf), "--all", "--json"]) == 0
    daftar = json.loads(capsys.readouterr().out)
    assert main(["--db", str(db), "report", "rekap", str(rekap_pdf), "--json"]) == 0
    rekap = json.loads(capsys.readouterr().out)
    assert rekap["workers"] == 300  # every worker employed, listed or not
    kes = rekap["kesehatan"]
    listed = kes["active"] + kes["proposed"] + kes["unregistered"]
    assert daftar["workers"] + daftar["family"] == listed < 300 + daftar["family"]
    assert rekap["total"] == kes["total"] + rekap["ketenagakerjaan"]["total"]
    assert rekap["opd"] == 8
    assert sum(v["employer"] for v in daftar["iuran"].values()) == rekap["kesehatan"]["employer"]
    assert "REKAPITULASI" in PdfReader(rekap_pdf).pages[0].extract_text()


def test_daftar_refuses_what_it_cannot_do_with_exit_2(tmp_path, capsys):
    db = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "260"]) == 0
    out = str(tmp_path / "x.pdf")
    assert main(["--db", str(db), "report", "daftar", out, "--period", "2026-13"]) == 2
    assert "TTTT-BB" in capsys.readouterr().err
    assert main(["--db", str(db), "report", "daftar", out, "--opd", "NOPE"]) == 2
    assert "NOPE tidak ada" in capsys.readouterr().err


def test_rates_migration_seeds_the_regulation_values_and_upgrades_a_v1_file(tmp_path):
    path = tmp_path / "v1.sqlite3"
    conn = sqlite3.connect(path)
    import sqlite_utils

    MIGRATIONS[0](sqlite_utils.Database(conn))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    store = open_store(path)
    assert list_rates(store) == list(SEED_RATES)
    indexes = {r[1] for r in store.query("PRAGMA index_list(memberships)")}
    assert any("family_member_id" in name for name in indexes)
    store.close()
