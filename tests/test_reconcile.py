"""A BPJS list built here, with one row for each case, lands in the right group."""

import csv
import json
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from kupang_desk.cli import main
from kupang_desk.domain.matching import NameMatch, compare_names, levenshtein, match_key
from kupang_desk.domain.nik import encode_date_part
from kupang_desk.services.context import AccessDenied
from kupang_desk.services.reconcile import ListUnreadable, reconcile_file, write_report
from kupang_desk.store import audit
from tests.helpers import bpjs_list_xlsx, bpjs_rows


def nik_for(birth_date: date, sex: str, serial: int) -> str:
    return f"537101{encode_date_part(birth_date, sex)}{serial:04d}"


def test_names_match_ignoring_case_spaces_punctuation_and_titles():
    assert compare_names("maria  goreti-ndun", "MARIA GORETI NDUN") is NameMatch.EXACT
    assert compare_names("Yohanes Seran, S.Pd", "YOHANES SERAN") is NameMatch.EXACT
    assert compare_names("O'Neil", "ONEIL") is NameMatch.EXACT
    assert compare_names("PETRUS MANAFEE", "PETRUS MANAFE") is NameMatch.CLOSE
    assert compare_names("PETRUS MANAFI", "PETRUS MANAFE") is NameMatch.CLOSE
    assert compare_names("PETRUS MANAFII", "PETRUS MANAFE") is NameMatch.DIFFERENT
    assert compare_names("", "") is NameMatch.DIFFERENT
    assert match_key("José  Ndun") == "JOSENDUN"


@given(st.text("ABCDE", max_size=8), st.text("ABCDE", max_size=8))
def test_levenshtein_is_a_symmetric_distance_and_the_limit_only_cuts_off(a, b):
    full = levenshtein(a, b)
    assert full == levenshtein(b, a)
    assert (full == 0) == (a == b)
    assert levenshtein(a, b, 1) == min(full, 2)


@given(st.text("ABCDE", min_size=1, max_size=8), st.integers(0, 7), st.sampled_from("ABCDEX"))
def test_one_edit_is_distance_at_most_one(word, position, letter):
    position %= len(word)
    assert levenshtein(word, word[:position] + letter + word[position + 1 :]) <= 1
    assert levenshtein(word, word[:position] + word[position + 1 :]) == 1


def test_each_row_lands_in_its_group_and_matched_cards_are_stored(ctx, roster, tmp_path):
    path = bpjs_list_xlsx(tmp_path / "bpjs.xlsx", bpjs_rows(roster))
    result = reconcile_file(ctx, path, on=date(2026, 11, 24))
    data = result.to_json()
    assert data["program"] == "kesehatan"
    assert [m["row"] for m in data["matched"]] == [4, 5, 9]
    assert [m["matched_by"] for m in data["matched"]] == ["nik", "name_birth_date", "nik"]
    different = {m["row"]: m for m in data["matched_with_differences"]}
    assert sorted(different) == [6, 10, 11]
    [typo] = different[6]["differences"]
    assert (typo["field"], typo["bpjs"], typo["ours"], typo["note"]) == (
        "name",
        "PETRUS MANAFEE",
        "PETRUS MANAFE",
        "beda satu huruf",
    )
    assert [d["note"] for d in different[10]["differences"]] == ["pegawai nonaktif"]
    assert different[11]["differences"][0]["field"] == "card_number"
    assert "13 angka" in different[11]["differences"][0]["note"]
    assert [u["row"] for u in data["unknown"]] == [7, 8]
    assert [m["name"] for m in data["missing"]] == ["ELISABETH KASE"]
    assert result.cards_stored == 3

    stored = ctx.store.query(
        "SELECT coalesce(f.name, w.name), m.card_number, m.status, m.active_at, "
        "typeof(m.card_number) "
        "FROM memberships m JOIN workers w ON w.id = m.worker_id "
        "LEFT JOIN family_members f ON f.id = m.family_member_id ORDER BY m.card_number"
    )
    assert [tuple(r) for r in stored] == [
        ("YOHANES BOSCO SERAN", "0001234567890", "active", "2026-11-24", "text"),
        ("MARIA GORETI NDUN", "0001234567891", "active", "2026-11-24", "text"),
        ("KRISTO SERAN", "0001234567895", "active", "2026-11-24", "text"),
    ]
    actions = [
        r[0] for r in ctx.store.query("SELECT action FROM audit_log WHERE action = 'reconcile'")
    ]
    assert len(actions) == 3
    assert audit.verify_chain(ctx.store.db) is None

    # The same list again: same groups, nothing written.
    audit_rows = ctx.store.query("SELECT count(*) FROM audit_log")[0][0]
    again = reconcile_file(ctx, path)
    assert again.counts() == result.counts()
    assert again.cards_stored == 0
    assert ctx.store.query("SELECT count(*) FROM audit_log")[0][0] == audit_rows


def test_one_opd_scope_limits_missing_and_flags_other_opds(ctx, roster, tmp_path):
    path = bpjs_list_xlsx(tmp_path / "bpjs.xlsx", bpjs_rows(roster))
    result = reconcile_file(ctx, path, opd_code="DINKES", apply=False)
    data = result.to_json()
    assert data["missing"] == []
    assert result.cards_stored == 0
    opd_notes = [
        d["note"]
        for m in data["matched_with_differences"]
        for d in m["differences"]
        if d["field"] == "opd"
    ]
    assert opd_notes.count("terdaftar di OPD lain") == 5  # rows 1, 2, 3, 6, 7 are DLHK's
    assert ctx.store.query("SELECT count(*) FROM memberships")[0][0] == 0


def test_csv_with_semicolons_and_ketenagakerjaan_card_lengths(ctx, roster, tmp_path):
    path = tmp_path / "kpj.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["NO KPJ", "NIK", "NAMA TENAGA KERJA", "TANGGAL LAHIR", "STATUS"])
        writer.writerow(
            ["12345678901", roster["exact"].nik, "YOHANES BOSCO SERAN", "10-02-1980", ""]
        )
        writer.writerow(["12345678902", "", "Kristo Seran", "04-05-2010", "AKTIF"])
    result = reconcile_file(ctx, path)
    assert result.program == "ketenagakerjaan"
    assert [m.person.name for m in result.reconciliation.matched] == ["YOHANES BOSCO SERAN"]
    # Family members are not covered by BPJS Ketenagakerjaan: the child is unknown there.
    assert [u.row.name for u in result.reconciliation.unknown] == ["Kristo Seran"]
    card = ctx.store.query("SELECT card_number, program FROM memberships")
    assert [tuple(r) for r in card] == [("12345678901", "ketenagakerjaan")]


def test_a_file_without_a_header_row_is_refused(ctx, tmp_path):
    path = tmp_path / "acak.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ListUnreadable, match="judul kolom"):
        reconcile_file(ctx, path)


def test_reconcile_is_for_the_admin(ctx, roster, tmp_path):
    path = bpjs_list_xlsx(tmp_path / "bpjs.xlsx", bpjs_rows(roster))
    ctx.role, ctx.opd_code = "operator", "DLHK"
    with pytest.raises(AccessDenied):
        reconcile_file(ctx, path)


def test_pdf_report_lists_every_group_per_opd(ctx, roster, tmp_path):
    path = bpjs_list_xlsx(tmp_path / "bpjs.xlsx", bpjs_rows(roster))
    result = reconcile_file(ctx, path, on=date(2026, 11, 24))
    out = tmp_path / "rekonsiliasi.pdf"
    write_report(ctx, result, out, on=date(2026, 11, 24))
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "LAPORAN REKONSILIASI DAFTAR PESERTA BPJS KESEHATAN" in text
    assert "DINAS LINGKUNGAN HIDUP DAN KEBERSIHAN" in text
    assert "DINAS KESEHATAN" in text
    assert "Cocok dengan perbedaan" in text
    assert "PETRUS MANAFEE" in text and "beda satu huruf" in text
    assert "PEMEGANG TIDAK DIKENAL" in text and "SIMON PETRUS LAKA" in text
    assert "ELISABETH KASE" in text
    assert "Kupang, 24 November 2026" in text
    assert f"Halaman 1 dari {len(reader.pages)}" in text


def test_one_opd_s_report_is_signed_by_its_head_the_pemda_s_by_the_rekap_signer(
    ctx, roster, tmp_path
):
    from kupang_desk.services import settings as settings_service

    settings_service.set_values(
        ctx, {"rekap.signer_name": "Drs. Yakobus Lay", "rekap.signer_nip": "196805121994031007"}
    )
    path = bpjs_list_xlsx(tmp_path / "bpjs.xlsx", bpjs_rows(roster))
    texts = {}
    for scope in ("DINKES", None):
        result = reconcile_file(ctx, path, opd_code=scope, apply=False)
        out = tmp_path / f"rekonsiliasi-{scope}.pdf"
        write_report(ctx, result, out, on=date(2026, 11, 24))
        texts[scope] = PdfReader(out).pages[-1].extract_text()
    # Dinas Kesehatan's head (services/demo.OPDS), not the Sekretaris Daerah.
    dinkes = texts["DINKES"]
    assert "Kepala Dinas" in dinkes and "dr. MARIA F. NDUN, M.Kes" in dinkes
    assert "NIP. 197203152000032004" in dinkes
    assert "Sekretaris Daerah" not in dinkes and "Yakobus" not in dinkes
    whole = texts[None]
    assert "Sekretaris Daerah Kota Kupang" in whole and "Drs. Yakobus Lay" in whole
    assert "NIP. 196805121994031007" in whole and "NDUN" not in whole.split("Kupang, 24")[-1]


def test_cli_reconcile_json_and_pdf(ctx, roster, tmp_path, capsys):
    path = bpjs_list_xlsx(tmp_path / "bpjs.xlsx", bpjs_rows(roster))
    db = ctx.store.path
    ctx.close()
    pdf = tmp_path / "r.pdf"
    code = main(["--db", str(db), "reconcile", str(path), "--json", "--pdf", str(pdf)])
    assert code == 1  # findings: differences, unknown holders, missing
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"matched": 3, "different": 3, "unknown": 2, "missing": 1}
    assert pdf.stat().st_size > 0
    assert main(["--db", str(db), "reconcile", str(tmp_path / "tidak-ada.xlsx")]) == 2


def test_one_card_number_on_two_rows_is_never_stored(ctx, roster, tmp_path):
    rows = bpjs_rows(roster)
    rows[1][1] = rows[0][1]  # BPJS printed Yohanes' card number on Maria's row too
    result = reconcile_file(ctx, bpjs_list_xlsx(tmp_path / "bpjs.xlsx", rows))
    twice = [m for m in result.reconciliation.different if m.row.card_number == rows[0][1]]
    assert [m.row.row for m in twice] == [4, 5]
    assert all("juga di baris" in m.differences[-1].note for m in twice)
    assert (
        ctx.store.query("SELECT count(*) FROM memberships WHERE card_number = ?", (rows[0][1],))[0][
            0
        ]
        == 0
    )


def test_storing_a_card_already_held_by_someone_else_is_refused(ctx, roster):
    from kupang_desk.store.reconciliation import CardNumberHeld, CardToStore, store_cards

    exact, typo = roster["exact"], roster["typo"]
    store_cards(
        ctx.store,
        "kesehatan",
        [CardToStore(exact.id, None, "0001234567890")],
        user="t",
        on=date(2026, 11, 24),
        source="uji",
    )
    with pytest.raises(CardNumberHeld, match="YOHANES BOSCO SERAN"):
        store_cards(
            ctx.store,
            "kesehatan",
            [CardToStore(typo.id, None, "0001234567890")],
            user="t",
            on=date(2026, 11, 24),
            source="uji",
        )
    assert ctx.store.query("SELECT count(*) FROM memberships")[0][0] == 1


def test_reader_takes_windows_csv_and_refuses_a_broken_workbook(tmp_path):
    from kupang_desk.exchange.bpjs_list import read_bpjs_list

    path = tmp_path / "excel-windows.csv"
    path.write_bytes("Nama;NIK;Tgl Lahir\nJOSÉ NDUN;5371010101900011;01.01.1990\n".encode("cp1252"))
    listing = read_bpjs_list(path)
    assert listing.columns == {"name": "Nama", "nik": "NIK", "birth_date": "Tgl Lahir"}
    assert [(r.row, r.name, r.nik, r.birth_date) for r in listing.rows] == [
        (2, "JOSÉ NDUN", "5371010101900011", date(1990, 1, 1))
    ]
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04bukan lembar kerja")
    with pytest.raises(ListUnreadable, match=r"rusak\.xlsx tidak dapat dibaca"):
        read_bpjs_list(broken)


def test_reader_keeps_exact_number_cells_of_kpj_but_not_a_rounded_nik(tmp_path):
    from kupang_desk.exchange.bpjs_list import read_bpjs_list

    path = tmp_path / "kpj.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["RINCIAN PESERTA BPJS KETENAGAKERJAAN"])
    sheet.append(["No", "No. KPJ", "NIK", "Nama Tenaga Kerja", "Tgl. Lahir"])
    sheet.append([1, 26000000001, 5371010101900011, "LUKAS MAU", datetime(1990, 1, 1)])
    sheet.append(["JUMLAH", None, None, None, None])
    book.save(path)
    listing = read_bpjs_list(path)
    assert listing.columns == {
        "card_number": "No. KPJ",
        "nik": "NIK",
        "name": "Nama Tenaga Kerja",
        "birth_date": "Tgl. Lahir",
    }
    assert [(r.row, r.card_number, r.nik, r.name) for r in listing.rows] == [
        (3, "26000000001", "", "LUKAS MAU")
    ]
    [problem] = listing.problems
    assert problem.startswith("Baris 3: Kolom NIK berisi angka")
