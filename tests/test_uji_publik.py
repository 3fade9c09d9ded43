"""Issue 15 §3: the uji publik notice shows colleagues who is proposed, and nothing a notice
board must not: masked NIKs only, no birth date, no wage, no family (checked on the text
pypdf extracts, every page)."""

import json
import re
from datetime import date

import pytest
from pypdf import PdfReader

from kupang_desk.cli import main
from kupang_desk.domain.formatting import ribuan, tanggal_panjang, tanggal_pendek
from kupang_desk.domain.privacy import mask_nik
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.uji_publik import print_uji_publik
from tests.helpers import ON, PERIOD, add_member, admin_context


def test_mask_keeps_the_first_six_and_the_last_two_digits():
    assert mask_nik("5371014503850001") == "537101••••••••01"
    assert mask_nik(" 5371014503850001 ") == "537101••••••••01"
    assert mask_nik("12345678") == "••••••••"  # too short to show 8 digits: nothing shown
    assert mask_nik("") == ""


def test_notice_of_the_demo_dlhk_shows_no_identity_number_date_or_amount(tmp_path, capsys):
    db, out = tmp_path / "demo.sqlite3", tmp_path / "uji.pdf"
    assert main(["--db", str(db), "demo", "--workers", "300"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "report", "uji-publik", str(out), "--opd", "DLHK", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    reader = PdfReader(out)
    assert result["pages"] == len(reader.pages)
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())

    # No identity number: the only long number is the signing head's NIP (18 digits, an
    # official's, printed on every letter he signs).
    assert re.findall(r"\d{16,}", text) == ["196805121994031007"]
    assert not re.search(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b", text)  # 05-03-1985 …
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    assert "Rp" not in text
    assert not re.search(r"\b\d{1,3}(\.\d{3})+\b", text)  # 2.532.853 (counts are < 1.000)

    ctx = admin_context(db)
    workers = ctx.store.query(
        "SELECT w.id, w.nik, w.name, w.birth_date, w.upah FROM workers w WHERE w.opd_code = 'DLHK'"
    )
    rejected = {
        r[0]
        for r in ctx.store.query(
            "SELECT worker_id FROM memberships WHERE family_member_id IS NULL "
            "AND status = 'rejected'"
        )
    }
    family = ctx.store.query(
        "SELECT f.nik, f.name, f.birth_date FROM family_members f "
        "JOIN workers w ON w.id = f.worker_id WHERE w.opd_code = 'DLHK'"
    )
    ctx.close()
    assert len(workers) == 253 and family
    shown = [w for w in workers if w[0] not in rejected]
    assert result["listed"] == len(shown) and result["left_out"] == 253 - len(shown)
    for _, nik, _name, birth, upah in workers:
        born = tanggal_panjang(date.fromisoformat(birth))
        assert born not in flat and ribuan(upah) not in flat
        assert nik not in flat
    for _, nik, name, _, _ in shown:
        assert f"{mask_nik(nik)} {name}" in flat  # each listed worker, by masked NIK
    worker_names = {w[2] for w in workers}
    family_only = [f for f in family if f[1] not in worker_names]
    assert family_only and not any(f[1] in flat for f in family_only)
    assert f"{len(shown)} pegawai diumumkan" in flat


def test_notice_lists_each_programs_status_and_leaves_out_who_is_refused(
    ctx, status_roster, tmp_path
):
    add_member(ctx, status_roster["aktif"].id, 7, "istri", "P", "active", "0001234567891")
    out = tmp_path / "uji.pdf"
    result = print_uji_publik(ctx, out, opd_code="DLHK", period=PERIOD, on=ON)
    flat = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    # 5 shown; the 3 rejected and 2 ended in both programs are not posted
    assert (result.listed, result.left_out) == (5, 5)
    for key, status in (
        ("aktif", "Aktif Aktif"),
        ("diusulkan", "Diusulkan Diusulkan"),
        ("terverifikasi", "Terverifikasi Terverifikasi"),
        ("diajukan", "Diajukan Diajukan"),
        ("dihapus", "Belum didaftarkan Belum didaftarkan"),
    ):
        worker = status_roster[key]
        assert f"{mask_nik(worker.nik)} {worker.name} Staf {status}" in flat
    assert mask_nik(status_roster["ditolak0"].nik) not in flat
    assert "KELUARGA 7" not in flat  # the wife is not on a notice
    assert "5 pegawai yang kepesertaannya ditolak atau tidak aktif" in flat
    assert tanggal_pendek(status_roster["aktif"].birth_date) not in flat
    assert "Kupang, 25 November 2026" in flat  # the date of posting is the only date


def test_operator_posts_their_own_opd_only(ctx, status_roster, tmp_path):
    own = AppContext(ctx.store, user="op", role="operator", opd_code="DLHK")
    assert print_uji_publik(own, tmp_path / "a.pdf", period=PERIOD, on=ON).listed == 5
    other = AppContext(ctx.store, user="op2", role="operator", opd_code="DINKES")
    with pytest.raises(AccessDenied):
        print_uji_publik(other, tmp_path / "b.pdf", opd_code="DLHK", period=PERIOD, on=ON)
