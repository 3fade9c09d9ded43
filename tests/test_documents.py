"""Issue 15 §2: KTP/KK/SK scans on the record, at the service, backup and bundle levels.

The photo is a 4.2 MB noisy PNG made ready exactly as the GUI does (ui/scan_files), so the
bytes stored, backed up and carried are the ones a clerk's drop produces.
"""

import base64
import json
from datetime import datetime

import pytest

from kupang_desk.cli import main
from kupang_desk.domain.documents import IMAGE_MAX_BYTES, PDF_MAX_BYTES, document_problem
from kupang_desk.services import backup, bundles
from kupang_desk.services import documents as document_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.workers import save_worker
from kupang_desk.store.bundle_file import BundleDamaged
from kupang_desk.store.bundles import collect
from kupang_desk.ui.scan_files import prepared_file
from tests.helpers import ctx_first_dlhk, document, dump, noisy_photo, sealed


@pytest.fixture(scope="module")
def photo(tmp_path_factory, qapp):
    return noisy_photo(tmp_path_factory.mktemp("scan") / "ktp-maria-goreti.png")


@pytest.fixture(scope="module")
def photo_bytes(photo) -> bytes:
    return prepared_file(photo)


def test_a_4_mb_photo_is_stored_as_a_jpeg_under_the_limit(ctx, worker, photo, photo_bytes):
    assert photo.stat().st_size > 4_000_000
    saved = save_worker(ctx, worker).worker
    info = document_service.attach_document(ctx, saved.id, "ktp", photo_bytes)
    assert info.mime == "image/jpeg" and info.size == len(photo_bytes)
    assert 50_000 < info.size <= IMAGE_MAX_BYTES == 307_200
    assert document_service.read_document(ctx, info.id) == ("image/jpeg", photo_bytes)
    # History holds the metadata only: no bytes, no base64 of them, no file name.
    after = ctx.store.query(
        "SELECT after_json FROM audit_log WHERE entity = 'document' AND entity_id = ?",
        (str(info.id),),
    )[0][0]
    assert json.loads(after)["size"] == info.size and json.loads(after)["kind"] == "ktp"
    assert len(after) < 400 and "ktp-maria" not in after


def test_a_file_that_is_no_image_renamed_jpg_is_refused(ctx, worker, tmp_path):
    saved = save_worker(ctx, worker).worker
    fake = tmp_path / "ktp.jpg"
    fake.write_bytes(b"MZ\x90\x00 bukan gambar, program Windows" * 50)
    with pytest.raises(document_service.DocumentRefused, match="bukan gambar PNG/JPEG atau PDF"):
        document_service.attach_document(ctx, saved.id, "ktp", prepared_file(fake))
    assert ctx.store.query("SELECT count(*) FROM documents")[0][0] == 0


def test_limits_by_kind_of_file():
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * (IMAGE_MAX_BYTES - 4)
    assert document_problem(jpeg, "kk") is None
    assert "melebihi batas 300 KB" in document_problem(jpeg + b"\x00", "kk")
    pdf = b"%PDF-1.4\n" + b"0" * (PDF_MAX_BYTES - 9)
    assert document_problem(pdf, "sk_kontrak") is None  # a PDF is kept up to 2 MB
    assert "PDF 2048 KB melebihi batas 2048 KB" in document_problem(pdf + b"0", "sk_kontrak")
    assert "tidak dikenal" in document_problem(jpeg, "paspor")


def test_an_operator_of_another_opd_cannot_read_or_list_it(ctx, worker, photo_bytes):
    saved = save_worker(ctx, worker).worker  # a DLHK worker
    info = document_service.attach_document(ctx, saved.id, "ktp", photo_bytes)
    dinkes = AppContext(ctx.store, user="op.dinkes", role="operator", opd_code="DINKES")
    with pytest.raises(AccessDenied, match="hanya boleh mengelola pegawai OPD DINKES"):
        document_service.read_document(dinkes, info.id)
    with pytest.raises(AccessDenied):
        document_service.list_documents(dinkes, saved.id)
    with pytest.raises(AccessDenied):
        document_service.attach_document(dinkes, saved.id, "kk", photo_bytes)
    dlhk = AppContext(ctx.store, user="op.dlhk", role="operator", opd_code="DLHK")
    assert document_service.read_document(dlhk, info.id)[1] == photo_bytes
    verifier = AppContext(ctx.store, user="ver", role="verifikator", opd_code="DLHK")
    assert document_service.read_document(verifier, info.id)[0] == "image/jpeg"
    with pytest.raises(AccessDenied):  # a verifikator looks, it does not attach
        document_service.attach_document(verifier, saved.id, "kk", photo_bytes)


def test_a_backup_carries_the_scan_through_a_restore(ctx, worker, photo_bytes, tmp_path):
    saved = save_worker(ctx, worker).worker
    info = document_service.attach_document(ctx, saved.id, "ktp", photo_bytes)
    made = backup.backup_now(ctx, tmp_path / "usb", now=datetime(2026, 11, 24, 17))
    document_service.remove_document(ctx, info.id)
    assert document_service.list_documents(ctx, saved.id) == []
    backup.restore(ctx, made, now=datetime(2026, 11, 25, 9))
    assert document_service.read_document(ctx, info.id) == ("image/jpeg", photo_bytes)


def _attach_to_first(opd, photo_bytes):
    first = ctx_first_dlhk(opd)
    return first, document_service.attach_document(opd, first.id, "ktp", photo_bytes)


def test_a_bundle_carries_scans_only_when_asked(offices, photo_bytes, tmp_path):
    opd, centre = offices
    first, info = _attach_to_first(opd, photo_bytes)
    plain = tmp_path / "tanpa.zip"
    assert bundles.export_bundle(opd, plain, opd_code="DLHK").manifest["counts"]["documents"] == 0
    assert bundles.merge_bundle(centre, plain).outcome.documents_added == 0
    assert centre.store.query("SELECT count(*) FROM documents")[0][0] == 0
    # A later change travels with the scans, as the CLI asks for them.
    db = str(opd.store.path)
    opd.close()
    out = tmp_path / "dengan.zip"
    command = ["--db", db, "bundle", "export", str(out), "--opd", "DLHK", "--with-documents"]
    assert main(command) == 0
    report = bundles.merge_bundle(centre, out)
    assert report.outcome.documents_added == 1 and report.to_json()["documents_added"] == 1
    row = centre.store.query(
        "SELECT d.bytes, d.kind, d.added_by, w.nik FROM documents d "
        "JOIN workers w ON w.id = d.worker_id WHERE d.uuid = ?",
        (info.uuid,),
    )[0]
    assert bytes(row[0]) == photo_bytes
    assert (row[1], row[2], row[3]) == ("ktp", "operator-dlhk", first.nik)


def _forged(opd, tmp_path, change) -> bytes:
    """What someone holding the office's key could seal: a bundle with one scan altered."""
    data = collect(opd.store, "DLHK", with_documents=True)
    change(data["documents"][0])
    return document(opd, data)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d.update(data=base64.b64encode(b"MZ bukan gambar").decode()), "bukan gambar"),
        (
            lambda d: d.update(data=base64.b64encode(b"\xff\xd8\xff" + b"0" * 400_000).decode()),
            "melebihi batas 300 KB",
        ),
        (lambda d: d.update(size=d["size"] - 1), "ukuran atau jenis tidak cocok"),
        (lambda d: d.update(worker_uuid="pegawai-lain"), "pegawainya bukan OPD DLHK"),
    ],
    ids=["not-an-image", "oversized", "size-lied", "other-worker"],
)
def test_merge_refuses_a_tampered_or_oversized_scan(offices, photo_bytes, tmp_path, change, match):
    opd, centre = offices
    _attach_to_first(opd, photo_bytes)
    plain = _forged(opd, tmp_path, change)
    before = dump(centre)
    with pytest.raises(BundleDamaged, match=match):
        bundles.merge_bundle(centre, sealed(opd, tmp_path / "palsu.zip", plain))
    assert dump(centre) == before  # nothing at all merged


def test_scan_bytes_never_reach_exports(ctx, worker, photo_bytes, tmp_path):
    saved = save_worker(ctx, worker).worker
    document_service.attach_document(ctx, saved.id, "ktp", photo_bytes)
    out = tmp_path / "daftar.csv"
    assert main(["--db", str(ctx.store.path), "export", "csv", str(out)]) == 0
    text = out.read_bytes()
    assert photo_bytes[200:232] not in text and base64.b64encode(photo_bytes[300:330]) not in text
    assert b"ktp" not in text.lower() and b"jpeg" not in text.lower()


def test_a_member_leaving_the_family_takes_their_scan_along(ctx, worker, photo_bytes):
    from datetime import date

    from kupang_desk.domain.entities import FamilyMember
    from kupang_desk.services.family import remove_family_member, save_family

    saved = save_worker(ctx, worker).worker
    child = FamilyMember(
        worker_id=saved.id,
        nik="5371010101150001",
        name="Anak Satu",
        relation="anak",
        sex="L",
        birth_date=date(2015, 1, 1),
    )
    member = save_family(ctx, saved.id, [child]).members[0]
    document_service.attach_document(ctx, saved.id, "ktp", photo_bytes)
    document_service.attach_document(
        ctx, saved.id, "surat_sekolah", photo_bytes, family_member_id=member.id
    )
    remove_family_member(ctx, member.id, reason="menikah")
    kinds = [i.kind for i in document_service.list_documents(ctx, saved.id)]
    assert kinds == ["ktp"]  # the worker's own scan stays
    deleted = ctx.store.query(
        "SELECT before_json FROM audit_log WHERE entity = 'document' AND action = 'delete'"
    )
    assert len(deleted) == 1 and '"surat_sekolah"' in deleted[0][0]
