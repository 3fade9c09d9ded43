"""Start-up dialogs: create the first admin, log in, replace a temporary password.

Each dialog calls services/auth and keeps what was typed (except a wrong password) when
the answer is no, so a clerk never retypes a username.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kupang_desk import APP_NAME
from kupang_desk.resources import resource_path
from kupang_desk.services import auth, enrollment
from kupang_desk.services.context import AppContext
from kupang_desk.services.errors import StoreError
from kupang_desk.ui import files
from kupang_desk.ui.widgets import ERROR_STYLE


def _header(title: str, subtitle: str) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    icon = QLabel()
    icon.setPixmap(
        QPixmap(str(resource_path("icons", "kupang-desk.png"))).scaled(
            48, 48, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    )
    text = QLabel(f"<b style='font-size:15pt'>{title}</b><br>{subtitle}")
    text.setTextFormat(Qt.TextFormat.RichText)
    row.addWidget(icon)
    row.addWidget(text, 1)
    return box


def _messages() -> QLabel:
    label = QLabel()
    label.setObjectName("messages")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(ERROR_STYLE)
    return label


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _ask_install(parent: QWidget) -> tuple[Path, str] | None:
    """The centre's installation file and its passphrase (told apart from the file)."""
    path = files.ask_open(
        parent,
        parent.tr("Pasang dari berkas pusat — pilih berkas pemasangan"),
        parent.tr("Berkas pemasangan Kupang Desk (*.kdp);;Semua berkas (*)"),
    )
    if not path:
        return None
    passphrase, ok = QInputDialog.getText(
        parent,
        APP_NAME,
        parent.tr("Kata sandi berkas pemasangan (dari admin pusat):"),
        QLineEdit.EchoMode.Password,
    )
    return (Path(path), passphrase) if ok and passphrase else None


class FirstAdminDialog(QDialog):
    """First start: nobody can log in yet, so the first account becomes the admin. An OPD
    office may first configure itself from the centre's installation file."""

    # Replaced in tests: the file chooser and the passphrase prompt would block.
    ask_install = staticmethod(_ask_install)

    def __init__(self, store, parent=None) -> None:
        super().__init__(parent)
        self._store = store
        self.context: AppContext | None = None
        self.setWindowTitle(self.tr("{0} — Akun Admin Pertama").format(APP_NAME))
        self.setMinimumWidth(460)
        intro = QLabel(
            self.tr(
                "Basis data ini belum punya pengguna. Buat akun admin (misalnya Bagian Umum "
                "atau BKPSDM). Admin kemudian menambahkan operator tiap OPD dan verifikator."
            )
        )
        intro.setWordWrap(True)
        self.username = QLineEdit("admin")
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText(self.tr("nama orang yang memegang akun ini"))
        self.password = _password_field()
        self.password.setPlaceholderText(self.tr("minimal 8 karakter"))
        self.repeat = _password_field()
        self.messages = _messages()
        form = QFormLayout()
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Nama lengkap"), self.full_name)
        form.addRow(self.tr("Kata sandi"), self.password)
        form.addRow(self.tr("Ulangi kata sandi"), self.repeat)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            self.tr("Buat Akun Admin"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.install_button = buttons.addButton(
            self.tr("Pasang dari berkas pusat…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.install_button.clicked.connect(self.install_from_centre)
        buttons.addButton(self.tr("Keluar"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(APP_NAME, self.tr("Pendaftaran PTT/non-ASN ke BPJS")))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.messages)
        layout.addWidget(buttons)
        self.full_name.setFocus()

    def install_from_centre(self) -> None:
        chosen = self.ask_install(self)
        if chosen is None:
            return
        try:
            opd_code, key = enrollment.install_into_new(self._store, *chosen)
        except (enrollment.EnrollmentError, enrollment.EnrollmentUnreadable, StoreError) as exc:
            self.messages.setText(str(exc))
            return
        self.install_button.setEnabled(False)
        self.messages.setStyleSheet("")
        self.messages.setText(
            self.tr(
                "Kantor OPD {0} dipasang dari berkas pusat (pengaturan, OPD, tarif, kunci "
                "kiriman). Kunci Pemulihan: {1} — catat dan simpan. Sekarang buat akun admin "
                "kantor ini."
            ).format(opd_code, key)
        )

    def create(self) -> None:
        if self.password.text() != self.repeat.text():
            self.messages.setText(self.tr("Kedua kata sandi tidak sama. Ketik ulang."))
            return
        try:
            context, issues = auth.create_first_admin(
                self._store, self.username.text(), self.full_name.text(), self.password.text()
            )
        except StoreError as exc:  # disk full, read-only: keep what was typed
            self.messages.setText(str(exc))
            return
        if context is None:
            self.messages.setText("\n".join(issue.message for issue in issues))
            return
        self.context = context
        self.accept()


class LoginDialog(QDialog):
    def __init__(self, store, parent=None) -> None:
        super().__init__(parent)
        self._store = store
        self.context: AppContext | None = None
        self.setWindowTitle(self.tr("{0} — Masuk").format(APP_NAME))
        self.setMinimumWidth(400)
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("mis. operator.dlhk"))
        self.password = _password_field()
        self.messages = _messages()
        form = QFormLayout()
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Kata sandi"), self.password)
        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(
            self.tr("Masuk"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Keluar"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.login)
        buttons.rejected.connect(self.reject)
        self.login_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(APP_NAME, self.tr("Pendaftaran PTT/non-ASN ke BPJS")))
        layout.addLayout(form)
        layout.addWidget(self.messages)
        hint = QLabel(self.tr("Lupa kata sandi? Minta admin mengatur ulang."))
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def login(self) -> None:
        try:
            self.context = auth.login(self._store, self.username.text(), self.password.text())
        except auth.LoginFailed as exc:
            self.messages.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        except StoreError as exc:  # the failure count or the login could not be written
            self.messages.setText(str(exc))
            return
        self.accept()


class ChangePasswordDialog(QDialog):
    """After a reset the temporary password must be replaced before work starts."""

    def __init__(self, ctx: AppContext, parent=None, *, forced: bool = False) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Ganti Kata Sandi"))
        self.setMinimumWidth(420)
        self.old = _password_field()
        self.new = _password_field()
        self.new.setPlaceholderText(self.tr("minimal 8 karakter"))
        self.repeat = _password_field()
        self.messages = _messages()
        layout = QVBoxLayout(self)
        if forced:
            note = QLabel(
                self.tr("Kata sandi Anda diatur oleh admin. Ganti dengan kata sandi Anda sendiri.")
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        form.addRow(self.tr("Kata sandi sekarang"), self.old)
        form.addRow(self.tr("Kata sandi baru"), self.new)
        form.addRow(self.tr("Ulangi kata sandi baru"), self.repeat)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Simpan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addLayout(form)
        layout.addWidget(self.messages)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.new.text() != self.repeat.text():
            self.messages.setText(self.tr("Kedua kata sandi baru tidak sama. Ketik ulang."))
            return
        try:
            issues = auth.change_own_password(self._ctx, self.old.text(), self.new.text())
        except StoreError as exc:
            self.messages.setText(str(exc))
            return
        if issues:
            self.messages.setText("\n".join(issue.message for issue in issues))
            return
        self.accept()
