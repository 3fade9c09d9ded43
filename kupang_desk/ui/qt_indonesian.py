"""Indonesian for Qt's own texts: Ya/Tidak buttons, the edit fields' right-click menu, and
Qt's file dialog (Linux; Windows shows its own, in the system's language).

Qt ships no Indonesian catalogue (qtbase_id.qm does not exist), so a question box said
"Yes"/"No" and right-clicking a field offered "Cut/Copy/Paste". The (context, source) keys
are the ones Qt 6 asks for; tests/test_setup_wizard.py checks them against Qt's German
catalogue, so a key that Qt renames shows up as a failing test, not as English on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

_EDIT_MENU = {
    "&Undo": "&Urungkan",
    "&Redo": "&Ulangi",
    "Cu&t": "&Potong",
    "&Copy": "&Salin",
    "&Paste": "&Tempel",
    "Delete": "Hapus",
    "Select All": "Pilih Semua",
}
TEXTS: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": "OK",
        "Save": "Simpan",
        "Open": "Buka",
        "&Yes": "&Ya",
        "&No": "&Tidak",
        "Yes to &All": "Ya untuk &Semua",
        "N&o to All": "T&idak untuk Semua",
        "Cancel": "Batal",
        "Close": "Tutup",
        "Apply": "Terapkan",
        "Discard": "Buang",
        "Retry": "Coba Lagi",
        "Ignore": "Abaikan",
        "Abort": "Hentikan",
        "Help": "Bantuan",
        "Reset": "Atur Ulang",
        "Restore Defaults": "Kembalikan Bawaan",
    },
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": _EDIT_MENU,
    "QAbstractSpinBox": {"&Step up": "&Naikkan", "Step &down": "&Turunkan"},
    "QMessageBox": {
        "Show Details...": "Tampilkan Rincian…",
        "Hide Details...": "Sembunyikan Rincian…",
    },
    "QFileDialog": {
        "&Look in:": "&Lihat di:",
        "File &name:": "&Nama berkas:",
        "Files of &type:": "&Jenis berkas:",
        "&Open": "&Buka",
        "&Save": "&Simpan",
        "&Choose": "&Pilih",
        "Open": "Buka",
        "Save As": "Simpan Sebagai",
        "Back": "Mundur",
        "Forward": "Maju",
        "Parent Directory": "Folder Induk",
        "Create New Folder": "Buat Folder Baru",
        "List View": "Tampilan Daftar",
        "Detail View": "Tampilan Rinci",
        "Go back": "Kembali",
        "Go forward": "Maju",
        "Go to the parent directory": "Ke folder induk",
        "Create a New Folder": "Buat folder baru",
        "Change to list view mode": "Tampilkan sebagai daftar",
        "Change to detail view mode": "Tampilkan dengan rincian",
        "Sidebar": "Bilah samping",
        "List of places and bookmarks": "Daftar tempat dan penanda",
        "Files": "Berkas",
        "All Files (*)": "Semua Berkas (*)",
        "Show &hidden files": "Tampilkan berkas &tersembunyi",
        "&Delete": "&Hapus",
        "&Rename": "&Ganti Nama",
        "&New Folder": "Folder &Baru",
        "New Folder": "Folder Baru",
        "Directory:": "Folder:",
        "Are you sure you want to delete '%1'?": "Yakin menghapus '%1'?",
        "%1 already exists.\nDo you want to replace it?": "%1 sudah ada.\nTimpa berkas itu?",
        "%1\nFile not found.\nPlease verify the correct file name was given.": (
            "%1\nBerkas tidak ditemukan.\nPeriksa nama berkasnya."
        ),
    },
    "QFileSystemModel": {
        "Name": "Nama",
        "Size": "Ukuran",
        "Type": "Jenis",
        "Kind": "Jenis",
        "Date Modified": "Tanggal Diubah",
        "Computer": "Komputer",
        "My Computer": "Komputer Saya",
    },
    "QAbstractFileIconProvider": {"Folder": "Folder", "Drive": "Drive", "File": "Berkas"},
}


class QtIndonesian(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):
        # None (a null string) lets Qt keep the text; "" would blank every label.
        return TEXTS.get(context, {}).get(source)

    def isEmpty(self) -> bool:
        return False


_installed: list[QtIndonesian] = []  # the Python object must outlive every tr() call


def install(app: QCoreApplication) -> None:
    """Once per process, on the application."""
    if not _installed:
        _installed.append(QtIndonesian(app))
        app.installTranslator(_installed[0])
