"""Issue 12 item 3: the JKK risk class is the OPD's (its employer registration), with
exceptions per jabatan or per membership shown as "khusus"; one rule decides it."""

import sqlite3
import uuid
from datetime import date

import pytest
import sqlite_utils

from kupang_desk.domain.entities import Membership, Program
from kupang_desk.domain.settings import JkkDefault, jkk_class_for
from kupang_desk.services import family as family_service
from kupang_desk.services import opd as opd_service
from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.reports import Period, print_daftar
from kupang_desk.store.migrations import MIGRATIONS, _jkk_class_follows_the_opd
from tests.helpers import admin_context, pdf_lines

SWEEPER = "Tenaga Kebersihan / Penyapu Jalan"


def test_the_membership_then_the_jabatan_then_the_opd_decide():
    rules = {("DLHK", "SOPIR TRUK SAMPAH"): 2}
    assert jkk_class_for(3, rules, "DLHK", SWEEPER).label == "III"
    assert jkk_class_for(3, rules, "DLHK", "Sopir  truk sampah").label == "II (khusus)"
    assert jkk_class_for(3, rules, "DLHK", "Sopir Truk Sampah", 5).label == "V (khusus)"
    assert jkk_class_for(3, rules, "DLHK", SWEEPER, 1).source == "kepesertaan"
    assert jkk_class_for(1, rules, "DINKES", "Sopir Truk Sampah").label == "I"  # other OPD


def test_a_new_membership_follows_the_opd_like_its_colleagues(ctx, worker, tmp_path):
    opd_service.edit_opd(ctx, "DLHK", jkk_class=3)
    saved = worker_service.save_worker(ctx, worker).worker  # upah 2.900.000
    result = family_service.save_membership(ctx, Membership(Program.KETENAGAKERJAAN, saved.id))
    assert result.saved and result.membership.jkk_risk_class is None
    assert rate_service.jkk_class(ctx, "DLHK", SWEEPER).label == "III"
    out = tmp_path / "tk.pdf"
    print_daftar(ctx, out, opd_code="DLHK", program="ketenagakerjaan", period=Period(2026, 11))
    text = "\n".join(pdf_lines(out)[1][0])
    # the OPD's class, unmarked; 2.900.000 x 0,89 % = 25.810 + JKM 0,30 % 8.700 = 34.510
    assert "JKK-III, JKM Diusulkan 34.510 0 34.510" in text


def test_an_override_on_the_membership_is_printed_as_khusus(ctx, worker, tmp_path):
    saved = worker_service.save_worker(ctx, worker).worker
    family_service.save_membership(
        ctx, Membership(Program.KETENAGAKERJAAN, saved.id, jkk_risk_class=2)
    )
    out = tmp_path / "tk.pdf"
    print_daftar(ctx, out, opd_code="DLHK", program="ketenagakerjaan", period=Period(2026, 11))
    text = "\n".join(pdf_lines(out)[1][0])
    # 2.900.000 x 0,54 % = 15.660 + JKM 8.700 = 24.360 (the OPD's class would be I)
    assert "JKK-II (khusus), JKM Diusulkan 24.360 0 24.360" in text


def test_a_kesehatan_membership_keeps_no_jkk_class(ctx, worker):
    saved = worker_service.save_worker(ctx, worker).worker
    result = family_service.save_membership(
        ctx, Membership(Program.KESEHATAN, saved.id, jkk_risk_class=3)
    )
    assert result.membership.jkk_risk_class is None


def test_a_jabatan_rule_needs_a_jabatan(ctx):
    with pytest.raises(rate_service.RateError, match="isi jabatannya"):
        rate_service.save_jkk_defaults(ctx, [JkkDefault("DLHK", " ", 3)])


def old_database(path) -> None:
    """Before: a whole-OPD row in jkk_defaults, the OPD's own class unread, a class stored on
    every membership (1 by default)."""
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    index = MIGRATIONS.index(_jkk_class_follows_the_opd)
    for migration in MIGRATIONS[:index]:
        migration(db)
    conn.execute(f"PRAGMA user_version = {index}")
    db["opd"].insert_all(
        [
            {"code": "DLHK", "name": "Dinas Lingkungan Hidup", "jkk_class": 1},
            {"code": "DINKES", "name": "Dinas Kesehatan", "jkk_class": 2},
        ]
    )
    db["jkk_defaults"].insert_all(
        [
            {"opd_code": "DLHK", "jabatan": "", "risk_class": 3},
            {"opd_code": "DLHK", "jabatan": "SOPIR TRUK SAMPAH", "risk_class": 2},
        ]
    )
    # (membership id, OPD, jabatan, program, stored class)
    rows = [
        (1, "DLHK", SWEEPER, "ketenagakerjaan", 3),  # = the OPD's: will follow it
        (2, "DLHK", SWEEPER, "ketenagakerjaan", 1),  # an exception: kept
        (3, "DLHK", "Sopir Truk Sampah", "ketenagakerjaan", 2),  # = the jabatan rule: follows
        (4, "DLHK", "Sopir Truk Sampah", "ketenagakerjaan", 3),  # differs from the rule: kept
        (5, "DINKES", "Tenaga Administrasi", "ketenagakerjaan", None),  # printed I, OPD says II
        (6, "DINKES", "Tenaga Administrasi", "ketenagakerjaan", 2),  # = DINKES' class: follows
        (7, "DLHK", SWEEPER, "kesehatan", 1),  # no use for a class
    ]
    for membership_id, opd, jabatan, program, risk in rows:
        db["workers"].insert(
            {
                "id": membership_id,
                "uuid": str(uuid.uuid4()),
                "nik": f"53710110056700{membership_id:02d}",
                "name": f"PEGAWAI {membership_id}",
                "sex": "L",
                "opd_code": opd,
                "jabatan": jabatan,
                "status": "aktif",
                "upah": 3_000_000,
                "row_version": 1,
            }
        )
        db["memberships"].insert(
            {
                "id": membership_id,
                "worker_id": membership_id,
                "program": program,
                "tk_programs": "JKK,JKM" if program == "ketenagakerjaan" else "",
                "jkk_risk_class": risk,
                "status": "draft",
                "row_version": 1,
            }
        )
    conn.commit()
    conn.close()


def test_migration_lets_memberships_follow_the_opd_without_changing_any_amount(tmp_path):
    path = tmp_path / "lama.sqlite3"
    old_database(path)
    # the class each list printed before: the membership's, else the jabatan's, else the
    # whole-OPD row, else I
    printed = {1: 3, 2: 1, 3: 2, 4: 3, 5: 1, 6: 2}
    ctx = admin_context(path)
    assert opd_service.get_opd(ctx, "DLHK").jkk_class == 3  # from the whole-OPD row
    assert rate_service.list_jkk_defaults(ctx) == [JkkDefault("DLHK", "SOPIR TRUK SAMPAH", 2)]
    stored = dict(ctx.store.query("SELECT id, jkk_risk_class FROM memberships"))
    assert stored == {1: None, 2: 1, 3: None, 4: 3, 5: 1, 6: None, 7: None}
    for membership_id, was in printed.items():
        opd, jabatan = ctx.store.query(
            "SELECT opd_code, jabatan FROM workers WHERE id = ?", (membership_id,)
        )[0]
        now = rate_service.jkk_class(ctx, opd, jabatan, stored[membership_id])
        assert now.risk == was, membership_id
    ctx.close()


def test_the_demo_sets_the_opd_class_and_keeps_the_classes_it_meant(tmp_path):
    from kupang_desk.services.demo import JABATAN, fill_demo

    ctx = admin_context(tmp_path / "demo.sqlite3", create=True, user="admin")
    fill_demo(ctx, 300, today=date(2026, 11, 24))
    # what the demo wrote on each membership before: class by jabatan, I otherwise
    meant = {
        "Tenaga Kebersihan / Penyapu Jalan": 3,
        "Pengangkut Sampah": 3,
        "Sopir Truk Sampah": 2,
        "Tenaga Teknis Lapangan": 2,
        "Tim Reaksi Cepat": 2,
        "Anggota Satpol PP Non-ASN": 2,
        "Petugas Lalu Lintas": 2,
    }
    assert opd_service.get_opd(ctx, "DLHK").jkk_class == 3
    assert opd_service.get_opd(ctx, "DINKES").jkk_class == 1
    for opd_code, jobs in JABATAN.items():
        for jabatan, _, _ in jobs:
            assert rate_service.jkk_class(ctx, opd_code, jabatan).risk == meant.get(jabatan, 1)
    assert ctx.store.query("SELECT count(jkk_risk_class) FROM memberships")[0][0] == 0
    ctx.close()


def test_the_kepesertaan_tab_offers_following_the_opd_or_an_exception(qtbot, ctx, worker):
    from kupang_desk.ui.family_tab import MembershipTab

    opd_service.edit_opd(ctx, "DLHK", jkk_class=3)
    saved = worker_service.save_worker(ctx, worker).worker
    tab = MembershipTab(ctx)
    qtbot.addWidget(tab)
    tab.set_worker(saved)
    tab.program.setCurrentIndex(tab.program.findData(str(Program.KETENAGAKERJAAN)))
    assert tab.risk_class.currentText() == "Ikuti OPD: III"
    assert tab.save()
    [followed] = family_service.list_memberships(ctx, saved.id)
    assert followed.jkk_risk_class is None
    assert tab.table.item(0, 3).text() == "JKK, JKM · risiko JKK III"
    tab.select_membership(followed.id)
    tab.risk_class.setCurrentIndex(tab.risk_class.findData(2))
    assert tab.save()
    assert family_service.list_memberships(ctx, saved.id)[0].jkk_risk_class == 2
    assert tab.table.item(0, 3).text() == "JKK, JKM · risiko JKK II (khusus)"


def test_the_rates_dialog_refuses_a_rule_without_jabatan(qtbot, ctx):
    from kupang_desk.ui.rates_dialog import RatesDialog

    settings_service.set_values(ctx, {"pemda.place": "Kupang"})
    dialog = RatesDialog(ctx, ["DLHK"])
    qtbot.addWidget(dialog)
    dialog._add_jkk_row(JkkDefault("DLHK", "", 3))
    dialog.save()
    assert "Baris 1: isi jabatannya" in dialog.messages.text()
    assert "data OPD" in dialog.messages.text()
