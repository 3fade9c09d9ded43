"""Fuzzing the importer: whatever the cells hold, no crash, and every bad row says why."""

import csv
import tempfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from kupang_desk.services.demo import OPDS
from kupang_desk.services.importing import ImportOptions, import_file
from kupang_desk.services.opd import save_opd
from tests.helpers import admin_context
from tests.roster_sheets import HEADER, nik_for

ANY_TEXT = st.text(max_size=30) | st.text(min_size=2000, max_size=40_000, alphabet="ab \x07é")
PLAUSIBLE = st.sampled_from(
    [
        "15-03-1985",
        "15 Maret 1985",
        "31/02/1985",
        "L",
        "P",
        "Perempuan",
        "x",
        "",
        " ",
        "JUMLAH",
        "Kupang, 24 November 2026",
        "'=1+1",
        "2.900.000,-",
        "Rp 1.000",
        "-5",
        "0812-3456-7890",
        "5371014503850001",
        "5.37101E+15",
        "NIP. 1968",
    ]
)
TYPED = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**18), max_value=10**18)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1))
    | st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1))
)
VALID_NIK = st.builds(
    nik_for,
    st.dates(min_value=date(1960, 1, 1), max_value=date(2005, 1, 1)),
    st.sampled_from("LP"),
    st.integers(1, 9999),
)


def row_strategy(cell):
    return st.lists(cell, min_size=0, max_size=len(HEADER) + 2)


def context():
    ctx = admin_context(None)
    for opd in OPDS[:2]:
        save_opd(ctx, opd)
    return ctx


def check(report) -> None:
    assert report.rows == report.accepted + len(report.rejected)
    for rejected in report.rejected:
        errors = [i for i in rejected.issues if i.is_error]
        assert errors, rejected
        assert all(i.field and i.message.strip() for i in errors)
    json_rows = {r["row"] for r in report.to_json()["rejected"]}
    assert json_rows == {r.row for r in report.rejected}


def _xlsx_safe(value):
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable() or ch == " ")
    return value


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(rows=st.lists(row_strategy(ANY_TEXT | PLAUSIBLE | TYPED | VALID_NIK), max_size=25))
def test_xlsx_of_anything(rows):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.xlsx"
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["DAFTAR"])
        sheet.append(HEADER)
        for row in rows:
            sheet.append([_xlsx_safe(v) for v in row])
        workbook.save(path)
        ctx = context()
        try:
            check(import_file(ctx, path, ImportOptions(opd_code="DLHK")))
        finally:
            ctx.close()


@FUZZ
@given(
    rows=st.lists(row_strategy(ANY_TEXT | PLAUSIBLE | VALID_NIK), max_size=25),
    delimiter=st.sampled_from([",", ";"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_csv_of_anything(rows, delimiter, encoding):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"
        with path.open("w", encoding=encoding, errors="replace", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(HEADER)
            writer.writerows(rows)
        ctx = context()
        try:
            check(import_file(ctx, path, ImportOptions(opd_code="DLHK")))
        finally:
            ctx.close()
