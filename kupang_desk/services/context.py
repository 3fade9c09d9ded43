"""Who is working, on which database: handed to every use case."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kupang_desk.store.db import Store, open_store

CLI_USER = "admin-cli"  # CLI jobs run as the local administrator of the file


@dataclass
class AppContext:
    store: Store
    user: str = CLI_USER

    def close(self) -> None:
        self.store.close()


def open_context(db_path: Path | str | None, user: str = CLI_USER) -> AppContext:
    return AppContext(open_store(db_path), user)
