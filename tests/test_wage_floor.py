"""Issue 12 item 1: the 2026 UMK seed corrected, the floor counted as entered only when the
UMK itself was saved, and the admin warned about a missing or copied current year."""

import json
import sqlite3
from dataclasses import replace
from datetime import date

import pytest
import sqlite_utils

from kupang_desk.cli import main
from kupang_desk.domain.iuran import SEED_RATES, WRONG_2026_SEED_NOTE, WRONG_2026_SEED_UMK
from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.store import audit
from kupang_desk.store.migrations import MIGRATIONS, _umk_entered_and_2026_seed_corrected
from tests.helpers import admin_context

UMK_2026 = 2_532_853  # UMK Kota Kupang 2026, Kep. Gubernur NTT 535/KEP/HK/2025
BELU = {"pemda.name": "Pemerintah Kabupaten Belu", "pemda.level": "kabupaten"}


def belu(ctx):
    settings_service.set_values(ctx, {**BELU, "pemda.region_code": "5304"})
    return ctx


def test_a_new_database_has_the_2026_umk_of_the_seeded_city(ctx):
    assert rate_service.rates_for(ctx, 2026).umk == UMK_2026
    assert "535/KEP/HK/2025" in rate_service.rates_for(ctx, 2026).note
    assert rate_service.rates_for(ctx, 2025).umk == 2_396_696  # 2025 stays
    assert rate_service.umk(ctx, date(2026, 6, 1)) == UMK_2026


def old_database(path, edits) -> None:
    """A database of the schema before the correction, seeded with the old 2026 row;
    `edits(db)` then writes what an admin did then (audited, as the old code did)."""
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    index = MIGRATIONS.index(_umk_entered_and_2026_seed_corrected)
    for migration in MIGRATIONS[:index]:
        migration(db)
    conn.execute(f"PRAGMA user_version = {index}")
    db.execute(
        "UPDATE rates SET umk = ?, note = ? WHERE year = 2026",
        (WRONG_2026_SEED_UMK, WRONG_2026_SEED_NOTE),
    )
    edits(db)
    conn.commit()
    conn.close()


def admin_saves(db, year: int, **changes) -> None:
    """What the old store.rates.save_rates wrote: the row and an audit row."""
    before = db["rates"].get(year)
    db["rates"].update(year, changes)
    audit.record(
        db,
        user="admin",
        action="update",
        entity="rates",
        entity_id=year,
        before=before,
        after={**before, **changes},
    )


def test_the_untouched_2026_seed_is_corrected(tmp_path):
    path = tmp_path / "lama.sqlite3"
    old_database(path, lambda db: None)
    ctx = admin_context(path)
    table = rate_service.rates_for(ctx, 2026)  # a fresh database: no region, seed masked
    raw = ctx.store.query("SELECT umk, note, umk_entered FROM rates WHERE year = 2026")[0]
    assert (raw[0], raw[2]) == (UMK_2026, 0)
    assert raw[1] == next(s for s in SEED_RATES if s.year == 2026).note
    assert table.umk == 0  # not this (unnamed) pemda's until entered
    ctx.close()


def test_a_2026_row_whose_umk_the_admin_did_not_change_is_corrected(tmp_path):
    path = tmp_path / "lama.sqlite3"
    old_database(path, lambda db: admin_saves(db, 2026, jkm_bp=31, note="catatan admin"))
    ctx = admin_context(path)
    settings_service.set_values(ctx, {"pemda.region_code": "5371"})
    table = rate_service.rates_for(ctx, 2026)
    # the UMK was never typed: the seed is corrected, the admin's own changes stay
    assert (table.umk, table.jkm_bp, table.note) == (UMK_2026, 31, "catatan admin")
    ctx.close()


def test_a_umk_the_admin_typed_is_kept_and_counts_as_entered(tmp_path):
    path = tmp_path / "lama.sqlite3"
    old_database(path, lambda db: admin_saves(db, 2026, umk=2_450_000))
    ctx = belu(admin_context(path))
    assert rate_service.rates_for(ctx, 2026).umk == 2_450_000
    assert rate_service.wage_floor_missing(ctx, 2026) is None
    ctx.close()


def test_another_pemda_saving_a_percentage_had_not_entered_its_floor(tmp_path):
    path = tmp_path / "lama.sqlite3"
    old_database(path, lambda db: admin_saves(db, 2026, jkm_bp=30))
    ctx = belu(admin_context(path))
    assert rate_service.wage_floor_missing(ctx, 2026)
    assert rate_service.rates_for(ctx, 2026).umk == 0
    ctx.close()


def test_setting_an_unrelated_rate_on_a_belu_database_leaves_the_floor_missing(ctx):
    belu(ctx)
    assert rate_service.wage_floor_missing(ctx, 2026)
    rate_service.set_rate(ctx, 2026, "jkm_bp", "30")
    assert rate_service.wage_floor_missing(ctx, 2026)  # the audited save was not the UMK
    assert rate_service.umk(ctx, date(2026, 6, 1)) == 0  # not the seeded city's 2.532.853
    assert [t.umk for t in rate_service.list_rates(ctx)] == [0, 0]
    # the seed stays underneath (it is the seeded city's, shown to nobody else)
    assert ctx.store.query("SELECT umk FROM rates WHERE year = 2026")[0][0] == UMK_2026
    rate_service.set_rate(ctx, 2026, "umk", "2.455.898")  # the UMP NTT 2026
    assert rate_service.wage_floor_missing(ctx, 2026) is None
    assert rate_service.umk(ctx, date(2026, 6, 1)) == 2_455_898


def test_a_copied_new_year_takes_the_pemdas_own_floor_not_the_seed(ctx):
    belu(ctx)
    rate_service.set_rate(ctx, 2027, "jkm_bp", "30")  # a new year copied from 2026
    assert rate_service.rates_for(ctx, 2027).umk == 0
    assert rate_service.wage_floor_missing(ctx, 2027)
    rate_service.set_rate(ctx, 2026, "umk", "2455898")
    assert rate_service.rates_for(ctx, 2026).umk == 2_455_898
    assert rate_service.rates_for(ctx, 2027).umk == 0  # its own row: still to be entered
    rate_service.set_rate(ctx, 2028, "jkm_bp", "30")  # copied from 2027: no floor either
    assert rate_service.wage_floor_missing(ctx, 2028)


def test_the_seeded_city_cannot_blank_its_floor(ctx):
    with pytest.raises(rate_service.RateError, match="UMK harus lebih dari Rp 0"):
        rate_service.save_rates(ctx, replace(rate_service.rates_for(ctx, 2026), umk=0))


def test_the_admin_is_warned_of_a_missing_or_copied_current_year(ctx):
    assert rate_service.year_warning(ctx, date(2026, 7, 1)) is None  # 2026 differs from 2025
    missing = rate_service.year_warning(ctx, date(2027, 1, 5))
    assert "Tarif iuran tahun 2027 belum ada" in missing
    assert "tarif 2026" in missing
    rate_service.save_rates(ctx, replace(rate_service.rates_for(ctx, 2026), year=2027, note="x"))
    copied = rate_service.year_warning(ctx, date(2027, 1, 5))
    assert "2027 masih salinan tahun 2026" in copied
    rate_service.set_rate(ctx, 2027, "umk", "2.650.000")
    assert rate_service.year_warning(ctx, date(2027, 1, 5)) is None


def test_rates_list_shows_the_year_warning(tmp_path, capsys):
    path = tmp_path / "belu.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    assert main(["--db", str(path), "settings", "set", "pemda.region_code", "5304"]) == 0
    # the current year (whatever it is when this runs) as a copy of the year before
    this_year = date.today().year
    ctx = admin_context(path)
    for year in (this_year - 1, this_year):
        table = rate_service.rates_for(ctx, this_year - 1)
        rate_service.save_rates(ctx, replace(table, year=year, umk=2_455_898))
    ctx.close()
    capsys.readouterr()
    assert main(["--db", str(path), "rates", "list", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert f"{this_year} masih salinan tahun {this_year - 1}" in listing["year_warning"]
    assert main(["--db", str(path), "rates", "list"]) == 0
    assert f"PERINGATAN: Tarif iuran tahun {this_year} masih salinan" in capsys.readouterr().out


def test_rates_list_of_belu_does_not_show_the_seed(tmp_path, capsys):
    path = tmp_path / "belu.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    assert main(["--db", str(path), "settings", "set", "pemda.region_code", "5304"]) == 0
    assert main(["--db", str(path), "rates", "set", "2026", "jkm_bp", "30"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "rates", "list", "--json"]) == 0
    rates = json.loads(capsys.readouterr().out)["rates"]
    year_2026 = next(r for r in rates if r["year"] == 2026)
    assert year_2026["umk"] == 0 and "belum diisi" in year_2026["wage_floor_missing"]
    assert main(["--db", str(path), "rates", "list"]) == 0
    text = capsys.readouterr().out
    assert "umk = 0" in text and "2532853" not in text


def test_the_rates_dialog_of_belu_shows_no_floor_and_saving_keeps_it_missing(qtbot, ctx):
    from kupang_desk.ui.rates_dialog import RatesDialog

    belu(ctx)
    settings_service.set_values(ctx, {"pemda.place": "Atambua"})
    dialog = RatesDialog(ctx, ["DLHK"])
    qtbot.addWidget(dialog)
    assert dialog.year.currentData() == 2026
    assert dialog.money["umk"].text() == ""  # not the seeded city's 2.532.853
    assert dialog.note.text() == ""  # nor the seed's note naming it
    assert dialog.floor_warning.text().startswith("UMK/UMP tahun 2026")
    dialog.percent["jkm_bp"].setValue(0.31)
    dialog.save()
    assert dialog.messages.text() == ""
    assert rate_service.rates_for(ctx, 2026).jkm_bp == 31
    assert rate_service.wage_floor_missing(ctx, 2026)
    dialog = RatesDialog(ctx, ["DLHK"])
    qtbot.addWidget(dialog)
    dialog.money["umk"].setText("2.455.898")
    dialog.save()
    assert rate_service.rates_for(ctx, 2026).umk == 2_455_898
    assert rate_service.wage_floor_missing(ctx, 2026) is None


def test_the_rates_dialog_shows_the_year_warning(qtbot, ctx, monkeypatch):
    from kupang_desk.ui.rates_dialog import RatesDialog

    monkeypatch.setattr(
        rate_service, "year_warning", lambda c, today=None: "Tarif iuran tahun 2027 belum ada"
    )
    dialog = RatesDialog(ctx, ["DLHK"])
    qtbot.addWidget(dialog)
    assert dialog.year_warning.text() == "Tarif iuran tahun 2027 belum ada"
    assert not dialog.year_warning.isHidden()


def test_the_installation_file_carries_the_pemdas_own_floor_and_jabatan_rules(ctx, tmp_path):
    from kupang_desk.domain.settings import JkkDefault
    from kupang_desk.services.enrollment import apply_pemda_payload, pemda_payload

    belu(ctx)
    rate_service.set_rate(ctx, 2025, "umk", "2.300.000")  # entered; 2026 is not
    rate_service.save_jkk_defaults(ctx, [JkkDefault("DLHK", "Sopir Truk Sampah", 2)])
    payload = pemda_payload(ctx)
    assert [r["umk"] for r in payload["rates"]] == [2_300_000, 0]  # never the seed
    office = admin_context(tmp_path / "kantor.sqlite3")
    apply_pemda_payload(office, payload)
    assert rate_service.rates_for(office, 2025).umk == 2_300_000
    assert rate_service.wage_floor_missing(office, 2025) is None
    assert rate_service.wage_floor_missing(office, 2026)  # still to be entered there too
    assert rate_service.jkk_class(office, "DLHK", "Sopir Truk Sampah").label == "II (khusus)"
    office.close()
