"""Issue 12 item 7: children whose cover ends within three months are listed with the date
(21st birthday, 25th for a student, or the school certificate's end), and a spouse who is a
PPU member through their own employer is left off this worker's daftar and Form Mutasi."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kupang_desk.domain import ages
from kupang_desk.domain.bpjs_readiness import readiness_issues
from kupang_desk.domain.entities import FamilyMember, Worker
from kupang_desk.domain.family import (
    arrange_children,
    cover_end,
    normalize_member,
    validate_family,
    validate_member,
)
from kupang_desk.domain.history import describe
from kupang_desk.services import checks
from kupang_desk.services import family as family_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.exporting import export
from kupang_desk.services.reports import Period, print_daftar
from kupang_desk.store import audit
from tests.helpers import complete
from tests.roster_sheets import nik_for

HEADER_ROW = 14  # Form Mutasi: the title block above the table (tests/test_export_mutasi.py)


def child(born: date, sex: str = "L", serial: int = 1, **changes) -> FamilyMember:
    return FamilyMember(
        worker_id=1,
        nik=nik_for(born, sex, serial),
        name="YOHANES NDUN",
        relation="anak",
        birth_date=born,
        sex=sex,
        birth_place="KUPANG",
        **changes,
    )


def codes(issues) -> list[str]:
    return [i.code for i in issues]


# -- the dates ----------------------------------------------------------------------------


def test_a_child_turning_21_is_listed_three_months_ahead_with_the_date():
    boy = child(date(2005, 8, 20))  # turns 21 on 20-08-2026
    assert cover_end(boy) == (date(2026, 8, 20), "21")
    assert validate_member(boy, today=date(2026, 4, 1)) == []  # 01-07-2026 is still before
    [leaving] = validate_member(boy, today=date(2026, 6, 1))  # 01-09-2026 reaches it
    assert leaving.code == "family.child_leaving" and not leaving.is_error
    assert "berumur 21 tahun pada 20-08-2026" in leaving.message
    assert "tidak ditanggung lagi mulai tanggal itu" in leaving.message
    # the last day covered, then the day the cover ends (an error, as before this issue)
    assert codes(validate_member(boy, today=date(2026, 8, 19))) == ["family.child_leaving"]
    [past] = validate_member(boy, today=date(2026, 8, 20))
    assert past.code == "family.child_age" and past.is_error
    assert "umur 21 tahun" in past.message


def test_a_student_leaves_at_the_earlier_of_the_25th_birthday_and_the_certificate():
    # born 10-01-2002: 25 on 10-01-2027, before the certificate's 30-06-2027
    student = child(date(2002, 1, 10), student=True, student_until=date(2027, 6, 30))
    assert cover_end(student) == (date(2027, 1, 10), "25")
    assert validate_member(student, today=date(2026, 10, 1)) == []  # + 3 months: 01-01-2027
    [leaving] = validate_member(student, today=date(2026, 11, 1))
    assert leaving.code == "family.child_leaving"
    assert "berumur 25 tahun pada 10-01-2027" in leaving.message

    # the certificate ends first: covered through 31-07-2026, out from 01-08-2026
    short = child(date(2004, 3, 15), student=True, student_until=date(2026, 7, 31))
    assert cover_end(short) == (date(2026, 8, 1), "surat")
    [leaving] = validate_member(short, today=date(2026, 5, 15))
    assert "berlaku sampai 31-07-2026; tidak ditanggung lagi mulai 01-08-2026" in (leaving.message)
    assert validate_member(short, today=date(2026, 4, 30)) == []  # + 3 months: 30-07-2026
    [past] = validate_member(short, today=date(2026, 8, 1))  # 22 years old, certificate over
    assert past.code == "family.child_age"
    assert "umur 22 tahun" in past.message and "31-07-2026" in past.message

    # a certificate ending before the 21st birthday does not shorten the cover
    young = child(date(2010, 5, 1), student=True, student_until=date(2026, 6, 30))
    assert cover_end(young) == (date(2031, 5, 1), "surat")


def test_a_student_without_the_certificate_date_is_asked_for_it():
    student = child(date(2005, 8, 20), student=True)  # 21 on 20-08-2026, counted to 25
    assert cover_end(student) == (date(2030, 8, 20), "25")
    assert validate_member(student, today=date(2026, 4, 1)) == []
    [asked] = validate_member(student, today=date(2026, 6, 1))
    assert asked.code == "family.student_certificate"
    assert "berumur 21 pada 20-08-2026" in asked.message
    # Pelajar unchecked: the child left school, the certificate's date goes with it
    assert normalize_member(replace(student, student=False, student_until=date(2027, 1, 1))) == (
        replace(student, student=False)
    )


def test_calendar_edges_of_the_dates():
    assert ages.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert ages.add_months(date(2026, 12, 6), 3) == date(2027, 3, 6)
    assert ages.birthday(date(2004, 2, 29), 21) == date(2025, 3, 1)  # as age_on counts
    assert ages.age_on(date(2004, 2, 29), date(2025, 2, 28)) == 20
    assert ages.age_on(date(2004, 2, 29), date(2025, 3, 1)) == 21


def test_perlu_perbaikan_lists_the_child_with_the_date(ctx, worker):
    saved = worker_service.save_worker(ctx, complete(worker)).worker
    boy = replace(child(date(2005, 8, 20)), worker_id=saved.id)
    # saved on a day it is no concern yet (the rules run with the day given)
    assert family_service.save_family(ctx, saved.id, [boy], today=date(2026, 1, 5)).saved
    april = checks.worker_problems(ctx, saved.id, today=date(2026, 4, 1))
    assert "family.child_leaving" not in codes(april)
    june = checks.worker_problems(ctx, saved.id, today=date(2026, 6, 1))
    [line] = [i for i in june if i.code == "family.child_leaving"]
    assert line.message.startswith("YOHANES NDUN: berumur 21 tahun pada 20-08-2026")
    listed = checks.record_problems(ctx, today=date(2026, 6, 1))
    assert [p.name for p in listed] == ["MARIA GORETI NDUN"]
    assert "20-08-2026" in " ".join(i.message for i in listed[0].issues)


# -- the spouse covered through their own employer ------------------------------------------


def wife(worker_id: int = 1, **changes) -> FamilyMember:
    born = date(1986, 2, 14)
    return FamilyMember(
        worker_id, nik_for(born, "P", 7), "ELSA TEFA", "istri", born, "P", **changes
    )


def test_ppu_sendiri_is_for_a_spouse_and_takes_no_childs_place():
    today = date(2026, 12, 6)
    assert validate_member(wife(ppu_sendiri=True), today=today) == []
    boy = child(date(2015, 1, 1), ppu_sendiri=True)
    assert codes(validate_member(boy, today=today)) == ["family.ppu_sendiri"]
    # two wives: one covered here, the other PPU through her own employer
    second = replace(wife(ppu_sendiri=True), name="ANA BRIA", nik=nik_for(date(1988, 3, 3), "P"))
    assert "family.spouses" not in codes(validate_family("L", [wife(), second]))
    assert "family.spouses" in codes(
        validate_family("L", [wife(), replace(second, ppu_sendiri=False)])
    )
    # the three covered children are BPJS's limit on children: the 4th stays tambahan
    children = [child(date(2012 + i, 1, 1), serial=i + 1) for i in range(4)]
    arranged = arrange_children([wife(ppu_sendiri=True), *children])
    assert [m.relation for m in arranged] == ["istri", "anak", "anak", "anak", "tambahan"]
    # and BPJS needs nothing of her from this worker's form
    bare = replace(wife(ppu_sendiri=True), birth_place="")
    assert readiness_issues(complete_worker(), [bare], programs={"kesehatan"}) == []
    listed = readiness_issues(
        complete_worker(), [replace(bare, ppu_sendiri=False)], programs={"kesehatan"}
    )
    assert codes(listed) == ["bpjs.family.birth_place"]


def complete_worker() -> Worker:
    return complete(
        Worker(
            nik="5371014503850001",
            name="MARIA",
            birth_date=date(1985, 3, 5),
            sex="P",
            opd_code="DLHK",
            upah=2_900_000,
        )
    )


@pytest.fixture
def family_of_three(ctx, worker):
    """A husband with his wife and one child (born 2015), as saved through the service."""
    husband = replace(worker, nik=nik_for(date(1984, 6, 1), "L"), birth_date=date(1984, 6, 1),
                      sex="L", name="YAKOBUS NDUN")  # fmt: skip
    saved = worker_service.save_worker(ctx, complete(husband)).worker
    members = [
        wife(saved.id, birth_place="SOE"),
        replace(child(date(2015, 1, 1)), worker_id=saved.id),
    ]
    result = family_service.save_family(ctx, saved.id, members)
    assert result.saved, result.issues
    return saved, result.members


def mark_ppu_sendiri(ctx, worker_id: int) -> None:
    members = family_service.list_family(ctx, worker_id)
    changed = [replace(m, ppu_sendiri=m.relation == "istri") for m in members]
    assert family_service.save_family(ctx, worker_id, changed).saved


def test_the_printed_daftar_leaves_the_spouse_off(ctx, family_of_three, tmp_path):
    saved, (spouse, son) = family_of_three
    before = tmp_path / "before.pdf"
    assert print_daftar(ctx, before, opd_code="DLHK", period=Period(2026, 12)).family == 2
    text = "\n".join(p.extract_text() for p in PdfReader(before).pages)
    assert spouse.nik in text and son.nik in text

    mark_ppu_sendiri(ctx, saved.id)
    after = tmp_path / "after.pdf"
    assert print_daftar(ctx, after, opd_code="DLHK", period=Period(2026, 12)).family == 1
    text = "\n".join(p.extract_text() for p in PdfReader(after).pages)
    assert spouse.nik not in text and "ELSA TEFA" not in text
    assert son.nik in text and saved.nik in text


def form_mutasi_niks(path) -> list[str]:
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[HEADER_ROW]]
    column = header.index("NIK/KITAS/KITAP")
    return [row[column] for row in sheet.iter_rows(min_row=HEADER_ROW + 2, values_only=True)]


def test_the_form_mutasi_leaves_the_spouse_off(ctx, family_of_three, tmp_path):
    saved, (spouse, son) = family_of_three
    out = tmp_path / "before.xlsx"
    assert export(ctx, "kesehatan", out, opd_code="DLHK", on=date(2026, 12, 6)) == 3
    assert form_mutasi_niks(out) == [saved.nik, spouse.nik, son.nik]
    mark_ppu_sendiri(ctx, saved.id)
    out = tmp_path / "after.xlsx"
    assert export(ctx, "kesehatan", out, opd_code="DLHK", on=date(2026, 12, 6)) == 2
    assert form_mutasi_niks(out) == [saved.nik, son.nik]


def test_new_fields_are_stored_and_told_in_the_history(ctx, family_of_three):
    saved, (spouse, son) = family_of_three
    changed = [
        replace(spouse, ppu_sendiri=True),
        replace(son, student=True, student_until=date(2027, 6, 30)),
    ]
    assert family_service.save_family(ctx, saved.id, changed).saved
    stored = {m.name: m for m in family_service.list_family(ctx, saved.id)}
    assert stored["ELSA TEFA"].ppu_sendiri is True
    assert stored["YOHANES NDUN"].student_until == date(2027, 6, 30)
    [entry] = [e for e in audit.history(ctx.store.db, "family_member", spouse.id)
               if e.action == "update"]  # fmt: skip
    assert describe(entry.action, entry.entity, entry.before, entry.after) == (
        "mengubah Terdaftar PPU melalui pemberi kerja sendiri: tidak → ya"
    )
    [entry] = [e for e in audit.history(ctx.store.db, "family_member", son.id)
               if e.action == "update"]  # fmt: skip
    text = describe(entry.action, entry.entity, entry.before, entry.after)
    assert text == (
        "mengubah Pelajar: tidak → ya; Surat keterangan sekolah/kuliah berlaku sampai: "
        "(kosong) → 30-06-2027"
    )


# -- the Keluarga tab -------------------------------------------------------------------------


def test_keluarga_tab_saves_the_certificate_date_and_the_ppu_flag(qtbot, ctx, family_of_three):
    from kupang_desk.ui.family_tab import PPU_SENDIRI, RELATION, STUDENT, STUDENT_UNTIL
    from kupang_desk.ui.worker_form import WorkerForm

    saved, _ = family_of_three
    form = WorkerForm(ctx, [], worker_service.get_worker(ctx, saved.id))
    qtbot.addWidget(form)
    tab = form.family_tab
    rows = {tab.table.cellWidget(r, RELATION).currentData(): r for r in range(2)}
    # the flag is offered on the spouse's row only
    assert tab.table.cellWidget(rows["istri"], PPU_SENDIRI).isEnabled()
    assert not tab.table.cellWidget(rows["anak"], PPU_SENDIRI).isEnabled()
    tab.table.cellWidget(rows["istri"], PPU_SENDIRI).setChecked(True)
    tab.table.cellWidget(rows["anak"], STUDENT).setChecked(True)
    tab.table.item(rows["anak"], STUDENT_UNTIL).setText("31-13-2027")  # no such date
    assert not tab.save()
    assert "Tanggal surat sekolah/kuliah 31-13-2027 tidak ada" in tab.messages.text()
    tab.table.item(rows["anak"], STUDENT_UNTIL).setText("30-06-2027")
    assert tab.save(), tab.messages.text()
    stored = {m.relation: m for m in family_service.list_family(ctx, saved.id)}
    assert stored["istri"].ppu_sendiri and stored["anak"].student_until == date(2027, 6, 30)
    assert not form.is_dirty()
    shown = {tab.table.cellWidget(r, RELATION).currentData(): r for r in range(2)}
    assert tab.table.item(shown["anak"], STUDENT_UNTIL).text() == "30-06-2027"
    assert tab.table.cellWidget(shown["istri"], PPU_SENDIRI).isChecked()
