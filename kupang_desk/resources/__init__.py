"""Where shipped files (fonts, region codes, icons) and the user's data live.

The files sit beside this module, inside the package, so one lookup serves a checkout, an
installed wheel and the PyInstaller bundle (build.spec copies them to the same place under
sys._MEIPASS, where this module's __file__ also points). Kept outside the layers so domain/,
reports/ and ui/ can all use it.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

from kupang_desk import APP_NAME


def resource_dir() -> Path:
    return Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def default_database_path() -> Path:
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return data_dir / "kupang-desk.sqlite3"
