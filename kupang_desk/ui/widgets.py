"""Small input widgets tuned for fast typing by clerks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QWidget,
)

from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.domain.money import MoneyError, format_amount, parse_rupiah

# One colour per kind of message across every dialog: red for what the clerk must act on,
# amber for a warning that may be accepted, green for "done" (never red: a clerk who sees
# red after saving thinks the save failed).
ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5a00;"
SUCCESS_STYLE = "color: #1b5e20;"


def show_message(label: QLabel, text: str, *, kind: str = "error") -> None:
    """Put `text` in a message label in the colour of its kind (error/warning/success)."""
    styles = {"error": ERROR_STYLE, "warning": WARNING_STYLE, "success": SUCCESS_STYLE}
    label.setStyleSheet(styles[kind])
    label.setText(text)


class DateField(QLineEdit):
    """A date typed as digits, shown dd-mm-yyyy: "05031985" becomes 05-03-1985.

    QDateEdit makes the clerk step through sections; a mask lets them type straight on.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setInputMask("99-99-9999;_")
        self.setPlaceholderText("hh-bb-tttt")

    def value(self) -> date | None:
        """The typed date, or None when it is empty or not a real date."""
        digits = self.text().replace("-", "").replace("_", "").strip()
        if len(digits) != 8:
            return None
        try:
            return date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
        except ValueError:
            return None

    def is_blank(self) -> bool:
        return not self.text().replace("-", "").replace("_", "").strip()

    def set_value(self, value: date | None) -> None:
        self.setText(tanggal_pendek(value))


def ok_cancel_buttons(dialog: QDialog, ok_text: str, on_ok: Callable[[], None]) -> QDialogButtonBox:
    """OK/Cancel in Indonesian ("Batal"), whatever language Qt's own buttons would use."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(dialog.tr("Batal"))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


class MoneyField(QLineEdit):
    """Rupiah typed as clerks write it, shown with thousands dots while typing: "2500000"
    becomes 2.500.000. Text such as "Rp 2.500.000,-" is read by domain.money when the
    clerk leaves the field, and shown back the same way; unreadable text stays as typed
    (nothing typed is lost) and `problem()` says why."""

    def __init__(self, label: str = "Upah", parent=None) -> None:
        super().__init__(parent)
        self._label = label
        self.setPlaceholderText("mis. 2.500.000")
        self.textEdited.connect(self._regroup)
        self.editingFinished.connect(self._tidy)

    def _regroup(self, text: str) -> None:
        """Group the digits while typing, keeping the cursor after the same digit; only
        plain digits and dots are touched (a comma or "Rp" waits until the field is left)."""
        if not text or not all(ch.isdigit() or ch == "." for ch in text) or not text.isascii():
            return
        digits_before = sum(ch.isdigit() for ch in text[: self.cursorPosition()])
        grouped = format_amount(int(text.replace(".", ""))) if text.strip(".") else ""
        if grouped == text:
            return
        self.setText(grouped)
        seen = position = 0
        while position < len(grouped) and seen < digits_before:
            seen += grouped[position].isdigit()
            position += 1
        self.setCursorPosition(position)

    def _tidy(self) -> None:
        try:
            amount = parse_rupiah(self.text(), self._label)
        except MoneyError:
            return
        if amount is not None:
            self.setText(format_amount(amount))

    def value(self) -> int | None:
        """The amount, or None when the field is empty or unreadable (see problem())."""
        try:
            return parse_rupiah(self.text(), self._label)
        except MoneyError:
            return None

    def problem(self) -> str:
        """Why the text is not an amount ("" when it is one or is empty)."""
        try:
            parse_rupiah(self.text(), self._label)
        except MoneyError as exc:
            return str(exc)
        return ""

    def set_value(self, amount: int | None) -> None:
        self.setText("" if amount is None else format_amount(amount))


class SearchField(QLineEdit):
    """A search box that hands the keyboard to its list: Down (like Enter, returnPressed)
    emits `leave_down`. A subclass, not an event filter (see worker_form on filters)."""

    leave_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and not event.modifiers():
            self.leave_down.emit()
            return
        super().keyPressEvent(event)


class DateDelegate(QStyledItemDelegate):
    """A table cell typed like the form's date fields: DateField's dd-mm-yyyy mask."""

    def createEditor(self, parent: QWidget, _option, _index: QModelIndex) -> QWidget:
        return DateField(parent)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        editor.setText(index.data() or "")
        editor.setCursorPosition(0)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        model.setData(index, "" if editor.is_blank() else editor.text())
