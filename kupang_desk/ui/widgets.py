"""Small input widgets tuned for fast typing by clerks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit

# Red text for a message the clerk must act on; one colour across every dialog.
ERROR_STYLE = "color: #b00020;"


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
        self.setText(value.strftime("%d-%m-%Y") if value else "")


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
