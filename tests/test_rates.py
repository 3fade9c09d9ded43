"""Rates and pemda settings: admin only, checked, audited, and read back as saved."""

from dataclasses import replace

import pytest

from kupang_desk.domain.settings import JkkDefault, PemdaSettings
from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AccessDenied
from kupang_desk.store import audit
from tests.helpers import admin_context


def test_seeded_years_and_fallback(ctx):
    assert [t.year for t in rate_service.list_rates(ctx)] == [2025, 2026]
    assert rate_service.rates_for(ctx, 2031).year == 2026
    assert settings_service.load(ctx).region_code == "5371"  # conftest: the demo pemda


def test_a_new_database_has_blank_settings_and_no_wage_floor_until_entered(tmp_path):
    fresh = admin_context(tmp_path / "baru.sqlite3")
    assert settings_service.load(fresh) == PemdaSettings()
    assert rate_service.umk(fresh) == 0
    assert "belum diisi" in rate_service.wage_floor_missing(fresh, 2026)
    # A corrected seed (a migration writes it, unaudited) is still the seeded city's UMK.
    fresh.store.conn.execute("UPDATE rates SET umk = 2532853, updated_by = 'm' WHERE year = 2026")
    assert rate_service.wage_floor_missing(fresh, 2026)
    rate_service.set_rate(fresh, 2026, "umk", "5.729.876")
    assert rate_service.wage_floor_missing(fresh, 2026) is None
    assert rate_service.rates_for(fresh, 2026).umk == 5_729_876
    fresh.close()


def test_admin_saves_a_year_settings_and_classes_with_history(ctx):
    new = replace(rate_service.rates_for(ctx, 2026), year=2027, umk=2_600_000, note="SK 2026")
    rate_service.save_rates(ctx, new)
    settings = replace(
        settings_service.load(ctx), place="Atambua", jp_enrolled=True, rekap_signer_name="X"
    )
    settings_service.save(ctx, settings)
    rate_service.save_jkk_defaults(ctx, [JkkDefault("DLHK", "Pengangkut Sampah", 4)])

    assert rate_service.rates_for(ctx, 2027) == new
    assert settings_service.load(ctx) == settings
    assert settings.default_tk_programs() == ("JKK", "JKM", "JP")
    assert rate_service.list_jkk_defaults(ctx) == [JkkDefault("DLHK", "PENGANGKUT SAMPAH", 4)]
    rows = ctx.store.query(
        "SELECT action, entity, entity_id FROM audit_log WHERE entity != 'opd' ORDER BY id"
    )
    assert [tuple(r) for r in rows][1:] == [
        ("insert", "rates", "2027"),
        ("update", "settings", "pemda"),
        ("update", "jkk_defaults", "all"),
    ]
    assert audit.verify_chain(ctx.store.db) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"umk": 0}, "UMK harus lebih dari Rp 0"),
        ({"umk": 13_000_000}, "UMK tidak boleh lebih besar"),
        ({"jkk_bp": (54, 24, 89, 127, 174)}, "naik berurutan"),
        ({"kes_employer_bp": 4_000}, "antara 0% dan 20%"),
    ],
)
def test_impossible_rates_are_refused_with_the_reason(ctx, change, message):
    with pytest.raises(rate_service.RateError, match=message):
        rate_service.save_rates(ctx, replace(rate_service.rates_for(ctx, 2026), **change))
    # the seeded 2026 UMK of the conftest's pemda (Kep. Gubernur NTT 535/KEP/HK/2025), unchanged
    assert rate_service.rates_for(ctx, 2026).umk == 2_532_853


def test_unknown_opd_or_class_in_jkk_defaults_is_refused(ctx):
    with pytest.raises(rate_service.RateError, match="XYZ tidak ada"):
        rate_service.save_jkk_defaults(ctx, [JkkDefault("XYZ", "", 2)])
    with pytest.raises(rate_service.RateError, match="pilih 1 sampai 5"):
        rate_service.save_jkk_defaults(ctx, [JkkDefault("DLHK", "", 7)])


def test_only_the_admin_changes_rates(ctx):
    operator = replace(ctx, user="op", role="operator", opd_code="DLHK")
    table = rate_service.rates_for(operator, 2026)  # reading is fine: needed to print
    with pytest.raises(AccessDenied):
        rate_service.save_rates(operator, replace(table, umk=1))
    with pytest.raises(AccessDenied):
        settings_service.save(operator, PemdaSettings())
    with pytest.raises(AccessDenied):
        rate_service.save_jkk_defaults(operator, [])
