"""The "Pusat" menu driven like a clerk would: send, merge with conflicts, reconcile."""

import json
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from kupang_desk.services import bundles
from kupang_desk.ui.centre_menu import CentreMenu
from kupang_desk.ui.main_window import MainWindow
from kupang_desk.ui.reconcile_dialog import ReconcileDialog
from tests.helpers import (
    SHARED_NIK,
    add_worker,
    bpjs_list_xlsx,
    bpjs_rows,
    by_nik,
    dlhk_niks,
    edit,
    shot,
)


def window_for(qtbot, ctx, monkeypatch, **replacements) -> MainWindow:
    warnings: list[str] = []
    monkeypatch.setattr(CentreMenu, "warn", staticmethod(lambda parent, msg: warnings.append(msg)))
    for name, value in replacements.items():
        monkeypatch.setattr(CentreMenu, name, staticmethod(value))
    window = MainWindow(ctx)
    window.warnings = warnings
    qtbot.addWidget(window)
    return window


def test_kirim_ke_pusat_saves_the_selected_opds_bundle(qtbot, offices, tmp_path, monkeypatch):
    opd, centre = offices
    out = tmp_path / "usb" / "kiriman.zip"
    out.parent.mkdir()
    asked = []
    window = window_for(
        qtbot, opd, monkeypatch, ask_save_bundle=lambda parent, name: asked.append(name) or out
    )
    window.centre_menu.send_to_centre()
    assert window.warnings == ["Pilih OPD yang akan dikirim pada daftar OPD dahulu."]
    window.opd_filter.setCurrentIndex(window.opd_filter.findData("DLHK"))
    window.centre_menu.send_action.trigger()
    assert asked[0].startswith("kiriman-dlhk-") and asked[0].endswith(".zip")
    assert bundles.merge_bundle(centre, out).outcome.added > 253
    assert "Kiriman DLHK (253 pegawai)" in window.statusBar().currentMessage()


def diverge(opd, centre, tmp_path):
    first = tmp_path / "kiriman-1.zip"
    bundles.export_bundle(opd, first, opd_code="DLHK")
    bundles.merge_bundle(centre, first)
    nik = dlhk_niks(opd)[4]
    edit(opd, nik, upah=3_100_000, jabatan="Sopir")
    edit(centre, nik, upah=3_300_000, jabatan="Mandor")
    born = date(1985, 3, 5)
    add_worker(
        centre, nik=SHARED_NIK, name="Maria Ndun", birth_date=born, sex="P", opd_code="DINKES"
    )
    add_worker(opd, nik=SHARED_NIK, name="Orang Lain", birth_date=born, sex="P", opd_code="DLHK")
    second = tmp_path / "kiriman-2.zip"
    bundles.export_bundle(opd, second, opd_code="DLHK")
    return nik, second


def test_merge_screen_shows_conflicts_side_by_side_and_records_the_choice(
    qtbot, offices, tmp_path, monkeypatch
):
    opd, centre = offices
    nik, second = diverge(opd, centre, tmp_path)
    window = window_for(qtbot, centre, monkeypatch, ask_open_bundle=lambda parent: second)
    with qtbot.waitSignal(window.centre_menu.merge_ended, timeout=20_000):
        window.centre_menu.merge_action.trigger()  # merged in the background
    dialog = window.centre_menu.dialog
    qtbot.addWidget(dialog)
    assert "2 konflik tidak digabungkan" in dialog.summary.text()
    assert dialog.conflict_list.count() == 2
    texts = [dialog.conflict_list.item(i).text() for i in range(2)]
    row = next(i for i, t in enumerate(texts) if "diubah di OPD dan di pusat" in t)
    dialog.conflict_list.setCurrentRow(row)
    table = dialog.fields
    shown = {
        table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
        for r in range(table.rowCount())
    }
    assert shown == {"Jabatan": ("Mandor", "Sopir"), "Upah": ("Rp 3.300.000", "Rp 3.100.000")}
    shot(dialog, "merge")

    dialog.all_opd.click()  # whole record from the OPD, then keep the centre's jabatan
    for r in range(table.rowCount()):
        if table.item(r, 0).text() == "Jabatan":
            pick = table.cellWidget(r, 3)
            assert isinstance(pick, QComboBox)
            pick.setCurrentIndex(pick.findData("pusat"))
    qtbot.mouseClick(dialog.save_decision, Qt.MouseButton.LeftButton)
    assert dialog.feedback.text() == "Keputusan disimpan dan dicatat di riwayat."
    assert dialog.conflict_list.item(row).text().startswith("✓ ")
    assert not dialog.save_decision.isEnabled()
    worker = by_nik(centre, nik)
    assert (worker.upah, worker.jabatan) == (3_100_000, "Mandor")
    last = centre.store.query("SELECT action, after_json FROM audit_log ORDER BY id DESC")[0]
    assert last["action"] == "merge_resolve"
    assert json.loads(last["after_json"])["pilihan"] == {"jabatan": "pusat", "upah": "opd"}

    other = 1 - row
    dialog.conflict_list.setCurrentRow(other)
    assert dialog.save_decision.text() == "Tolak Data OPD"
    assert not dialog.all_opd.isEnabled()
    assert "MARIA NDUN" in dialog.message.text()
    qtbot.mouseClick(dialog.save_decision, Qt.MouseButton.LeftButton)
    assert centre.store.query("SELECT action FROM audit_log ORDER BY id DESC")[0][0] == (
        "merge_decline"
    )


def test_a_damaged_bundle_is_refused_with_a_message(qtbot, offices, tmp_path, monkeypatch):
    opd, centre = offices
    out = tmp_path / "kiriman.zip"
    bundles.export_bundle(opd, out, opd_code="DLHK")
    raw = bytearray(out.read_bytes())
    raw[100] ^= 0xFF
    out.write_bytes(bytes(raw))
    window = window_for(qtbot, centre, monkeypatch, ask_open_bundle=lambda parent: out)
    with qtbot.waitSignal(window.centre_menu.merge_ended, timeout=20_000):
        window.centre_menu.merge_action.trigger()
    assert window.centre_menu.dialog is None
    assert "rusak atau telah diubah" in window.warnings[0]
    assert window.model.rowCount() == 0


def test_reconcile_screen_shows_each_group_and_saves_the_pdf(
    qtbot, ctx, roster, tmp_path, monkeypatch
):
    path = bpjs_list_xlsx(tmp_path / "bpjs.xlsx", bpjs_rows(roster))
    window = window_for(qtbot, ctx, monkeypatch, ask_open_bpjs_list=lambda parent: path)
    window.centre_menu.reconcile_action.trigger()
    dialog = window.centre_menu.dialog
    assert isinstance(dialog, ReconcileDialog)
    qtbot.addWidget(dialog)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == [
        "Cocok (3)",
        "Cocok dengan perbedaan (3)",
        "Pemegang tidak dikenal (2)",
        "Tidak ada di daftar BPJS (1)",
    ]
    different = dialog.different
    cells = [[different.item(r, c).text() for c in range(7)] for r in range(different.rowCount())]
    assert [
        "6",
        "PETRUS MANAFE",
        roster["typo"].nik,
        "Nama",
        "PETRUS MANAFEE",
        "PETRUS MANAFE",
        "beda satu huruf",
    ] in cells
    assert dialog.unknown.item(0, 3).text() == "SIMON PETRUS LAKA"
    dialog.tabs.setCurrentIndex(1)
    dialog.resize(1100, 420)
    shot(dialog, "reconcile")

    pdf = tmp_path / "rekonsiliasi.pdf"
    monkeypatch.setattr(ReconcileDialog, "ask_pdf_path", staticmethod(lambda parent, name: pdf))
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert dialog.feedback.text() == f"Laporan disimpan ke {pdf}"


def test_admin_accepts_a_typo_match_explicitly_but_not_a_departed_worker(
    qtbot, ctx, roster, tmp_path, monkeypatch
):
    path = bpjs_list_xlsx(tmp_path / "bpjs.xlsx", bpjs_rows(roster))
    window = window_for(qtbot, ctx, monkeypatch, ask_open_bpjs_list=lambda parent: path)
    dialog = window.centre_menu.reconcile()
    qtbot.addWidget(dialog)
    table = dialog.different
    lines = {table.item(r, 1).text(): r for r in range(table.rowCount())}

    table.selectRow(lines["MARKUS TEFA"])
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert "Baris 10 tidak dapat diterima: Status: pegawai nonaktif" in dialog.feedback.text()

    table.selectRow(lines["PETRUS MANAFE"])
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert dialog.feedback.text().startswith("Baris 6: nomor kartu 0001234567892 disimpan")
    assert table.item(lines["PETRUS MANAFE"], 0).text() == "✓ 6"
    stored = ctx.store.query(
        "SELECT m.card_number, m.status FROM memberships m JOIN workers w ON w.id = m.worker_id "
        "WHERE w.name = 'PETRUS MANAFE'"
    )
    assert [tuple(r) for r in stored] == [("0001234567892", "active")]
    last = ctx.store.query("SELECT action, after_json FROM audit_log ORDER BY id DESC")[0]
    assert last["action"] == "reconcile"
    assert "diterima admin: Nama BPJS 'PETRUS MANAFEE' / kami 'PETRUS MANAFE'" in last["after_json"]
