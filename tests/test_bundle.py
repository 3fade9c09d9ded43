"""Two offices diverge, then the centre merges: exact counts, conflicts, idempotence, seals."""

import json
from datetime import date

import pytest

from kupang_desk.cli import main
from kupang_desk.services import bundles
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.store import audit
from kupang_desk.store.bundle_file import BundleDamaged
from tests.helpers import (
    DINKES,
    SHARED_NIK,
    add_worker,
    by_nik,
    ctx_first_dlhk,
    dlhk_counts,
    dlhk_niks,
    dlhk_records,
    dump,
    edit,
    enroll,
)


def dlhk_family(ctx: AppContext) -> list[tuple[str, str, str]]:
    rows = ctx.store.query(
        "SELECT f.nik, f.name, w.nik FROM family_members f JOIN workers w ON w.id = f.worker_id"
        " WHERE w.opd_code = 'DLHK' ORDER BY f.nik"
    )
    return [tuple(r) for r in rows]


def test_first_bundle_adds_everything_with_its_history(offices, tmp_path):
    opd, centre = offices
    out = tmp_path / "kiriman.zip"
    result = bundles.export_bundle(opd, out, opd_code="DLHK")
    counts = dlhk_counts(opd)
    assert counts["workers"] == 253
    assert counts["family_members"] > 1 and counts["memberships"] > 253  # the demo's families
    assert result.manifest["counts"] == {**counts, "audit": 1, "documents": 0}
    assert result.manifest["machine_id"] == bundles.bundle_store.machine_id(opd.store)
    report = bundles.merge_bundle(centre, out)
    records = sum(counts.values())
    assert (report.outcome.added, report.outcome.updated, report.outcome.unchanged) == (
        records,
        0,
        0,
    )
    assert report.conflicts == []
    assert dlhk_counts(centre) == counts
    assert dlhk_family(centre) == dlhk_family(opd)
    assert ("5371016708100002", "ANAK PERTAMA", ctx_first_dlhk(opd).nik) in dlhk_family(centre)
    assert centre.store.query("SELECT count(*) FROM received_audit")[0][0] == 1
    actions = [r[0] for r in centre.store.query("SELECT action FROM audit_log")]
    assert actions.count("merge_insert") == records  # the OPD was registered before enrolling
    assert actions[-1] == "merge_bundle"
    assert audit.verify_chain(centre.store.db) is None


def test_diverged_offices_merge_with_exact_counts_and_conflicts(offices, tmp_path):
    opd, centre = offices
    first = tmp_path / "kiriman-1.zip"
    bundles.export_bundle(opd, first, opd_code="DLHK")
    bundles.merge_bundle(centre, first)
    niks = dlhk_niks(opd)
    records = dlhk_records(opd)

    # At the OPD: one new worker, one edit, one deactivation, one edit also made at the centre,
    # and a newcomer typed with a NIK the centre already has for a Dinkes worker.
    add_worker(
        opd,
        nik="5371010101900011",
        name="Yakobus Baru",
        birth_date=date(1990, 1, 1),
        sex="L",
        opd_code="DLHK",
        upah=2_900_000,
    )
    edit(opd, niks[1], jabatan="Pengawas Lapangan")
    edit(
        opd,
        niks[2],
        status="nonaktif",
        status_reason="kontrak berakhir",
        status_date=date(2026, 10, 31),
    )
    edit(opd, niks[3], upah=3_100_000)
    add_worker(
        opd,
        nik=SHARED_NIK,
        name="Orang Lain",
        birth_date=date(1985, 3, 5),
        sex="P",
        opd_code="DLHK",
    )
    # At the centre: the same worker edited differently, and the Dinkes worker.
    edit(centre, niks[3], upah=3_300_000, unit="Kecamatan Oebobo")
    add_worker(
        centre,
        nik=SHARED_NIK,
        name="Maria Ndun",
        birth_date=date(1985, 3, 5),
        sex="P",
        opd_code="DINKES",
    )

    second = tmp_path / "kiriman-2.zip"
    bundles.export_bundle(opd, second, opd_code="DLHK")
    report = bundles.merge_bundle(centre, second)
    data = report.to_json()
    # added: the new worker; updated: niks[1] and niks[2]; niks[3] is a conflict
    assert (data["added"], data["updated"], data["unchanged"]) == (1, 2, records - 3)
    conflicts = {c["reason"]: c for c in data["conflicts"]}
    assert set(conflicts) == {"changed_both_sides", "nik_held_by_other"}
    both = conflicts["changed_both_sides"]
    assert both["nik"] == niks[3]
    assert both["fields"] == ["unit", "upah"]
    assert (both["centre"]["upah"], both["incoming"]["upah"]) == (3_300_000, 3_100_000)
    held = conflicts["nik_held_by_other"]
    assert held["nik"] == SHARED_NIK
    assert held["holder"]["opd_code"] == "DINKES"
    assert "MARIA NDUN" in held["message"]

    assert by_nik(centre, niks[1]).jabatan == "Pengawas Lapangan"
    deactivated = by_nik(centre, niks[2])
    assert (deactivated.status, deactivated.status_date) == ("nonaktif", date(2026, 10, 31))
    assert by_nik(centre, niks[3]).upah == 3_300_000  # the conflict was not applied
    assert by_nik(centre, SHARED_NIK).name == "MARIA NDUN"
    assert by_nik(centre, "5371010101900011").name == "YAKOBUS BARU"

    before = dump(centre)
    again = bundles.merge_bundle(centre, second).to_json()
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, records)
    assert len(again["conflicts"]) == 2
    assert dump(centre) == before  # the second merge wrote nothing at all


def test_admin_decides_a_conflict_per_field_and_it_is_audited(offices, tmp_path):
    opd, centre = offices
    first = tmp_path / "kiriman-1.zip"
    bundles.export_bundle(opd, first, opd_code="DLHK")
    bundles.merge_bundle(centre, first)
    nik = dlhk_niks(opd)[5]
    edit(opd, nik, upah=3_100_000, jabatan="Sopir")
    edit(centre, nik, upah=3_300_000, jabatan="Mandor")
    second = tmp_path / "kiriman-2.zip"
    bundles.export_bundle(opd, second, opd_code="DLHK")
    [conflict] = bundles.merge_bundle(centre, second).conflicts

    result = bundles.resolve_conflict(centre, conflict, {"upah": "opd", "jabatan": "pusat"})
    assert (result["upah"], result["jabatan"]) == (3_100_000, "Mandor")
    worker = by_nik(centre, nik)
    assert (worker.upah, worker.jabatan) == (3_100_000, "Mandor")
    last = centre.store.query("SELECT action, user, after_json FROM audit_log ORDER BY id DESC")[0]
    assert (last["action"], last["user"]) == ("merge_resolve", "admin-pusat")
    assert json.loads(last["after_json"])["pilihan"] == {"jabatan": "pusat", "upah": "opd"}

    # The decided version is not offered again.
    again = bundles.merge_bundle(centre, second)
    assert again.conflicts == []
    # A resolution computed against an older centre state is refused.
    with pytest.raises(Exception, match="sudah berubah"):
        bundles.resolve_conflict(centre, conflict, dict.fromkeys(conflict.fields, "opd"))


def test_declined_nik_conflict_stays_declined(offices, tmp_path):
    opd, centre = offices
    add_worker(
        centre,
        nik=SHARED_NIK,
        name="Maria Ndun",
        birth_date=date(1985, 3, 5),
        sex="P",
        opd_code="DINKES",
    )
    add_worker(
        opd,
        nik=SHARED_NIK,
        name="Orang Lain",
        birth_date=date(1985, 3, 5),
        sex="P",
        opd_code="DLHK",
    )
    out = tmp_path / "kiriman.zip"
    bundles.export_bundle(opd, out, opd_code="DLHK")
    [conflict] = bundles.merge_bundle(centre, out).conflicts
    assert conflict.reason == "nik_held_by_other"
    assert bundles.resolve_conflict(centre, conflict, {}) is None
    assert centre.store.query("SELECT action FROM audit_log ORDER BY id DESC")[0][0] == (
        "merge_decline"
    )
    report = bundles.merge_bundle(centre, out)
    assert report.conflicts == []
    # every record of the first merge, plus the declined newcomer
    assert report.outcome.unchanged == dlhk_records(opd)


@pytest.mark.parametrize("where", ["first", "middle", "before_seal", "seal", "last"])
def test_a_flipped_byte_is_refused_before_anything_is_written(offices, tmp_path, where):
    opd, centre = offices
    out = tmp_path / "kiriman.zip"
    bundles.export_bundle(opd, out, opd_code="DLHK")
    raw = bytearray(out.read_bytes())
    position = {
        "first": 0,
        "middle": len(raw) // 2,
        "before_seal": len(raw) - 72,
        "seal": len(raw) - 30,
        "last": len(raw) - 1,
    }[where]
    raw[position] ^= 0x01
    out.write_bytes(bytes(raw))
    before = dump(centre)
    with pytest.raises(BundleDamaged, match="rusak"):
        bundles.merge_bundle(centre, out)
    assert dump(centre) == before


def test_merge_is_admin_only_and_export_respects_the_operators_opd(offices, tmp_path):
    opd, centre = offices
    out = tmp_path / "kiriman.zip"
    opd.role, opd.opd_code = "operator", "DLHK"
    with pytest.raises(AccessDenied):
        bundles.export_bundle(opd, out, opd_code="DINKES")
    bundles.export_bundle(opd, out, opd_code="DLHK")
    centre.role, centre.opd_code = "verifikator", "DINKES"
    with pytest.raises(AccessDenied):
        bundles.merge_bundle(centre, out)
    assert centre.store.query("SELECT count(*) FROM workers")[0][0] == 0


def test_cli_bundle_export_and_merge_json(offices, tmp_path, capsys):
    opd, centre = offices
    opd_path, centre_path = opd.store.path, centre.store.path
    records = dlhk_records(opd)
    opd.close()
    centre.close()
    out = tmp_path / "kiriman.zip"
    assert main(["--db", str(opd_path), "bundle", "export", str(out), "--opd", "DLHK"]) == 0
    assert "253 pegawai" in capsys.readouterr().err
    assert main(["--db", str(centre_path), "bundle", "merge", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["added"], data["updated"], data["unchanged"], data["conflicts"]) == (
        records,
        0,
        0,
        [],
    )
    out.write_bytes(out.read_bytes()[:-1] + b"x")
    assert main(["--db", str(centre_path), "bundle", "merge", str(out)]) == 2
    assert "rusak" in capsys.readouterr().err


def test_bundles_from_a_newer_program_or_from_this_database_are_refused(offices, tmp_path):
    from kupang_desk.store import keys
    from kupang_desk.store.bundle_file import write_bundle
    from kupang_desk.store.bundles import collect

    opd, centre = offices
    out = tmp_path / "baru.zip"
    manifest = {
        "opd": "DLHK",
        "machine_id": "lain",
        "created_at": "2027-01-01T00:00:00",
        "schema_version": 99,
        "counts": {},
    }
    identity = keys.office_identity(opd.store)
    write_bundle(
        out,
        manifest,
        collect(opd.store, "DLHK"),
        signing_key=identity.signing_key,
        centre_public_key=identity.centre_public_key,
        sequence=1,
    )
    with pytest.raises(bundles.BundleError, match="lebih baru"):
        bundles.merge_bundle(centre, out)
    own = tmp_path / "sendiri.zip"
    enroll(centre, centre, DINKES)  # the centre enrolled as an office of itself
    bundles.export_bundle(centre, own, opd_code="DINKES")
    with pytest.raises(bundles.BundleError, match="basis data ini sendiri"):
        bundles.merge_bundle(centre, own)


def test_family_and_membership_of_a_refused_worker_wait_and_are_named(offices, tmp_path):
    opd, centre = offices
    add_worker(
        centre,
        nik=SHARED_NIK,
        name="Maria Ndun",
        birth_date=date(1985, 3, 5),
        sex="P",
        opd_code="DINKES",
    )
    newcomer = add_worker(
        opd,
        nik=SHARED_NIK,
        name="Orang Lain",
        birth_date=date(1985, 3, 5),
        sex="P",
        opd_code="DLHK",
    )
    with opd.store.transaction() as db:
        child = (
            db["family_members"]
            .insert(
                {
                    "uuid": "fam-2",
                    "worker_id": newcomer.id,
                    "nik": "5371010101150003",
                    "name": "ANAK KEDUA",
                    "relation": "anak",
                    "birth_date": "2015-01-01",
                    "sex": "L",
                    "row_version": 1,
                }
            )
            .last_pk
        )
        db["memberships"].insert(
            {
                "worker_id": newcomer.id,
                "family_member_id": child,
                "program": "kesehatan",
                "status": "draft",
                "row_version": 1,
            }
        )
    out = tmp_path / "kiriman.zip"
    bundles.export_bundle(opd, out, opd_code="DLHK")
    data = bundles.merge_bundle(centre, out).to_json()
    waits = 3  # the refused newcomer, its child and the child's membership
    assert (data["added"], data["updated"], data["unchanged"]) == (dlhk_records(opd) - waits, 0, 0)
    waiting = [(c["entity"], c["reason"], c["nik"], c["name"], c["opd"]) for c in data["conflicts"]]
    assert waiting == [
        ("worker", "nik_held_by_other", SHARED_NIK, "ORANG LAIN", "DLHK"),
        ("family_member", "parent_not_merged", "5371010101150003", "ANAK KEDUA", "DLHK"),
        ("membership", "parent_not_merged", "5371010101150003", "ANAK KEDUA", "DLHK"),
    ]
    assert centre.store.query("SELECT count(*) FROM family_members")[0][0] == (
        dlhk_counts(opd)["family_members"] - 1
    )
