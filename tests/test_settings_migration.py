"""Issue 10's migration: old settings keys move to the typed model, OPDs gain master data,
and a database already in use keeps printing the pemda it printed before."""

import sqlite3

import sqlite_utils

from kupang_desk.services import opd as opd_service
from kupang_desk.services import settings as settings_service
from kupang_desk.store.migrations import MIGRATIONS, _opd_master_and_settings_model
from tests.helpers import admin_context


def old_database(path, *, with_opd: bool) -> None:
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    index = MIGRATIONS.index(_opd_master_and_settings_model)
    for migration in MIGRATIONS[:index]:
        migration(db)
    conn.execute(f"PRAGMA user_version = {index}")
    db["settings"].insert_all(
        [
            {"key": "pemda.city", "value": "Pemerintah Kota Lama"},
            {"key": "pemda.rekap_signer_nip", "value": "196805121994031007"},
            {"key": "bpjs_kesehatan.nomor_pks", "value": "PKS-9"},
        ]
    )
    if with_opd:
        db["opd"].insert({"code": "DLHK", "name": "Dinas Lingkungan Hidup", "head_title": "K"})
    conn.commit()
    conn.close()


def test_old_keys_are_renamed_and_a_used_database_keeps_its_pemda(tmp_path):
    path = tmp_path / "lama.sqlite3"
    old_database(path, with_opd=True)
    ctx = admin_context(path)
    settings = settings_service.load(ctx)
    assert settings.name == "Pemerintah Kota Lama"  # kept, not overwritten by the seed
    assert settings.rekap_signer_nip == "196805121994031007"
    assert settings.kes_nomor_pks == "PKS-9"
    assert settings.region_code  # filled from the seeded pemda it always printed
    assert settings_service.setup_done(ctx)  # no wizard for an office already at work
    [opd] = opd_service.list_opd(ctx)
    assert (opd.active, opd.jkk_class, opd.npp, opd.head_pangkat) == (True, 1, "", "")
    ctx.close()


def test_an_unused_old_database_is_set_up_like_a_new_one(tmp_path):
    path = tmp_path / "kosong.sqlite3"
    old_database(path, with_opd=False)
    ctx = admin_context(path)
    assert settings_service.load(ctx).region_code == ""
    assert not settings_service.setup_done(ctx)
    ctx.close()
