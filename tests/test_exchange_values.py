from datetime import date, datetime

import pytest

from kupang_desk.exchange import values
from kupang_desk.exchange.columns import field_for_header, header_key
from kupang_desk.exchange.reading import RosterReader, sniff_delimiter
from kupang_desk.exchange.writing import escape_formula

MARCH_15 = date(1985, 3, 15)


@pytest.mark.parametrize(
    "cell",
    [
        "15-03-1985",
        "15/03/1985",
        "15.03.1985",
        "1985-03-15",
        "15 Maret 1985",
        "15 Mar 1985",
        "15 MARET 1985",
        "15-Mar-1985",
        "15 March 1985",
        " 15  maret  1985 ",
        31121.0,
        31121,
        MARCH_15,
        datetime(1985, 3, 15, 0, 0),
    ],
)
def test_dates_as_clerks_type_them(cell):
    assert values.parse_date(cell, "TGL LAHIR") == MARCH_15


@pytest.mark.parametrize("cell", ["1985", "15-13-1985", "maret", "15 Maretan 1985", -3.0, 31121.5])
def test_unreadable_dates_say_how_to_write_them(cell):
    with pytest.raises(values.CellError, match="hh-bb-tttt"):
        values.parse_date(cell, "TGL LAHIR")


@pytest.mark.parametrize(
    ("cell", "sex"),
    [
        ("L", "L"),
        ("lk", "L"),
        ("Laki-laki", "L"),
        ("LAKI LAKI", "L"),
        ("P", "P"),
        ("PR", "P"),
        ("Perempuan", "P"),
        ("wanita", "P"),
        ("", None),  # blank: not chosen, the worker rule asks for it
    ],
)
def test_sex_codes(cell, sex):
    assert values.parse_sex(cell, "L/P") == sex


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        (2900000.0, 2_900_000),
        ("Rp 2.900.000", 2_900_000),
        ("2.900.000,00", 2_900_000),
        ("2,900,000", 2_900_000),
        ("Rp. 2.900.000,-", 2_900_000),
        ("", 0),
    ],
)
def test_money(cell, amount):
    assert values.parse_money(cell, "UPAH") == amount


def test_phone_and_identifier_cells():
    assert values.parse_phone("0812-3456 7890", "NO HP") == "081234567890"
    assert values.parse_phone("+62 812 3456 7890", "NO HP") == "+6281234567890"
    assert values.parse_phone(81234567890.0, "NO HP") == "081234567890"
    assert values.identifier(" 5371 0145 0385 0001 ", "NIK") == "5371014503850001"
    assert values.identifier("'5371014503850001", "NIK") == "5371014503850001"
    with pytest.raises(values.CellError, match="Excel hanya menyimpan 15 angka"):
        values.identifier(5371014503850000.0, "NO. NIK")


def test_headers_and_formula_escape():
    assert header_key(" No. NIK ") == "NO NIK"
    assert header_key("L / P") == "L/P"
    assert field_for_header("Tgl. Lahir") == "birth_date"
    assert field_for_header("NOMOR INDUK KEPENDUDUKAN") == "nik"
    assert field_for_header("NO") is None
    assert [escape_formula(v) for v in ("=1+1", "+62", "-5", "@x", "\tx", "\rx", "ok")] == [
        "'=1+1",
        "'+62",
        "'-5",
        "'@x",
        "'\tx",
        "'\rx",
        "ok",
    ]
    assert sniff_delimiter('NO;NIK;NAMA\n1;"5371,01";"A, B"\n') == ";"
    assert sniff_delimiter("NO,NIK,NAMA\n1,5371,A\n") == ","


def test_huge_csv_cell_is_a_message_for_its_row_only(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(
        "NIK;NAMA\n5371014503850001;" + "A" * 200_000 + "\n5371014503850002;ANA\n",
        encoding="utf-8",
    )
    with RosterReader(path) as reader:
        first, second = list(reader.rows())
    assert [i.code for i in first.issues] == ["row.oversized"]
    assert "Baris 2: ada sel yang lebih dari 131.072 karakter" in first.issues[0].message
    assert second.values["name"] == "ANA" and not second.issues
