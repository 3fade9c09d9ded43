"""Reading the participant list BPJS sends back, through the roster importer's reader.

BPJS files vary: a title block above the table, headers such as "No Kartu", "NOKA",
"No. KPJ", "NIK", "Nama Peserta", "Tgl Lahir", "Status" (columns.BPJS_LIST). Finding the
header, the encodings and delimiters of csv and the cell rules (identifiers stay text,
dates as real dates or dd/mm/yyyy text) are exchange.reading's, shared with the importer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kupang_desk.domain.reconciliation import BpjsRow
from kupang_desk.exchange.columns import BPJS_LIST
from kupang_desk.exchange.reading import RosterFileError, RosterReader


class ListUnreadable(Exception):
    """The file cannot be read as a BPJS list; `str()` is for the clerk."""


@dataclass
class BpjsList:
    rows: list[BpjsRow]
    columns: dict[str, str]  # field -> header text found
    problems: list[str] = field(default_factory=list)


def read_bpjs_list(path: Path) -> BpjsList:
    path = Path(path)
    if not path.exists():
        raise ListUnreadable(f"Berkas {path} tidak ada.")
    rows, problems = [], []
    try:
        with RosterReader(path, BPJS_LIST) as reader:
            layout = reader.layout
            columns = {key: layout.headers[column] for column, key in layout.mapping.items()}
            for parsed in reader.rows():
                # A cell that cannot be read is left out; the row is still matched without it.
                problems += [f"Baris {parsed.row}: {issue.message}" for issue in parsed.issues]
                rows.append(BpjsRow(row=parsed.row, **parsed.values))
    except RosterFileError as exc:
        raise ListUnreadable(str(exc)) from exc
    return BpjsList(rows, columns, problems)
