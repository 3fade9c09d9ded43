"""Indonesian for the words Qt itself shows (file choosers, standard buttons, the text
context menu, the print dialog): Qt ships no qtbase_id.qm, and a clerk must not meet
"Look in:" or "Cancel" in an Indonesian program.

A QTranslator with a plain table instead of a compiled .qm: the strings are few, and a
table in Python needs no lrelease step in the build. Only Qt's own contexts (class names
beginning with "Q") are looked up; the app's own texts are Indonesian already.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

WORDS = {
    # standard buttons (QPlatformTheme, QDialogButtonBox, QMessageBox, QInputDialog)
    "OK": "OK",
    "&OK": "&OK",
    "Cancel": "Batal",
    "&Cancel": "&Batal",
    "Save": "Simpan",
    "&Save": "&Simpan",
    "Save All": "Simpan Semua",
    "Open": "Buka",
    "&Open": "&Buka",
    "&Yes": "&Ya",
    "Yes": "Ya",
    "Yes to &All": "Ya untuk &Semua",
    "&No": "&Tidak",
    "No": "Tidak",
    "N&o to All": "T&idak untuk Semua",
    "Abort": "Hentikan",
    "Retry": "Coba Lagi",
    "Ignore": "Abaikan",
    "Close": "Tutup",
    "&Close": "&Tutup",
    "Discard": "Buang",
    "Don't Save": "Jangan Simpan",
    "Close without Saving": "Tutup tanpa Menyimpan",
    "Help": "Bantuan",
    "Apply": "Terapkan",
    "Reset": "Atur Ulang",
    "Restore Defaults": "Kembalikan Bawaan",
    "Show Details...": "Tampilkan Rincian…",
    "Hide Details...": "Sembunyikan Rincian…",
    "&Choose": "&Pilih",
    "Choose": "Pilih",
    # file chooser (QFileDialog, QFileSystemModel)
    "Look in:": "Lihat di:",
    "&Look in:": "&Lihat di:",
    "Files of &type:": "&Jenis berkas:",
    "File &name:": "&Nama berkas:",
    "File name:": "Nama berkas:",
    "Files of type:": "Jenis berkas:",
    "Directory:": "Folder:",
    "Back": "Kembali",
    "Forward": "Maju",
    "Parent Directory": "Folder Induk",
    "Go back": "Kembali",
    "Go forward": "Maju",
    "Go to the parent directory": "Ke folder induk",
    "Create New Folder": "Buat Folder Baru",
    "Create a New Folder": "Buat folder baru",
    "New Folder": "Folder Baru",
    "&New Folder": "Folder &Baru",
    "List View": "Tampilan Daftar",
    "Detail View": "Tampilan Rinci",
    "Change to list view mode": "Tampilkan sebagai daftar",
    "Change to detail view mode": "Tampilkan dengan rincian",
    "Name": "Nama",
    "Size": "Ukuran",
    "Type": "Jenis",
    "Kind": "Jenis",
    "Date Modified": "Tanggal Diubah",
    "Computer": "Komputer",
    "My Computer": "Komputer Saya",
    "Recent Places": "Tempat Terakhir",
    "&Rename": "&Ganti Nama",
    "&Delete": "&Hapus",
    "Show &hidden files": "Tampilkan berkas &tersembunyi",
    "File Folder": "Folder",
    "Folder": "Folder",
    "Drive": "Drive",
    "File": "Berkas",
    "Unknown": "Tidak dikenal",
    "All Files (*)": "Semua berkas (*)",
    "Save As": "Simpan Sebagai",
    "Find Directory": "Pilih Folder",
    "%1 already exists.\nDo you want to replace it?": "%1 sudah ada.\nTimpa berkas itu?",
    "%1\nFile not found.\nPlease verify the correct file name was given.": (
        "%1\nBerkas tidak ditemukan.\nPeriksa nama berkasnya."
    ),
    "%1\nDirectory not found.\nPlease verify the correct directory name was given.": (
        "%1\nFolder tidak ditemukan.\nPeriksa nama foldernya."
    ),
    "'%1' is write protected.\nDo you want to delete it anyway?": (
        "'%1' dilindungi dari perubahan.\nTetap hapus?"
    ),
    "Are you sure you want to delete '%1'?": "Yakin menghapus '%1'?",
    "Could not delete directory.": "Folder tidak dapat dihapus.",
    # text fields' context menu (QLineEdit, QWidgetTextControl)
    "&Undo": "&Urungkan",
    "&Redo": "Ula&ngi",
    "Cu&t": "&Potong",
    "&Copy": "&Salin",
    "&Paste": "&Tempel",
    "Delete": "Hapus",
    "Select All": "Pilih Semua",
    "Copy &Link Location": "Salin &Alamat Tautan",
    # print dialog (the widget dialog Qt shows where the system has none)
    "Print": "Cetak",
    "&Print": "&Cetak",
    "Printer": "Printer",
    "&Name:": "&Nama:",
    "P&roperties": "P&roperti",
    "Location:": "Lokasi:",
    "Preview": "Pratinjau",
    "Type:": "Jenis:",
    "Output &file:": "&Berkas keluaran:",
    "Copies": "Salinan",
    "Copies:": "Salinan:",
    "Print range": "Halaman dicetak",
    "Print all": "Semua halaman",
    "Pages from": "Halaman",
    "to": "sampai",
    "Current Page": "Halaman ini",
    "Selection": "Pilihan",
    "Collate": "Susun",
    "Reverse": "Terbalik",
    "Options": "Pilihan",
    "Print to File (PDF)": "Cetak ke Berkas (PDF)",
    "Page": "Halaman",
    "Advanced": "Lanjutan",
    "Paper": "Kertas",
    "Orientation": "Arah",
    "Portrait": "Tegak",
    "Landscape": "Mendatar",
    "Paper size:": "Ukuran kertas:",
    "Margins": "Margin",
    "Duplex Printing": "Cetak Bolak-balik",
    "None": "Tidak ada",
    "Color Mode": "Mode Warna",
    "Color": "Berwarna",
    "Grayscale": "Hitam Putih",
    # wizard buttons (QWizard)
    "< &Back": "< &Kembali",
    "&Next >": "&Lanjut >",
    "&Next": "&Lanjut",
    "&Finish": "&Selesai",
    "&Help": "&Bantuan",
    "Go Back": "Kembali",
    "Continue": "Lanjut",
    "Commit": "Simpan",
    "Done": "Selesai",
}


class QtIndonesian(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):
        if context and context.startswith("Q"):
            return WORDS.get(source_text)
        return None  # not ours: a null string, so the text stays as written

    def isEmpty(self) -> bool:
        return False


_installed: list[QtIndonesian] = []  # kept alive: Qt holds only a pointer


def install() -> None:
    app = QCoreApplication.instance()
    if app is None or _installed:
        return
    translator = QtIndonesian(app)
    app.installTranslator(translator)
    _installed.append(translator)
