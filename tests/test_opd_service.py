"""OPD master data: deactivated, an OPD keeps its workers and takes no new ones."""

from dataclasses import replace

import pytest

from kupang_desk.services import opd as opd_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.workers import save_worker


def test_a_deactivated_opd_keeps_its_workers_and_takes_no_new_ones(ctx, worker):
    kept = save_worker(ctx, worker).worker
    opd_service.edit_opd(ctx, "DLHK", active=False)
    assert [o.code for o in opd_service.list_opd(ctx, active_only=True)] == ["DINKES"]
    kept = save_worker(ctx, replace(kept, jabatan="Sopir")).worker  # its own: editable
    assert kept is not None
    other = replace(worker, nik="5371014503850002", name="Lain", id=None)
    refused = save_worker(ctx, other)
    assert not refused.saved
    assert [i.field for i in refused.issues if i.is_error] == ["opd_code"]
    assert "nonaktif" in refused.issues[0].message
    moved = save_worker(ctx, replace(kept, opd_code="DINKES")).worker
    back = save_worker(ctx, replace(moved, opd_code="DLHK"))
    assert not back.saved  # moving into a deactivated OPD is refused too
    opd_service.edit_opd(ctx, "DLHK", active=True)
    assert save_worker(ctx, other).saved


def test_rename_keeps_the_code_and_only_an_admin_edits(ctx):
    renamed = opd_service.edit_opd(ctx, "dlhk", name="Dinas Lingkungan Hidup")
    assert (renamed.code, renamed.name) == ("DLHK", "Dinas Lingkungan Hidup")
    with pytest.raises(opd_service.OpdError, match="kelas risiko JKK"):
        opd_service.edit_opd(ctx, "DLHK", jkk_class=7)
    with pytest.raises(opd_service.OpdError, match="pakai huruf"):
        opd_service.add_opd(ctx, replace(renamed, code="DL HK!"))
    operator = AppContext(ctx.store, user="op", role="operator", opd_code="DLHK")
    with pytest.raises(AccessDenied):
        opd_service.edit_opd(operator, "DLHK", name="X")


def test_a_roster_cannot_be_imported_into_a_deactivated_opd(ctx, tmp_path):
    from kupang_desk.services.importing import ImportOptions, ImportRefused, import_file

    roster = tmp_path / "ptt.csv"
    roster.write_text("NIK;NAMA;OPD\n5371014503850001;Maria;DLHK\n", encoding="utf-8")
    opd_service.edit_opd(ctx, "DLHK", active=False)
    with pytest.raises(ImportRefused, match="nonaktif"):
        import_file(ctx, roster, ImportOptions(opd_code="DLHK", dry_run=True))
    report = import_file(ctx, roster, ImportOptions(opd_code="DINKES", dry_run=True))
    assert [r["field"] for r in report.to_json()["rejected"]][:1] == ["opd_code"]
