"""Admin: accounts of operators, verifikators and admins. Passwords are never shown back;
a new or reset account gets a temporary password that the user must replace at login."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kupang_desk.domain.accounts import ROLE_LABELS, Role, User
from kupang_desk.services import auth
from kupang_desk.services import workers as worker_service
from kupang_desk.services.context import AppContext
from kupang_desk.services.errors import StoreError
from kupang_desk.ui.widgets import ERROR_STYLE, ok_cancel_buttons, show_message

HEADERS = ["Nama pengguna", "Nama lengkap", "Peran", "OPD", "Status"]


def _show_password(parent: QWidget, username: str, password: str) -> None:
    QMessageBox.information(
        parent,
        parent.tr("Kata sandi sementara"),
        parent.tr(
            "Kata sandi sementara untuk {0}:\n\n{1}\n\nSampaikan langsung kepada pemiliknya. "
            "Ia harus menggantinya saat pertama masuk. Kata sandi ini tidak dapat dilihat lagi."
        ).format(username, password),
    )


# Saves the typed account; returns the messages that refuse it ([] = saved).
Submit = Callable[[User], list[str]]


def _edit_user(parent: QWidget, ctx: AppContext, user: User | None, submit: Submit) -> User | None:
    dialog = UserEditDialog(ctx, user, parent, submit=submit)
    return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None


class UserEditDialog(QDialog):
    """The account editor; it closes only once `submit` has saved the account, so a refusal
    (an operator without an OPD, a name already used) is shown here with the typing kept."""

    def __init__(
        self,
        ctx: AppContext,
        user: User | None = None,
        parent=None,
        *,
        submit: Submit | None = None,
    ) -> None:
        super().__init__(parent)
        self.user: User | None = None
        self._submit = submit
        self.setWindowTitle(self.tr("Ubah Pengguna") if user else self.tr("Tambah Pengguna"))
        self.setMinimumWidth(460)
        self.username = QLineEdit(user.username if user else "")
        self.username.setPlaceholderText(self.tr("mis. operator.dlhk"))
        self.username.setEnabled(user is None)
        self.full_name = QLineEdit(user.full_name if user else "")
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(ROLE_LABELS[role], str(role))
        self.opd = QComboBox()
        self.opd.addItem(self.tr("— semua OPD (admin / verifikator pusat) —"), None)
        for opd in worker_service.list_opd(ctx):
            self.opd.addItem(opd.name, opd.code)
        self.active = QCheckBox(self.tr("Akun aktif (boleh masuk)"))
        self.active.setChecked(user.active if user else True)
        if user:
            self.role.setCurrentIndex(self.role.findData(str(user.role)))
            self.opd.setCurrentIndex(max(self.opd.findData(user.opd_code), 0))
        else:
            self.role.setCurrentIndex(self.role.findData(str(Role.OPERATOR)))
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        self.messages.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Nama lengkap"), self.full_name)
        form.addRow(self.tr("Peran"), self.role)
        form.addRow(self.tr("OPD"), self.opd)
        form.addRow("", self.active)
        buttons = ok_cancel_buttons(self, self.tr("Simpan"), self._done)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.messages)
        layout.addWidget(buttons)

    def _done(self) -> None:
        user = User(
            username=self.username.text(),
            full_name=self.full_name.text(),
            role=Role(self.role.currentData()),
            opd_code=self.opd.currentData(),
            active=self.active.isChecked(),
        )
        refused = self._submit(user) if self._submit is not None else []
        if refused:
            show_message(self.messages, "\n".join(refused))
            return
        self.user = user
        self.accept()


def _refusals(save: Callable, *args) -> list[str]:
    """Run an account service; its issues (or a store error) as messages for the clerk."""
    try:
        return [issue.message for issue in save(*args)]
    except StoreError as exc:
        return [str(exc)]


class UsersDialog(QDialog):
    # Replaced in tests: both would block on exec().
    edit_user: Callable[[QWidget, AppContext, User | None, Submit], User | None] = staticmethod(
        _edit_user
    )
    show_password: Callable[[QWidget, str, str], None] = staticmethod(_show_password)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.users = auth.list_users(ctx)  # AccessDenied for anyone but an admin
        self.setWindowTitle(self.tr("Pengguna"))
        self.resize(820, 420)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate([140, 200, 100, 110, 230]):
            header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.edit_selected)
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        self.messages.setStyleSheet(ERROR_STYLE)
        self.add_button = QPushButton(self.tr("Tambah…"))
        self.edit_button = QPushButton(self.tr("Ubah…"))
        self.reset_button = QPushButton(self.tr("Atur Ulang Kata Sandi"))
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        close = QPushButton(self.tr("Tutup"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.messages)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.users = auth.list_users(self._ctx)
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            status = self.tr("aktif") if user.active else self.tr("nonaktif")
            if user.locked_until:
                status += self.tr(" · terkunci s.d. {0}").format(user.locked_until[11:16])
            if user.must_change_password:
                status += self.tr(" · harus ganti sandi")
            cells = [
                user.username,
                user.full_name,
                ROLE_LABELS.get(user.role, user.role),
                user.opd_code or self.tr("semua"),
                status,
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def selected(self) -> User | None:
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def add_user(self) -> None:
        password = auth.temporary_password()
        user = self.edit_user(
            self,
            self._ctx,
            None,
            lambda typed: _refusals(auth.create_user, self._ctx, typed, password),
        )
        if user is None:
            return
        self.messages.clear()
        self.reload()
        self.show_password(self, user.username.strip().lower(), password)

    def edit_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        user = self.edit_user(
            self, self._ctx, current, lambda typed: _refusals(auth.update_user, self._ctx, typed)
        )
        if user is None:
            return
        self.messages.clear()
        self.reload()

    def reset_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        password = auth.temporary_password()
        try:
            issues = auth.reset_password(self._ctx, current.username, password)
        except StoreError as exc:
            self.messages.setText(str(exc))
            return
        if issues:
            self.messages.setText("\n".join(issue.message for issue in issues))
            return
        self.reload()
        self.show_password(self, current.username, password)
