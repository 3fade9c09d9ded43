"""Issue 13 item 1: the centre enrolls an OPD office with one file; the office installs
itself with `setup --from`, and its first bundle merges at the centre."""

import json
from dataclasses import replace
from datetime import date

from kupang_desk.cli import main
from kupang_desk.domain.entities import Worker
from kupang_desk.services import bundles
from kupang_desk.services import settings as settings_service
from kupang_desk.services.demo import OPDS
from kupang_desk.services.opd import list_opd, save_opd
from kupang_desk.services.workers import save_worker
from kupang_desk.store import keys
from tests.helpers import admin_context


def centre_db(tmp_path):
    centre = admin_context(tmp_path / "pusat.sqlite3")
    for opd in OPDS[:3]:
        save_opd(centre, opd)
    settings = settings_service.load(centre)
    settings_service.save(centre, replace(settings, place="Kota Contoh", jp_enrolled=True))
    path = centre.store.path
    centre.close()
    return path


def test_enroll_then_setup_configures_the_office_in_one_step(tmp_path, capsys):
    centre_path = centre_db(tmp_path)
    out = tmp_path / "usb" / "pasang-dlhk.kdp"
    out.parent.mkdir()
    assert (
        main(["--db", str(centre_path), "bundle", "enroll", "--opd", "DLHK", str(out), "--json"])
        == 0
    )
    made = json.loads(capsys.readouterr().out)
    raw = out.read_bytes()
    centre = admin_context(centre_path)
    try:
        [office] = keys.known_offices(centre.store)
        assert (office.opd_code, office.public_key) == ("DLHK", made["public_key"])
        assert b"Kota Contoh" not in raw and b'DLHK"' not in raw[200:]  # sealed
    finally:
        centre.close()

    office_path = tmp_path / "dlhk" / "kupang.sqlite3"
    wrong = ["--db", str(office_path), "setup", "--from", str(out), "--passphrase", "SALAH"]
    assert main(wrong) == 2
    assert "Kata sandi berkas" in capsys.readouterr().err
    assert not office_path.exists()
    right = [
        "--db",
        str(office_path),
        "setup",
        "--from",
        str(out),
        "--passphrase",
        made["passphrase"].lower(),
        "--json",
    ]
    assert main(right) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["recovery_key"].replace("-", "")) == 52
    assert main(right) == 2  # a second time: the database exists
    assert "sudah ada" in capsys.readouterr().err

    office = admin_context(office_path)
    try:
        assert sorted(o.code for o in list_opd(office)) == sorted(o.code for o in OPDS[:3])
        settings = settings_service.load(office)
        assert (settings.place, settings.jp_enrolled) == ("Kota Contoh", True)
        identity = keys.office_identity(office.store)
        assert identity.public_key == made["public_key"]
        assert identity.signing_key.encode() not in raw  # the secret never in clear
        saved = save_worker(
            office,
            Worker("5371014503850001", "Maria Ndun", date(1985, 3, 5), "P", "DLHK", upah=3_000_000),
        )
        assert saved.saved, saved.issues
        bundle = tmp_path / "usb" / "kiriman.zip"
        bundles.export_bundle(office, bundle, opd_code="DLHK")
    finally:
        office.close()
    assert main(["--db", str(centre_path), "bundle", "merge", str(bundle), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == 1


def test_enrolling_an_unknown_opd_or_as_a_non_admin_is_refused(tmp_path, capsys):
    centre_path = centre_db(tmp_path)
    out = tmp_path / "x.kdp"
    assert main(["--db", str(centre_path), "bundle", "enroll", "--opd", "TIDAKADA", str(out)]) == 2
    assert "tidak ada di pusat" in capsys.readouterr().err
    assert not out.exists()


def test_setup_from_a_file_that_is_not_an_installation_file(tmp_path, capsys):
    junk = tmp_path / "bukan.kdp"
    junk.write_bytes(b"PK\x03\x04 bukan berkas")
    office_path = tmp_path / "kantor.sqlite3"
    assert main(["--db", str(office_path), "setup", "--from", str(junk), "--passphrase", "X"]) == 2
    assert "bukan berkas pemasangan" in capsys.readouterr().err
    assert not office_path.exists()


def test_pusat_screen_enrolls_the_selected_opd(qtbot, tmp_path, monkeypatch):
    from kupang_desk.ui.centre_menu import CentreMenu
    from kupang_desk.ui.main_window import MainWindow

    centre = admin_context(centre_db(tmp_path))
    out = tmp_path / "pasang.kdp"
    told: list[str] = []
    monkeypatch.setattr(CentreMenu, "ask_save_enrollment", staticmethod(lambda p, name: out))
    monkeypatch.setattr(CentreMenu, "inform", staticmethod(lambda p, text: told.append(text)))
    monkeypatch.setattr(CentreMenu, "warn", staticmethod(lambda p, text: told.append(text)))
    try:
        window = MainWindow(centre)
        qtbot.addWidget(window)
        assert window.centre_menu.enroll_action.isVisible()
        window.centre_menu.enroll_office()
        assert told == ["Pilih OPD kantor yang didaftarkan pada daftar OPD dahulu."]
        window.opd_filter.setCurrentIndex(window.opd_filter.findData("DLHK"))
        window.centre_menu.enroll_action.trigger()
        assert out.exists() and "Kata sandi berkas" in told[-1]
        assert [o.opd_code for o in keys.known_offices(centre.store)] == ["DLHK"]
    finally:
        centre.close()


def test_first_start_offers_pasang_dari_berkas_pusat(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt

    from kupang_desk.services import auth
    from kupang_desk.services.enrollment import enroll_office
    from kupang_desk.ui.login_dialog import FirstAdminDialog

    centre = admin_context(centre_db(tmp_path))
    try:
        made = enroll_office(centre, "DLHK", tmp_path / "pasang.kdp")
    finally:
        centre.close()
    store = auth.open_database(tmp_path / "kantor.sqlite3")
    try:
        dialog = FirstAdminDialog(store)
        qtbot.addWidget(dialog)
        answers = [(made.path, "salah"), (made.path, made.passphrase)]
        monkeypatch.setattr(FirstAdminDialog, "ask_install", staticmethod(lambda p: answers.pop(0)))
        qtbot.mouseClick(dialog.install_button, Qt.MouseButton.LeftButton)
        assert "Kata sandi berkas" in dialog.messages.text()
        qtbot.mouseClick(dialog.install_button, Qt.MouseButton.LeftButton)
        assert "Kantor OPD DLHK dipasang dari berkas pusat" in dialog.messages.text()
        assert not dialog.install_button.isEnabled()
        assert keys.office_identity(store).opd_code == "DLHK"
        qtbot.keyClicks(dialog.full_name, "Admin Kantor DLHK")
        qtbot.keyClicks(dialog.password, "rahasia-2026!")
        qtbot.keyClicks(dialog.repeat, "rahasia-2026!")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        assert dialog.context is not None and dialog.context.role == "admin"
    finally:
        store.close()


def test_the_centre_lists_and_revokes_office_keys(tmp_path, capsys):
    centre_path = centre_db(tmp_path)
    db = ["--db", str(centre_path)]
    assert main([*db, "bundle", "enroll", "--opd", "DLHK", str(tmp_path / "a.kdp")]) == 0
    assert main([*db, "bundle", "enroll", "--opd", "DLHK", str(tmp_path / "b.kdp")]) == 0
    assert "1 kunci lama OPD DLHK masih dipercaya" in capsys.readouterr().err
    assert main([*db, "bundle", "offices", "--json"]) == 0
    offices = json.loads(capsys.readouterr().out)["offices"]
    assert [(o["opd"], o["revoked"]) for o in offices] == [("DLHK", False), ("DLHK", False)]
    first = offices[0]["public_key"]
    assert main([*db, "bundle", "revoke", "--key", first[:4]]) == 2  # too short to be sure
    assert "sedikitnya 8" in capsys.readouterr().err
    assert main([*db, "bundle", "revoke", "--key", first[:12]]) == 0
    centre = admin_context(centre_path)
    try:
        assert [o.revoked for o in keys.known_offices(centre.store)] == [True, False]
    finally:
        centre.close()
    # a third enrollment with --replace revokes the second key: one trusted office remains
    out = tmp_path / "c.kdp"
    assert main([*db, "bundle", "enroll", "--opd", "DLHK", str(out), "--replace"]) == 0
    assert "1 kunci lama OPD DLHK dicabut" in capsys.readouterr().err
    assert main([*db, "bundle", "offices", "--json"]) == 0
    states = [o["revoked"] for o in json.loads(capsys.readouterr().out)["offices"]]
    assert states == [True, True, False]
    assert main([*db, "bundle", "revoke", "--opd", "DINKES"]) == 2
    assert "Tidak ada kunci kantor OPD DINKES" in capsys.readouterr().err


def test_a_revoked_office_bundle_is_refused(tmp_path, capsys):
    centre_path = centre_db(tmp_path)
    db = ["--db", str(centre_path)]
    out = tmp_path / "pasang.kdp"
    assert main([*db, "bundle", "enroll", "--opd", "DLHK", str(out), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    office = tmp_path / "kantor.sqlite3"
    setup = ["setup", "--from", str(out), "--passphrase", made["passphrase"]]
    assert main(["--db", str(office), *setup]) == 0
    bundle = tmp_path / "kiriman.kdk"
    assert main(["--db", str(office), "bundle", "export", str(bundle), "--opd", "DLHK"]) == 0
    assert main([*db, "bundle", "revoke", "--opd", "DLHK"]) == 0
    capsys.readouterr()
    assert main([*db, "bundle", "merge", str(bundle)]) == 2
    assert "dicabut" in capsys.readouterr().err


def test_pusat_screen_lists_and_revokes(qtbot, tmp_path, monkeypatch):
    from kupang_desk.ui.main_window import MainWindow
    from kupang_desk.ui.offices_dialog import OfficesDialog

    centre = admin_context(centre_db(tmp_path))
    asked: list[str] = []
    monkeypatch.setattr(
        OfficesDialog, "confirm", staticmethod(lambda p, text: asked.append(text) or True)
    )
    try:
        bundles.register_office(centre, "DLHK")
        window = MainWindow(centre)
        qtbot.addWidget(window)
        assert window.centre_menu.offices_action.isVisible()
        dialog = window.centre_menu.show_offices()
        assert dialog.table.rowCount() == 1
        assert dialog.table.item(0, 2).text() == "dipercaya"
        assert not dialog.revoke_selected()  # nothing chosen yet: said, not done
        assert "Pilih kunci kantor" in dialog.messages.text()
        dialog.table.selectRow(0)
        assert dialog.revoke_selected()
        assert "Cabut kunci kantor OPD DLHK" in asked[0]
        assert dialog.table.item(0, 2).text() == "dicabut"
        assert [o.revoked for o in keys.known_offices(centre.store)] == [True]
        dialog.close()
    finally:
        centre.close()
