"""Reading an OPD list with the roster importer's reader and header search."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kupang_desk.exchange.columns import OPD_LIST
from kupang_desk.exchange.reading import RosterFileError, RosterReader

__all__ = ["RosterFileError", "read_opd_rows"]


def read_opd_rows(path: Path) -> Iterator[tuple[int, dict, list]]:
    """(spreadsheet row, field -> text, cell issues) per data row."""
    with RosterReader(path, OPD_LIST) as reader:
        for parsed in reader.rows():
            values = {
                key: "" if value is None else str(value).strip()
                for key, value in parsed.values.items()
            }
            yield parsed.row, values, parsed.issues
