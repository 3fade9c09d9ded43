"""What the app remembers per person between sessions (QSettings, never the database):
window size and position, the last OPD filter, the last print choices.

Filed under the product's name (ORGANIZATION/APP_NAME, an ini file in the OS user's
config folder), one group per app login, so two clerks sharing a PC keep their own.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from kupang_desk import APP_NAME, ORGANIZATION


def app_settings() -> QSettings:
    """The product's own ini file in the OS user's config folder (one place for its name)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME)


class UserPreferences:
    def __init__(self, user: str) -> None:
        self._settings = app_settings()
        self._prefix = f"users/{user}/"

    def _get(self, key: str, default=None):
        return self._settings.value(self._prefix + key, default)

    def _set(self, key: str, value) -> None:
        self._settings.setValue(self._prefix + key, value)
        self._settings.sync()

    def geometry(self) -> QByteArray | None:
        value = self._get("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_geometry(self, geometry: QByteArray) -> None:
        self._set("window/geometry", geometry)

    def last_opd(self) -> str | None:
        return self._get("filter/opd") or None

    def save_last_opd(self, code: str | None) -> None:
        self._set("filter/opd", code or "")

    def print_choices(self) -> dict[str, str]:
        """program, who is listed (status) and paper of the last print ("" when never)."""
        return {
            key: str(self._get(f"print/{key}", "") or "") for key in ("program", "status", "paper")
        }

    def save_print_choices(self, program: str, paper: str, status: str = "semua") -> None:
        self._set("print/program", program)
        self._set("print/paper", paper)
        self._set("print/status", status)
