"""Services of the registry: duplicates, warnings, deactivation, family, memberships, search."""

import json
from dataclasses import replace
from datetime import date

import pytest

from kupang_desk.cli import main
from kupang_desk.domain.entities import FamilyMember, Membership
from kupang_desk.domain.memberships import TransitionRefused
from kupang_desk.domain.queries import WorkerQuery
from kupang_desk.services import family as family_service
from kupang_desk.services import rates as rate_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.checks import record_problems
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.demo import fill_demo
from kupang_desk.store import audit
from tests.helpers import admin_context, confirm_key_fields


def saved(ctx, worker, **kw):
    result = worker_service.save_worker(ctx, worker, **kw)
    assert result.saved, result.issues
    return result.worker


def test_duplicate_nik_names_the_holder_and_opd(ctx, worker):
    saved(ctx, worker)
    other = replace(worker, name="YOSEFINA BANI", opd_code="DINKES")
    result = worker_service.save_worker(ctx, other)
    assert not result.saved
    text = next(i.message for i in result.issues if i.code == "nik.duplicate")
    assert "MARIA GORETI NDUN" in text and "Dinas Lingkungan Hidup dan Kebersihan" in text


def test_same_name_and_birth_date_under_another_nik_is_a_warning(ctx, worker):
    saved(ctx, worker)
    twin = replace(worker, nik="5371014503850002", opd_code="DINKES")
    result = worker_service.save_worker(ctx, twin)
    assert result.needs_confirmation
    assert "kemungkinan data ganda" in result.issues[0].message.lower()
    assert "5371014503850001" in result.issues[0].message
    accepted = worker_service.save_worker(ctx, twin, accept_warnings=True)
    assert accepted.saved and accepted.worker.accepted_warnings == "duplicate.likely"
    assert accepted.worker.open_issues == 0


def test_umk_warning_uses_the_rates_table_of_this_year(ctx, worker):
    this_year = date.today().year
    seeded = rate_service.rates_for(ctx, this_year)
    assert rate_service.umk(ctx) == seeded.umk < worker.upah
    assert worker_service.check_worker(ctx, worker) == []
    # The admin enters a higher UMK for this year: the same wage is now below it.
    rate_service.save_rates(ctx, replace(seeded, year=this_year, umk=3_100_000))
    result = worker_service.save_worker(ctx, worker)
    assert result.needs_confirmation
    assert [i.code for i in result.issues] == ["upah.below_umk"]
    assert "Rp 3.100.000" in result.issues[0].message


def test_deactivation_keeps_the_row_with_reason_and_date(ctx, worker):
    w = saved(ctx, worker)
    worker_service.deactivate_worker(ctx, w.id, reason="Kontrak berakhir", on=date(2026, 12, 31))
    rows = ctx.store.query("SELECT status, status_reason, status_date FROM workers")
    assert [tuple(r) for r in rows] == [("nonaktif", "Kontrak berakhir", "2026-12-31")]
    with pytest.raises(worker_service.DeactivationRefused):
        worker_service.deactivate_worker(ctx, w.id, reason=" ", on=date(2026, 12, 31))
    actions = [r[0] for r in ctx.store.query("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-1] == "deactivate"


def test_family_saves_with_tambahan_and_blocks_two_spouses(ctx, worker):
    w = saved(ctx, replace(worker, nik="5371011503850001", sex="L", name="YOSEF NDUN",
                           birth_date=date(1985, 3, 15)))  # fmt: skip
    wife = FamilyMember(w.id, "5371014506870001", "maria ndun", "istri", date(1987, 6, 5), "P")
    kids = [
        FamilyMember(w.id, f"53710101011{i}0001", f"anak {'ABCD'[i]}", "anak",
                     date(2010 + i, 1, 1), "L")
        for i in range(4)
    ]  # fmt: skip
    result = family_service.save_family(ctx, w.id, [wife, *kids])
    assert result.saved, result.issues
    relations = {m.name: m.relation for m in family_service.list_family(ctx, w.id)}
    assert relations["ANAK D"] == "tambahan" and relations["ANAK A"] == "anak"
    second = FamilyMember(w.id, "5371014507880001", "ana", "istri", date(1988, 7, 5), "P")
    refused = family_service.save_family(ctx, w.id, [*result.members, second])
    assert not refused.saved
    assert any(i.code == "family.spouses" for i in refused.issues)
    again = FamilyMember(w.id, "5371014506870001", "lain", "anak", date(1987, 6, 5), "P")
    refused = family_service.save_family(ctx, w.id, [again])
    assert any(
        "MARIA NDUN" in i.message for i in refused.issues if i.code.endswith("nik_duplicate")
    )


def test_membership_steps_are_dated_audited_and_role_checked(ctx, worker):
    w = saved(ctx, worker)
    result = family_service.save_membership(
        ctx, Membership("kesehatan", w.id, kelas_rawat="2", faskes_code="0138u020",
                        faskes_name="puskesmas oebobo")
    )  # fmt: skip
    m = result.membership
    assert m.faskes_code == "0138U020" and m.faskes_name == "PUSKESMAS OEBOBO"
    operator = AppContext(ctx.store, user="op", role="operator", opd_code="DLHK")
    with pytest.raises(AccessDenied):
        family_service.change_status(operator, m.id, "verified", on=date(2026, 11, 1))
    confirm_key_fields(ctx, w.id)
    family_service.change_status(ctx, m.id, "verified", on=date(2026, 11, 1))
    family_service.change_status(ctx, m.id, "submitted", on=date(2026, 11, 2))
    with pytest.raises(TransitionRefused):
        family_service.change_status(ctx, m.id, "active", on=date(2026, 11, 3))
    done = family_service.change_status(ctx, m.id, "rejected", on=date(2026, 11, 4), reason="foto")
    assert (done.verified_at, done.submitted_at, done.rejected_at) == (
        date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 4)
    )  # fmt: skip
    actions = [
        r[0] for r in ctx.store.query("SELECT action FROM audit_log WHERE entity = 'membership'")
    ]
    assert actions == ["insert", "status:verified", "status:submitted", "status:rejected"]
    assert audit.verify_chain(ctx.store.db) is None


@pytest.fixture(scope="module")
def demo_ctx(tmp_path_factory):
    context = admin_context(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    fill_demo(context, 600)
    yield context
    context.close()


def test_demo_database_has_no_record_problems(demo_ctx):
    assert record_problems(demo_ctx) == []
    relations = dict(
        demo_ctx.store.query("SELECT relation, count(*) FROM family_members GROUP BY 1")
    )
    assert relations["tambahan"] > 0 and relations["anak"] > 0 and relations["istri"] > 0
    # JKK: the memberships follow their OPD (DLHK's registration is class III, the others'
    # jasa pemerintahan class I), with the demo's per-jabatan exceptions
    assert demo_ctx.store.query("SELECT count(jkk_risk_class) FROM memberships")[0][0] == 0
    sweeper = rate_service.jkk_class(demo_ctx, "DLHK", "Tenaga Kebersihan / Penyapu Jalan")
    driver = rate_service.jkk_class(demo_ctx, "DLHK", "Sopir Truk Sampah")
    office = rate_service.jkk_class(demo_ctx, "DINKES", "Tenaga Administrasi")
    assert (sweeper.label, driver.label, office.label) == ("III", "II (khusus)", "I")


def test_record_problems_finds_a_broken_record_and_refreshes_the_count(demo_ctx):
    row = demo_ctx.store.query("SELECT id, nik FROM workers ORDER BY id LIMIT 1")[0]
    with demo_ctx.store.transaction() as db:
        db.execute("UPDATE workers SET upah = 1000000 WHERE id = ?", [row[0]])
    try:
        problems = record_problems(demo_ctx, refresh=True)
        assert [p.nik for p in problems] == [row[1]]
        assert "di bawah UMK" in problems[0].issues[0].message
        counts = worker_service.count_workers(demo_ctx, WorkerQuery())
        assert counts["needs_fixing"] == 1
        listed = worker_service.page_workers(demo_ctx, WorkerQuery(needs_fixing=True), 0, 10)
        assert [r.nik for r in listed] == [row[1]]
    finally:
        with demo_ctx.store.transaction() as db:
            db.execute("UPDATE workers SET upah = 2900000, open_issues = 0 WHERE id = ?", [row[0]])


def test_search_by_nik_prefix_name_part_and_filters(demo_ctx):
    def names(**kw):
        return [r.name for r in worker_service.page_workers(demo_ctx, WorkerQuery(**kw), 0, 1000)]

    first = demo_ctx.store.query("SELECT nik, name FROM workers ORDER BY id LIMIT 1")[0]
    assert first[1] in names(text=first[0][:10])
    surname = first[1].split()[-1]
    assert all(surname in n.replace(" ", "") for n in names(text=surname.lower()))
    spaced = " ".join(first[1].lower().replace(" ", ""))  # "m a r i a …": spaces ignored
    assert first[1] in names(text=spaced)
    assert names(text="50%") == []  # LIKE wildcards are taken literally
    dlhk = names(opd_code="DLHK")
    assert len(dlhk) == 253
    priority = names(opd_code="DLHK", priority=True)
    assert 0 < len(priority) < 253
    rejected = names(program="kesehatan", membership_status="rejected")
    active = names(program="kesehatan", membership_status="active")
    assert rejected and active and not set(rejected) & set(active)
    by_upah = worker_service.page_workers(demo_ctx, WorkerQuery(sort="upah", descending=True), 0, 5)
    assert by_upah[0].upah == max(r[0] for r in demo_ctx.store.query("SELECT upah FROM workers"))


def test_check_nik_json_has_exactly_the_contract_keys(capsys):
    assert main(["check", "nik", "5371014503850001", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == [
        "nik", "valid", "province", "regency", "district", "birth_date", "sex", "errors",
        "warnings",
    ]  # fmt: skip
    assert data["district"] == "Alak" and data["province"] == "NUSA TENGGARA TIMUR"


def test_opd_head_nip_is_checked(ctx):
    from kupang_desk.services import opd as opd_service
    from kupang_desk.services.demo import OPDS

    broken = replace(OPDS[2], head_nip="19701108199512300")
    with pytest.raises(opd_service.OpdError, match="18 angka"):
        opd_service.save_opd(ctx, broken)
    opd_service.save_opd(ctx, replace(OPDS[2], head_nip="19701108 199512 1 002"))
    assert [o.head_nip for o in worker_service.list_opd(ctx) if o.code == OPDS[2].code] == [
        "197011081995121002"
    ]


def test_one_membership_per_person_and_program(ctx, worker):
    w = saved(ctx, worker)
    first = family_service.save_membership(ctx, Membership("ketenagakerjaan", w.id))
    assert first.saved and first.membership.kelas_rawat == ""
    second = family_service.save_membership(ctx, Membership("ketenagakerjaan", w.id))
    assert not second.saved
    assert "sudah punya kepesertaan BPJS Ketenagakerjaan (status Draf)" in second.issues[0].message
    kes = family_service.save_membership(ctx, Membership("kesehatan", w.id, kelas_rawat="2"))
    assert kes.saved and kes.membership.tk_programs == ""


def test_changing_a_workers_nik_is_not_a_look_alike_of_itself(ctx, worker):
    w = saved(ctx, worker)
    result = worker_service.save_worker(ctx, replace(w, nik="5371014503850002"))
    assert result.saved, result.issues
    assert result.issues == []


def test_spouse_who_is_a_worker_is_not_a_dependant(ctx, worker):
    wife = saved(ctx, worker)  # MARIA, a worker herself
    husband = saved(ctx, replace(worker, nik="5371011503800001", name="YOSEF NDUN", sex="L",
                                 birth_date=date(1980, 3, 15)))  # fmt: skip
    as_member = FamilyMember(husband.id, wife.nik, wife.name, "istri", wife.birth_date, "P")
    result = family_service.save_family(ctx, husband.id, [as_member])
    assert not result.saved
    assert "peserta sendiri" in result.issues[0].message
    assert "Dinas Lingkungan Hidup dan Kebersihan" in result.issues[0].message
