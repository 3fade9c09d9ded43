"""Issue 13: the centre refuses, before any write, a bundle it cannot trust.

Each attack of the issue is reproduced: an unsigned or re-sealed file, a signature by an
unknown, revoked or other office, an OPD the office is not registered for, a replayed
older bundle, a zip bomb, malformed manifests; and the file is shown to be unreadable.
"""

import io
import json
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest

from kupang_desk.cli import main
from kupang_desk.services import bundles
from kupang_desk.services.opd import save_opd
from kupang_desk.store import keys
from kupang_desk.store.bundle_file import BundleDamaged, BundleRefused, write_sealed
from kupang_desk.store.bundles import collect
from tests.helpers import (
    DINKES,
    DLHK,
    add_worker,
    admin_context,
    dlhk_niks,
    dlhk_records,
    document,
    dump,
    edit,
    enroll,
    sealed,
)


def export(opd, tmp_path: Path, name: str = "kiriman.zip") -> Path:
    out = tmp_path / name
    bundles.export_bundle(opd, out, opd_code="DLHK")
    return out


def refused(centre, path: Path, match: str, kind=BundleRefused) -> None:
    before = dump(centre)
    with pytest.raises(kind, match=match):
        bundles.merge_bundle(centre, path)
    assert dump(centre) == before


def test_a_known_nik_and_name_appear_in_no_byte_of_the_bundle(offices, tmp_path):
    opd, centre = offices
    out = export(opd, tmp_path)
    nik = dlhk_niks(opd)[0]
    name, mother = opd.store.query("SELECT name, mother_name FROM workers WHERE nik = ?", (nik,))[0]
    raw = out.read_bytes()
    with zipfile.ZipFile(out) as archive:
        members = [archive.read(n) for n in archive.namelist()]
    assert sorted(zipfile.ZipFile(out).namelist()) == ["header.json", "payload.bin"]
    for blob in [raw, *members, zlib.compress(raw)]:
        for secret in (nik, name, mother, "ANAK PERTAMA", "5371016708100002"):
            assert secret.encode() not in blob
    # ... while the centre reads it whole
    assert bundles.merge_bundle(centre, out).outcome.added == dlhk_records(opd)


def test_an_unsigned_bundle_of_the_old_format_is_refused(offices, tmp_path):
    opd, centre = offices
    out = tmp_path / "lama.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("data.json", json.dumps(collect(opd.store, "DLHK")))
        archive.comment = b"sha256:" + b"0" * 64
    out.write_bytes(buffer.getvalue())
    refused(centre, out, "tidak bertanda tangan kantor OPD \\(format kiriman lama\\)")


def test_resealing_with_a_new_key_in_the_header_is_an_unknown_office(offices, tmp_path):
    """The attack of the issue: edit, then seal again. Without the office key it is foreign."""
    opd, centre = offices
    stranger = admin_context(tmp_path / "asing.sqlite3")
    try:
        enroll(admin_context(tmp_path / "pusat-lain.sqlite3"), stranger, DLHK)
        # a stranger who knows our centre's public key signs with a key of their own
        own = keys.office_identity(stranger.store)
        centre_public = keys.office_identity(opd.store).centre_public_key
        out = tmp_path / "palsu.zip"
        write_sealed(
            out,
            document(opd),
            opd="DLHK",
            created_at=None,
            sequence=99,
            signing_key=own.signing_key,
            centre_public_key=centre_public,
        )
    finally:
        stranger.close()
    refused(centre, out, "kantor yang tidak terdaftar di pusat ini")


def test_a_bundle_sealed_for_another_centre_is_refused(offices, tmp_path):
    opd, centre = offices
    other = admin_context(tmp_path / "pusat-lain.sqlite3")
    try:
        enroll(other, opd, DLHK)  # the office was re-enrolled elsewhere
        out = export(opd, tmp_path)
    finally:
        other.close()
    # the new key is unknown to our centre
    refused(centre, out, "tidak terdaftar")


def test_a_revoked_office_key_is_refused(offices, tmp_path):
    opd, centre = offices
    out = export(opd, tmp_path)
    bundles.revoke_office(centre, keys.office_identity(opd.store).public_key)
    refused(centre, out, "sudah dicabut")


def test_an_office_cannot_send_another_opds_records(offices, tmp_path):
    opd, centre = offices
    dinkes_office = admin_context(tmp_path / "dinkes.sqlite3")
    try:
        enroll(centre, dinkes_office, DINKES)
        # the DINKES office signs a bundle that claims DLHK's records
        dinkes_key = keys.office_identity(dinkes_office.store)
        out = tmp_path / "lain.zip"
        write_sealed(
            out,
            document(opd),
            opd="DLHK",
            created_at=None,
            sequence=1,
            signing_key=dinkes_key.signing_key,
            centre_public_key=dinkes_key.centre_public_key,
        )
        save_opd(dinkes_office, DLHK)
        with pytest.raises(bundles.BundleError, match="OPD DINKES"):
            bundles.export_bundle(dinkes_office, tmp_path / "x.zip", opd_code="DLHK")
    finally:
        dinkes_office.close()
    refused(centre, out, "mengaku berisi OPD DLHK.*terdaftar untuk OPD DINKES")


def test_replaying_an_older_bundle_is_refused_and_the_same_one_is_a_no_op(offices, tmp_path):
    opd, centre = offices
    first = export(opd, tmp_path, "kiriman-1.zip")
    nik = dlhk_niks(opd)[3]
    edit(
        opd, nik, status="nonaktif", status_reason="meninggal dunia", status_date=date(2026, 11, 2)
    )
    second = export(opd, tmp_path, "kiriman-2.zip")
    bundles.merge_bundle(centre, second)
    assert centre.store.query("SELECT status FROM workers WHERE nik = ?", (nik,))[0][0] == (
        "nonaktif"
    )
    refused(centre, first, "kiriman nomor 1 dari OPD DLHK.*nomor 2 sudah digabungkan")
    again = bundles.merge_bundle(centre, second)
    assert (again.outcome.added, again.outcome.updated) == (0, 0)
    assert centre.store.query("SELECT status FROM workers WHERE nik = ?", (nik,))[0][0] == (
        "nonaktif"
    )


def test_the_same_sequence_number_with_other_content_is_refused(offices, tmp_path):
    opd, centre = offices
    bundles.merge_bundle(centre, export(opd, tmp_path))  # number 1
    out = sealed(opd, tmp_path / "sama.zip", document(opd, sequence=1), sequence=1)
    refused(centre, out, "kiriman nomor 1 dari OPD DLHK")


def test_a_zip_bomb_is_refused_before_it_expands(offices, tmp_path):
    opd, centre = offices
    bomb = zlib.compress(b'{"manifest": {}, "data": "' + b" " * (300 * 1024**2) + b'"}', 9)
    assert len(bomb) < 1024**2
    out = sealed(opd, tmp_path / "bom.zip", bomb)
    refused(centre, out, "mengembang lebih dari", kind=BundleDamaged)


def test_an_oversized_zip_member_is_refused_before_it_is_read(offices, tmp_path):
    _, centre = offices
    out = tmp_path / "kepala.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("header.json", b" " * (10 * 1024**2))
        archive.writestr("payload.bin", b"")
        archive.comment = b"ed25519:" + b"0" * 128
    out.write_bytes(buffer.getvalue())
    refused(centre, out, "kepala berkas terlalu besar", kind=BundleDamaged)


@pytest.mark.parametrize(
    "plain",
    [
        pytest.param(b"not zlib", id="not-compressed"),
        pytest.param(zlib.compress(b"[1, 2"), id="not-json"),
        pytest.param(zlib.compress(b"[]"), id="not-an-object"),
        pytest.param(zlib.compress(b'{"data": {}}'), id="no-manifest"),
    ],
)
def test_malformed_payloads_get_a_message(offices, tmp_path, plain):
    opd, centre = offices
    refused(centre, sealed(opd, tmp_path / "aneh.zip", plain), "tidak sah", kind=BundleDamaged)


@pytest.mark.parametrize(
    "change",
    [
        {"machine_id": None},
        {"schema_version": "1"},
        {"sequence": 7},
        {"opd": "DINKES"},
        {"counts": []},
    ],
    ids=["no-machine", "version-text", "other-sequence", "other-opd", "counts-list"],
)
def test_malformed_manifests_exit_2_without_a_traceback(offices, tmp_path, capsys, change):
    opd, centre = offices
    out = sealed(opd, tmp_path / "aneh.zip", document(opd, **change))
    path = centre.store.path
    centre.close()
    assert main(["--db", str(path), "bundle", "merge", str(out)]) == 2
    err = capsys.readouterr().err
    assert "tidak sah" in err and "Traceback" not in err


def test_cli_refuses_a_replayed_bundle_with_exit_2(offices, tmp_path, capsys):
    opd, centre = offices
    first = export(opd, tmp_path, "kiriman-1.zip")
    second = export(opd, tmp_path, "kiriman-2.zip")
    path = centre.store.path
    centre.close()
    assert main(["--db", str(path), "bundle", "merge", str(second)]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "bundle", "merge", str(first)]) == 2
    assert "Kiriman lama tidak digabungkan" in capsys.readouterr().err


def test_an_office_without_a_key_cannot_export(tmp_path):
    ctx = admin_context(tmp_path / "mandiri.sqlite3")
    try:
        save_opd(ctx, DLHK)
        with pytest.raises(bundles.BundleError, match="belum dipasang dari berkas pusat"):
            bundles.export_bundle(ctx, tmp_path / "x.zip", opd_code="DLHK")
    finally:
        ctx.close()


def merged_with(opd, centre, tmp_path, change) -> dict:
    """A DLHK bundle whose data `change` edits (as an attacker with the office file could)."""
    data = collect(opd.store, "DLHK")
    change(data)
    out = sealed(opd, tmp_path / "ubah.zip", document(opd, data, sequence=60), sequence=60)
    return bundles.merge_bundle(centre, out).to_json()


def centre_niks(centre) -> set[str]:
    rows = centre.store.query("SELECT nik FROM workers UNION ALL SELECT nik FROM family_members")
    return {r[0] for r in rows}


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("nik", "1234", "NIK"),
        ("sex", "X", "Jenis kelamin"),
        ("upah", -5, "pah"),
        ("birth_date", "2099-99-99", "nilai tidak sah"),
        ("name", ["A"], "kolom name"),
        ("upah", "banyak", "pah"),
    ],
)
def test_a_record_that_fails_the_forms_rules_is_a_conflict_not_a_row(
    offices, tmp_path, field, value, says
):
    opd, centre = offices
    target = {}

    def spoil(data):
        target.update(data["workers"][5])
        data["workers"][5][field] = value

    result = merged_with(opd, centre, tmp_path, spoil)
    bad = [c for c in result["conflicts"] if c["reason"] == "invalid_record"]
    assert [c["key"] for c in bad] == [f"worker:{target['uuid']}"]
    assert says in bad[0]["message"]
    assert not centre.store.query("SELECT 1 FROM workers WHERE uuid = ?", (target["uuid"],))
    assert result["added"] > 2000  # the rest of the bundle merged
    # what the issue saw crash afterwards now runs
    path = centre.store.path
    assert main(["--db", str(path), "export", "csv", str(tmp_path / "x.csv")]) == 0


def test_a_changed_record_that_fails_the_rules_leaves_the_centre_as_it_was(offices, tmp_path):
    opd, centre = offices
    bundles.merge_bundle(centre, export(opd, tmp_path))
    nik = dlhk_niks(opd)[2]
    before = centre.store.query("SELECT upah FROM workers WHERE nik = ?", (nik,))[0][0]

    def spoil(data):
        worker = next(w for w in data["workers"] if w["nik"] == nik)
        worker.update(upah=-5, name="NAMA BARU")

    result = merged_with(opd, centre, tmp_path, spoil)
    assert [c["reason"] for c in result["conflicts"]] == ["invalid_record"]
    assert centre.store.query("SELECT upah, name FROM workers WHERE nik = ?", (nik,))[0][0] == (
        before
    )


def test_records_of_another_opd_are_listed_and_not_written(offices, tmp_path):
    opd, centre = offices

    dinkes_worker = add_worker(
        centre,
        nik="5371015203900001",
        name="Petugas Dinkes",
        birth_date=date(1990, 3, 12),
        sex="P",
        opd_code="DINKES",
    )
    moved = {}

    def spoil(data):
        data["workers"][0]["opd_code"] = "DINKES"  # a DLHK worker claimed for DINKES
        moved.update(data["workers"][0])
        # take over the centre's DINKES worker by its uuid
        stolen = {**data["workers"][1], "uuid": dinkes_worker.uuid, "nik": dinkes_worker.nik}
        data["workers"].append(stolen)
        # a child hung under the DINKES worker
        child = {**data["family_members"][0], "uuid": "anak-asing"}
        child["worker_uuid"] = dinkes_worker.uuid
        data["family_members"].append(child)

    result = merged_with(opd, centre, tmp_path, spoil)
    other = {c["key"] for c in result["conflicts"] if c["reason"] == "other_opd"}
    # (the moved worker's own family and memberships wait with it)
    assert other >= {
        f"worker:{moved['uuid']}",
        f"worker:{dinkes_worker.uuid}",
        "family_member:anak-asing",
    }
    assert all(c["opd"] in ("DLHK", "DINKES") for c in result["conflicts"])
    row = centre.store.query(
        "SELECT opd_code, name FROM workers WHERE uuid = ?", (dinkes_worker.uuid,)
    )[0]
    assert tuple(row) == ("DINKES", "PETUGAS DINKES")
    assert not centre.store.query("SELECT 1 FROM workers WHERE uuid = ?", (moved["uuid"],))
    assert not centre.store.query("SELECT 1 FROM family_members WHERE uuid = 'anak-asing'")


def test_a_nik_is_unique_across_workers_and_family_members_at_merge(offices, tmp_path):
    opd, centre = offices

    add_worker(
        centre,
        nik="5371016708100002",  # the DLHK child's NIK, typed at the centre for a worker
        name="Orang Pusat",
        birth_date=date(2010, 8, 27),
        sex="P",
        opd_code="DINKES",
    )
    first_family = {}

    def spoil(data):
        # and a family member holding a DLHK worker's NIK
        first_family.update(data["family_members"][1])
        data["family_members"][1]["nik"] = data["workers"][7]["nik"]

    result = merged_with(opd, centre, tmp_path, spoil)
    held = sorted(c["nik"] for c in result["conflicts"] if c["reason"] == "nik_held_by_other")
    assert "5371016708100002" in held
    assert len(held) == 2
    counts = centre.store.query(
        "SELECT nik, count(*) FROM (SELECT nik FROM workers UNION ALL SELECT nik FROM "
        "family_members) GROUP BY nik HAVING count(*) > 1"
    )
    assert counts == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(workers={"a": 1}),
        lambda d: d["workers"].append("x"),
        lambda d: d["workers"][0].pop("uuid"),
        lambda d: d["family_members"][0].update(worker_uuid=None),
        lambda d: d["memberships"][0].update(program=5),
        lambda d: d["audit"].append({"id": "x"}),
        lambda d: d.update(opd={"code": "DINKES", "name": "x"}),
    ],
    ids=[
        "workers-dict",
        "worker-text",
        "no-uuid",
        "family-no-worker",
        "program-int",
        "audit-row",
        "opd-other",
    ],
)
def test_malformed_data_exits_2_with_a_message_and_writes_nothing(
    offices, tmp_path, capsys, change
):
    opd, centre = offices
    data = collect(opd.store, "DLHK")
    change(data)
    out = sealed(opd, tmp_path / "aneh.zip", document(opd, data))
    before = dump(centre)
    path = centre.store.path
    centre.close()
    assert main(["--db", str(path), "bundle", "merge", str(out)]) == 2
    err = capsys.readouterr().err
    assert ("tidak sah" in err or "tidak dapat dipercaya" in err) and "Traceback" not in err
    again = admin_context(path)
    try:
        assert dump(again) == before
    finally:
        again.close()
