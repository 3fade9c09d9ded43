"""Qt's own dialogs speak Indonesian (Qt ships no qtbase_id.qm), and file choosers open
in the clerk's last folder, never the program's own (seen in a real window: "Look in:
/work/main", "Cancel")."""

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QMessageBox

from kupang_desk.ui import files, qt_indonesian


def test_standard_buttons_and_the_file_chooser_are_indonesian(qtbot):
    qt_indonesian.install(QApplication.instance())
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Save
    )
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"OK", "Batal", "Simpan"}
    message = QMessageBox(QMessageBox.Icon.Question, "x", "y")
    message.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    assert {b.text().replace("&", "") for b in message.buttons()} == {"Ya", "Tidak"}
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
    assert {"Lihat di:", "Nama berkas:", "Jenis berkas:"} <= labels


def test_the_app_texts_are_left_as_written(qtbot):
    qt_indonesian.install(QApplication.instance())

    class PrintDialog(QLabel):  # a class of ours: tr()'s context is its name
        pass

    label = PrintDialog()
    qtbot.addWidget(label)
    # PySide falls back to the Qt base class's context, so the table holds only Qt's English
    # words; the app's Indonesian texts are never keys and pass through as written.
    assert label.tr("Simpan sebagai PDF…") == "Simpan sebagai PDF…"


def test_file_choosers_start_in_the_last_folder_and_remember_it(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    seen = []

    def fake_save(parent, title, start, file_filter):
        seen.append(start)
        return str(tmp_path / "usb" / "kiriman.zip"), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    (tmp_path / "usb").mkdir()
    files.remember_folder(tmp_path / "hilang")  # a folder that is gone: not used
    assert files.last_folder() != tmp_path / "hilang"
    assert files.last_folder() != Path.cwd() or Path.cwd() == Path.home()
    chosen = files.ask_save(None, "Simpan", "kiriman.zip", "Zip (*.zip)")
    assert chosen == tmp_path / "usb" / "kiriman.zip"
    assert files.last_folder() == tmp_path / "usb"
    files.ask_save(None, "Simpan", "lagi.zip", "Zip (*.zip)")
    assert seen[-1] == str(tmp_path / "usb" / "lagi.zip")


def test_the_recovery_key_is_shown_without_breaking_a_group():
    from kupang_desk.store.backup_file import parse_recovery_text, recovery_text
    from kupang_desk.ui.app import recovery_key_text

    key = recovery_text(bytes(range(32)))
    shown = recovery_key_text(key)
    lines = [line for line in shown.splitlines() if "-" in line and " " not in line]
    assert len(lines) == 2 and all(len(line) <= 40 for line in lines)
    assert all(len(group) == 4 for group in "".join(lines).strip("-").split("-"))
    assert parse_recovery_text("".join(lines)) == bytes(range(32))  # copied as shown
