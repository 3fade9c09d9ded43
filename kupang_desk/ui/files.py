"""File choosers in one place: they open in the folder the clerk used last (else the
Documents folder, never the program's own folder) and remember the folder chosen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from kupang_desk.ui.preferences import app_settings

_KEY = "files/last_folder"


def last_folder() -> Path:
    remembered = str(app_settings().value(_KEY, "") or "")
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def remember_folder(folder: Path) -> None:
    settings = app_settings()
    settings.setValue(_KEY, str(folder))
    settings.sync()


def _start(suggested: str = "") -> str:
    """A bare suggested name goes into the last folder; a full path is kept."""
    if suggested and Path(suggested).is_absolute():
        return suggested
    return str(last_folder() / suggested) if suggested else str(last_folder())


def _chosen(path: str) -> Path | None:
    if not path:
        return None
    chosen = Path(path)
    remember_folder(chosen if chosen.is_dir() else chosen.parent)
    return chosen


def ask_save(parent: QWidget, title: str, suggested: str, file_filter: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, _start(suggested), file_filter)
    return _chosen(path)


def ask_open(parent: QWidget, title: str, file_filter: str, start: str = "") -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, _start(start), file_filter)
    return _chosen(path)


def ask_folder(parent: QWidget, title: str, start: str = "") -> Path | None:
    return _chosen(QFileDialog.getExistingDirectory(parent, title, _start(start)))
