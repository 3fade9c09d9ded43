"""Where shipped files (fonts, region codes, icons) and the user's data live.

Kept outside the layers so domain/, reports/ and ui/ can all find resources/ the same way,
whether run from a checkout or from the PyInstaller bundle (sys._MEIPASS).
"""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

from kupang_desk import APP_NAME


def resource_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def default_database_path() -> Path:
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return data_dir / "kupang-desk.sqlite3"
