from datetime import date, datetime

from kupang_desk.domain.formatting import ribuan, rupiah, tanggal_panjang, tanggal_pendek
from kupang_desk.domain.names import check_name, normalize_name


def test_dates_in_indonesian():
    assert tanggal_panjang(date(2026, 11, 24)) == "24 November 2026"
    assert tanggal_panjang(date(2026, 3, 1)) == "1 Maret 2026"
    assert tanggal_pendek(date(2026, 11, 24)) == "24-11-2026"


def test_short_dates_from_a_date_or_the_stores_iso_text_read_the_same():
    """One dd-mm-yyyy writer for the form (a date), the list and the daftar (ISO text)."""
    assert tanggal_pendek(date(1985, 3, 5)) == "05-03-1985"
    assert tanggal_pendek("1985-03-05") == "05-03-1985"
    assert tanggal_pendek(datetime(2026, 1, 2, 13, 45)) == "02-01-2026"  # time dropped
    assert tanggal_pendek(None) == tanggal_pendek("") == ""


def test_thousands_grouped_with_dots():
    assert ribuan(131_072) == "131.072"
    assert ribuan(253) == "253"
    assert ribuan(8_000_000) == "8.000.000"
    assert ribuan(-1_500) == "-1.500"


def test_money_in_rupiah():
    assert rupiah(1_234_567) == "Rp 1.234.567"
    assert rupiah(0) == "Rp 0"
    assert rupiah(-5_000) == "-Rp 5.000"


def test_names_are_stored_as_on_the_ktp():
    assert normalize_name("  maria   goreti ndun ") == "MARIA GORETI NDUN"
    assert check_name("SUKARNO") == []
    assert check_name("YOHANES B. SERAN, S.T") == []
    assert check_name("PETRUS D'COSTA-NALLE") == []
    assert check_name("MARIA 2")[0].code == "name.characters"
    assert check_name("")[0].code == "name.empty"
