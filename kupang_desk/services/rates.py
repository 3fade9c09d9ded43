"""Rates and pemda settings: everyone reads them (to print), only the admin changes them."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

from kupang_desk.domain.defaults import SEEDED_WAGE_FLOOR_REGION
from kupang_desk.domain.iuran import JKK_CLASSES, RateTable, rate_for_year
from kupang_desk.domain.settings import JkkDefault, PemdaSettings, check_settings
from kupang_desk.services.context import AppContext
from kupang_desk.store import opd as opd_store
from kupang_desk.store import rates as rate_store


class RateError(Exception):
    """A rate the admin typed cannot be right; `str()` says which and how to fix."""


def list_rates(ctx: AppContext) -> list[RateTable]:
    return rate_store.list_rates(ctx.store)


def rates_for(ctx: AppContext, year: int) -> RateTable:
    """The rates of `year`; without a wage floor (umk 0) while it is missing for this pemda."""
    table = rate_for_year(rate_store.list_rates(ctx.store), year)
    if wage_floor_missing(ctx, year):
        return replace(table, umk=0)
    return table


def wage_floor_missing(ctx: AppContext, year: int) -> str | None:
    """Why the UMK/UMP of `year` is not known for this pemda, or None.

    The seeded UMK rows are one city's (domain/defaults.py); any other pemda types its own
    wage floor into the rates table, and until then no floor is applied or warned about.
    """
    if rate_store.wage_floor_entered(ctx.store, year):
        return None
    settings = rate_store.load_settings(ctx.store)
    if settings.region_code == SEEDED_WAGE_FLOOR_REGION:
        return None
    who = settings.name or "pemda ini"
    return (
        f"UMK/UMP tahun {year} untuk {who} belum diisi: isi di Alat → Tarif Iuran (atau "
        f"`kupang-desk rates set {year} umk NILAI`). Sampai diisi, upah tidak dibandingkan "
        "dengan batas bawah."
    )


def umk(ctx: AppContext, on: date | None = None) -> int:
    """The wage floor of the year of `on` (today): the one UMK that both the contributions
    and the "upah di bawah UMK" warning use (0 while missing for this pemda)."""
    return rates_for(ctx, (on or date.today()).year).umk


RATE_KEYS = tuple(f.name for f in fields(RateTable) if f.name not in ("year", "note", "jkk_bp"))


def set_rate(ctx: AppContext, year: int, key: str, value: str) -> RateTable:
    """`rates set 2026 umk 5729876`: one value of one year (a new year starts from the
    nearest earlier one). Keys: the RateTable fields, jkk1_bp … jkk5_bp, note."""
    tables = {t.year: t for t in rate_store.list_rates(ctx.store)}
    base = tables.get(year) or replace(rate_for_year(list(tables.values()), year), year=year)
    jkk_keys = [f"jkk{i}_bp" for i in JKK_CLASSES]
    if key == "note":
        table = replace(base, note=value.strip())
    elif key in RATE_KEYS or key in jkk_keys:
        digits = value.strip().replace(".", "").replace("Rp", "").strip()
        if not digits.isdigit():
            raise RateError(
                f"Tarif {key}: '{value}' bukan bilangan bulat (rupiah atau basis poin)."
            )
        if key in jkk_keys:
            jkk = list(base.jkk_bp)
            jkk[jkk_keys.index(key)] = int(digits)
            table = replace(base, jkk_bp=tuple(jkk))
        else:
            table = replace(base, **{key: int(digits)})
    else:
        raise RateError(
            f"Tarif {key} tidak dikenal. Pilihan: {', '.join((*RATE_KEYS, *jkk_keys, 'note'))}."
        )
    save_rates(ctx, table)
    return table


def check_rates(rates: RateTable) -> list[str]:
    problems = []
    if not 2000 <= rates.year <= 2100:
        problems.append(f"Tahun {rates.year} tidak masuk akal.")
    money = {
        "UMK": rates.umk,
        "batas atas upah Kesehatan": rates.kes_ceiling,
        "batas upah JP Jan-Feb": rates.jp_cap_jan_feb,
        "batas upah JP mulai Maret": rates.jp_cap,
    }
    problems += [f"{label} harus lebih dari Rp 0." for label, value in money.items() if value <= 0]
    if rates.umk > rates.kes_ceiling:
        problems.append("UMK tidak boleh lebih besar dari batas atas upah BPJS Kesehatan.")
    percents = [
        rates.kes_employer_bp,
        rates.kes_worker_bp,
        rates.kes_extra_member_bp,
        *rates.jkk_bp,
        rates.jkm_bp,
        rates.jht_employer_bp,
        rates.jht_worker_bp,
        rates.jp_employer_bp,
        rates.jp_worker_bp,
    ]
    if any(not 0 <= bp <= 2_000 for bp in percents):
        problems.append("Setiap persentase harus antara 0% dan 20%.")
    if list(rates.jkk_bp) != sorted(rates.jkk_bp) or len(rates.jkk_bp) != len(JKK_CLASSES):
        problems.append("Tarif JKK kelas I sampai V harus naik berurutan.")
    return problems


def save_rates(ctx: AppContext, rates: RateTable) -> None:
    ctx.require_role("admin")
    problems = check_rates(rates)
    if problems:
        raise RateError(" ".join(problems))
    rate_store.save_rates(ctx.store, rates, user=ctx.user)


def load_settings(ctx: AppContext) -> PemdaSettings:
    return rate_store.load_settings(ctx.store)


def save_settings(ctx: AppContext, settings: PemdaSettings) -> None:
    ctx.require_role("admin")
    problems = check_settings(settings)
    if problems:
        raise RateError(" ".join(problems))
    rate_store.save_settings(ctx.store, settings, user=ctx.user)


def list_jkk_defaults(ctx: AppContext) -> list[JkkDefault]:
    return rate_store.list_jkk_defaults(ctx.store)


def check_jkk_defaults(ctx: AppContext, defaults: list[JkkDefault]) -> list[str]:
    known = {o.code for o in opd_store.list_opd(ctx.store)}
    problems = []
    for d in defaults:
        if d.opd_code not in known:
            problems.append(f"Kelas risiko JKK: kode OPD {d.opd_code} tidak ada.")
        if d.risk_class not in JKK_CLASSES:
            problems.append(
                f"Kelas risiko JKK {d.risk_class} untuk {d.opd_code} {d.jabatan}: pilih 1 sampai 5."
            )
    return problems


def save_jkk_defaults(ctx: AppContext, defaults: list[JkkDefault]) -> None:
    ctx.require_role("admin")
    problems = check_jkk_defaults(ctx, defaults)
    if problems:
        raise RateError(" ".join(problems))
    rate_store.replace_jkk_defaults(ctx.store, defaults, user=ctx.user)


def save_pengaturan(
    ctx: AppContext, rates: RateTable, settings: PemdaSettings, jkk: list[JkkDefault]
) -> None:
    """The settings dialog's Simpan: everything checked first, then one transaction."""
    ctx.require_role("admin")
    problems = check_rates(rates) + check_settings(settings)
    if not settings.place.strip():
        problems.append("Nama tempat penandatanganan (pemda.place, mis. Atambua) wajib diisi.")
    problems += check_jkk_defaults(ctx, jkk)
    if problems:
        raise RateError(" ".join(problems))
    with ctx.store.transaction():
        rate_store.save_rates(ctx.store, rates, user=ctx.user)
        rate_store.save_settings(ctx.store, settings, user=ctx.user)
        rate_store.replace_jkk_defaults(ctx.store, jkk, user=ctx.user)
