"""The printed daftar peserta and rekap, read back from the PDF with pypdf."""

import re
import uuid
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from kupang_desk.domain.defaults import SEEDED_PEMDA_SETTINGS
from kupang_desk.reports.listing import MIN_CARRY
from kupang_desk.reports.page import PAPERS
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AccessDenied
from kupang_desk.services.reports import Period, ReportError, print_daftar, print_rekap
from tests.helpers import admin_context, fill, insert_workers, make_workers, parse_amount, pdf_lines

PERIOD = Period(2026, 11)
ON = date(2026, 11, 25)
NIK_LINE = re.compile(r"^(\d+\*?) (\d{16}) (.+?) (\d{2}-\d{2}-\d{4}) ([LP]) ")
AMOUNT = r"\d{1,3}(?:\.\d{3})*"
ROW_AMOUNTS = re.compile(rf" ({AMOUNT}) ({AMOUNT}) ({AMOUNT})$")


def listed_rows(pages: list[list[str]]) -> list[tuple[str, str, tuple[int, int, int]]]:
    rows = []
    for lines in pages:
        for line in lines:
            match = NIK_LINE.match(line)
            if match:
                amounts = ROW_AMOUNTS.search(line)
                rows.append((match[2], match[3], tuple(parse_amount(a) for a in amounts.groups())))
    return rows


def test_every_worker_listed_once_with_the_right_nik_and_totals_add_up(ctx, tmp_path):
    workers = fill(ctx, "DLHK", 120, priority_every=7)
    fill(ctx, "DINKES", 5, start=500)  # another OPD: must not appear
    out = tmp_path / "daftar.pdf"
    result = print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, on=ON)

    reader, pages = pdf_lines(out)
    rows = listed_rows(pages)
    assert sorted(nik for nik, _, _ in rows) == sorted(w.nik for w in workers)
    by_nik = {w.nik: w.name for w in workers}
    assert all(by_nik[nik] == name for nik, name, _ in rows)
    # priority workers come first, each marked with *
    marks = [line.split()[0] for lines in pages for line in lines if NIK_LINE.match(line)]
    priority = sum(w.priority for w in workers)
    assert all(m.endswith("*") for m in marks[:priority])
    assert not any(m.endswith("*") for m in marks[priority:])

    employer = sum(a[0] for _, _, a in rows)
    worker = sum(a[1] for _, _, a in rows)
    assert all(a[0] + a[1] == a[2] for _, _, a in rows)
    text = "\n".join("\n".join(lines) for lines in pages)
    total_line = next(line for line in text.splitlines() if line.startswith("JUMLAH "))
    assert [parse_amount(x) for x in total_line.split()[1:]] == [
        employer,
        worker,
        employer + worker,
    ]
    assert result.totals["DLHK"].employer == employer
    assert f"Rp {employer + worker:,}".replace(",", ".") in text
    # a wage below the UMK pays on the UMK 2026 (2.532.853: 4% = 101.314,12 -> 101.314,
    # 1% = 25.328,53 -> 25.329), one above the ceiling on Rp 12.000.000 (480.000 + 120.000)
    assert {a for _, _, a in rows} >= {(101_314, 25_329, 126_643), (480_000, 120_000, 600_000)}
    assert "Jumlah pegawai" in text and "120 orang (L 80, P 40)" in text
    assert f"Halaman 1 dari {len(reader.pages)}" in pages[0]
    assert f"Halaman {len(reader.pages)} dari {len(reader.pages)}" in pages[-1]
    assert result.pages == len(reader.pages) > 1


def test_header_row_on_top_of_every_page_and_nowhere_else(ctx, tmp_path):
    fill(ctx, "DLHK", 150)
    out = tmp_path / "daftar.pdf"
    print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, on=ON)
    _, pages = pdf_lines(out)
    for lines in pages:
        headers = [i for i, line in enumerate(lines) if line.startswith("No NIK Nama")]
        assert len(headers) == 1
        first_row = next(i for i, line in enumerate(lines) if NIK_LINE.match(line))
        assert headers[0] < first_row


@pytest.mark.parametrize(("paper", "size"), [("f4", (935.43, 609.45)), ("a4", (841.89, 595.28))])
def test_page_size_is_the_paper_asked_for(ctx, tmp_path, paper, size):
    fill(ctx, "DLHK", 3)
    out = tmp_path / f"{paper}.pdf"
    print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, paper=paper, on=ON)
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == size
    assert (float(box.width), float(box.height)) == pytest.approx(PAPERS[paper])


def test_signature_block_never_alone_on_a_page(ctx, tmp_path):
    """Around the first two page ends the last page also carries rows.

    A page end has two edges: the length at which the closing block (totals, signature) no
    longer fits under the rows, so the page count goes up and MIN_CARRY rows go with it;
    and the length at which the rows fill the page by themselves. The lengths between are
    laid out alike. (Reading back every length from 20 to 80 took 18 s.)"""
    workers = make_workers("DLHK", 80)
    first, middle = _rows_per_full_page(workers, tmp_path)
    inserted = 0
    for rows_fill in (first + MIN_CARRY, first + middle + MIN_CARRY):
        lengths = range(rows_fill - 14, rows_fill + 2)
        pages = {}
        for count in lengths:
            insert_workers(ctx, workers[inserted:count])
            inserted = count
            out = tmp_path / f"n{count}.pdf"
            pages[count] = print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, on=ON).pages
        grows = next(c for c in lengths if pages[c] > pages[lengths[0]])
        assert lengths[0] < grows < rows_fill  # both edges inside the lengths tried
        assert pages[grows] == pages[rows_fill + 1] == pages[grows - 1] + 1
        assert _rows_on_last_page(tmp_path / f"n{grows - 1}.pdf") > MIN_CARRY
        assert _rows_on_last_page(tmp_path / f"n{grows}.pdf") == MIN_CARRY
        assert _rows_on_last_page(tmp_path / f"n{rows_fill}.pdf") == MIN_CARRY
        assert _rows_on_last_page(tmp_path / f"n{rows_fill + 1}.pdf") == MIN_CARRY + 1


def _rows_on_last_page(path) -> int:
    """Worker rows above the closing block, which is printed once, on the last page."""
    _, pages = pdf_lines(path)
    last = pages[-1]
    assert any("NIP. 196805121994031007" in line for line in last)
    assert sum(1 for lines in pages for line in lines if "Kupang, 25 November 2026" in line) == 1
    return sum(1 for line in last if NIK_LINE.match(line))


def _rows_per_full_page(workers, tmp_path) -> tuple[int, int]:
    """Rows on a full first page (under the kop) and on a full page after it, read from a
    list of 80 printed from a database of its own with the same pemda and OPDs."""
    probe = admin_context(tmp_path / "probe.sqlite3")
    try:
        settings_service.set_values(probe, SEEDED_PEMDA_SETTINGS)
        insert_workers(probe, workers)
        print_daftar(probe, tmp_path / "probe.pdf", opd_code="DLHK", period=PERIOD, on=ON)
    finally:
        probe.close()
    _, pages = pdf_lines(tmp_path / "probe.pdf")
    assert len(pages) >= 4  # a first page and at least one full middle page
    first, middle = (sum(1 for line in lines if NIK_LINE.match(line)) for lines in pages[:2])
    return first, middle


def test_family_members_listed_under_their_worker(ctx, tmp_path):
    workers = fill(ctx, "DLHK", 2)
    worker_id = ctx.store.query("SELECT id FROM workers WHERE nik = ?", (workers[0].nik,))[0][0]
    family = [("istri", "5371014101850002", "ISTRI SATU", "1985-01-01", "P")]
    family += [
        ("anak", f"53710101011{i}0003", f"ANAK KE {i}", f"201{i}-01-01", "L") for i in range(1, 5)
    ]
    with ctx.store.transaction() as db:
        for relation, nik, name, birth, sex in family:
            member_id = (
                db["family_members"]
                .insert(
                    {
                        "uuid": str(uuid.uuid4()),
                        "worker_id": worker_id,
                        "nik": nik,
                        "name": name,
                        "relation": relation,
                        "birth_date": birth,
                        "sex": sex,
                    }
                )
                .last_pk
            )
            db["memberships"].insert(
                {
                    "worker_id": worker_id,
                    "family_member_id": member_id,
                    "program": "kesehatan",
                    "status": "draft",
                }
            )
        db["memberships"].insert(
            {
                "worker_id": worker_id,
                "program": "kesehatan",
                "kelas_rawat": "1",
                "faskes_code": "0138U020",
                "faskes_name": "PUSKESMAS OEBOBO",
                "status": "verified",
            }
        )
    out = tmp_path / "daftar.pdf"
    result = print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, on=ON)
    _, pages = pdf_lines(out)
    lines = [line for page in pages for line in page]
    at = next(i for i, line in enumerate(lines) if workers[0].nik in line)
    assert "Kelas 1 / 0138U020 PUSKESMAS OEBOBO" in lines[at]
    under = lines[at + 1 : at + 6]
    assert [nik for _, nik, *_ in family] == [re.search(r"\d{16}", x)[0] for x in under]
    # the 4th child is an extra member: 1% of the worker's wage (2.000.000 -> UMK 2.532.853):
    # 25.328,53 -> 25.329, on that dasar iuran
    assert under[-1].endswith("2.532.853 Kelas 1 Diusulkan 0 25.329 25.329")
    assert "Terverifikasi" in lines[at]
    assert result.family == 5
    text = "\n".join(lines)
    assert "5 orang (tambahan 1)" in text
    assert "Jumlah peserta" in text and "7 orang (L 5, P 2)" in text


def test_ketenagakerjaan_uses_the_jkk_class_of_the_jabatan(ctx, tmp_path):
    from kupang_desk.domain.settings import JkkDefault, PemdaSettings
    from kupang_desk.services.rates import save_jkk_defaults
    from kupang_desk.services.settings import save as save_settings

    fill(ctx, "DLHK", 4)
    save_jkk_defaults(ctx, [JkkDefault("DLHK", "Tenaga Kebersihan / Penyapu Jalan", 3)])
    save_settings(ctx, PemdaSettings(jht_enrolled=True))
    out = tmp_path / "tk.pdf"
    print_daftar(ctx, out, opd_code="DLHK", program="ketenagakerjaan", period=PERIOD, on=ON)
    _, pages = pdf_lines(out)
    text = "\n".join(pages[0])
    assert "DAFTAR PESERTA BPJS KETENAGAKERJAAN PEGAWAI TIDAK TETAP" in text
    assert "JKK-III (khusus), JKM, JHT" in text  # the jabatan's rule, not the OPD's class I
    # 2.900.000: JKK 0,89% 25.810 + JKM 0,30% 8.700 + JHT 3,7% 107.300 | JHT 2% 58.000
    assert "141.810 58.000 199.810" in text


def test_all_opds_each_on_their_own_pages_numbered_per_opd(ctx, tmp_path):
    fill(ctx, "DLHK", 60)
    fill(ctx, "DINKES", 4, start=500)
    out = tmp_path / "semua.pdf"
    result = print_daftar(ctx, out, opd_code=None, period=PERIOD, on=ON)
    _, pages = pdf_lines(out)
    starts = {
        name: [i for i, lines in enumerate(pages) if f" {name}" in lines]
        for name in ("DINAS KESEHATAN", "DINAS LINGKUNGAN HIDUP DAN KEBERSIHAN")
    }
    assert starts == {"DINAS KESEHATAN": [0], "DINAS LINGKUNGAN HIDUP DAN KEBERSIHAN": [1]}
    assert "Halaman 1 dari 1" in pages[0]  # Dinkes alone
    dlhk_pages = len(pages) - 1
    assert dlhk_pages > 1
    assert f"Halaman 1 dari {dlhk_pages}" in pages[1]
    assert f"Halaman {dlhk_pages} dari {dlhk_pages}" in pages[-1]
    assert result.workers == 64


def test_operator_prints_only_their_own_opd(ctx, tmp_path):
    fill(ctx, "DLHK", 3)
    fill(ctx, "DINKES", 3, start=500)
    operator = replace(ctx, user="op", role="operator", opd_code="DINKES")
    result = print_daftar(operator, tmp_path / "a.pdf", opd_code=None, period=PERIOD, on=ON)
    assert set(result.totals) == {"DINKES"}
    with pytest.raises(AccessDenied):
        print_daftar(operator, tmp_path / "b.pdf", opd_code="DLHK", period=PERIOD, on=ON)


def test_unknown_opd_and_bad_period_are_explained(ctx, tmp_path):
    with pytest.raises(ReportError, match="XYZ tidak ada"):
        print_daftar(ctx, tmp_path / "x.pdf", opd_code="XYZ", period=PERIOD)
    with pytest.raises(ReportError, match="TTTT-BB"):
        Period.parse("11-2026")


def test_workers_not_yet_employed_in_the_period_are_not_listed(ctx, tmp_path):
    workers = fill(ctx, "DLHK", 3)
    ctx.store.conn.execute("UPDATE workers SET tmt = '2026-12-01' WHERE nik = ?", (workers[0].nik,))
    out = tmp_path / "daftar.pdf"
    result = print_daftar(ctx, out, opd_code="DLHK", period=PERIOD, on=ON)
    assert result.workers == 2
    assert workers[0].nik not in "\n".join(p.extract_text() for p in PdfReader(out).pages)


def test_rekap_rows_add_up_to_the_grand_total_and_match_the_daftar(ctx, tmp_path):
    fill(ctx, "DLHK", 30)
    fill(ctx, "DINKES", 7, start=500)
    out = tmp_path / "rekap.pdf"
    rekap = print_rekap(ctx, out, period=PERIOD, on=ON).document
    dlhk = print_daftar(ctx, tmp_path / "d.pdf", opd_code="DLHK", period=PERIOD, on=ON)
    assert [r.workers for r in rekap.rows] == [7, 30]  # OPDs by name: Dinas Kesehatan first
    assert rekap.total.workers == 37
    assert rekap.total.kes_employer == sum(r.kes_employer for r in rekap.rows)
    row = next(r for r in rekap.rows if r.opd_name.startswith("Dinas Lingkungan"))
    assert row.kes_employer == dlhk.totals["DLHK"].employer
    assert row.kes_worker == dlhk.totals["DLHK"].worker
    assert (row.kes_proposed, row.kes_active, row.kes_unregistered) == (30, 0, 0)

    text = PdfReader(out).pages[0].extract_text()
    lines = text.splitlines()  # pypdf puts each cell of this table on its own line
    at = lines.index("JUMLAH")
    amounts = [parse_amount(x) for x in lines[at + 1 : at + 17]]
    assert amounts[:3] == [rekap.total.men, rekap.total.women, 37]
    assert amounts[3:6] == [0, 37, 0]  # Kesehatan: aktif, usulan, belum didaftarkan
    assert amounts[8] == rekap.total.kes_total
    assert amounts[14] == rekap.total.tk_total
    assert amounts[15] == rekap.total.kes_total + rekap.total.tk_total
    assert "Halaman 1 dari 1" in text


def test_an_opd_without_workers_still_gets_a_signable_page(ctx, tmp_path):
    out = tmp_path / "kosong.pdf"
    result = print_daftar(ctx, out, opd_code="DINKES", period=PERIOD, on=ON)
    _, pages = pdf_lines(out)
    assert result.pages == 1
    assert "JUMLAH 0 0 0" in pages[0]
    assert "0 orang (L 0, P 0)" in pages[0]
    assert " NIP. 197203152000032004" in pages[0]


def test_a_wrong_jkk_class_on_a_membership_names_the_worker(ctx, tmp_path):
    workers = fill(ctx, "DLHK", 1)
    worker_id = ctx.store.query("SELECT id FROM workers")[0][0]
    with ctx.store.transaction() as db:
        db["memberships"].insert(
            {
                "worker_id": worker_id,
                "program": "ketenagakerjaan",
                "jkk_risk_class": 7,
                "tk_programs": "JKK,JKM",
                "status": "draft",
            }
        )
    with pytest.raises(ReportError, match=f"NIK {workers[0].nik}.*1 sampai 5"):
        print_daftar(
            ctx,
            tmp_path / "x.pdf",
            opd_code="DLHK",
            program="ketenagakerjaan",
            period=PERIOD,
            on=ON,
        )
