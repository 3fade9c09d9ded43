"""Rates and pemda settings: everyone reads them (to print), only the admin changes them."""

from __future__ import annotations

from datetime import date

from kupang_desk.domain.iuran import JKK_CLASSES, RateTable, rate_for_year
from kupang_desk.domain.settings import JkkDefault, PemdaSettings
from kupang_desk.services.context import AppContext
from kupang_desk.store import opd as opd_store
from kupang_desk.store import rates as rate_store


class RateError(Exception):
    """A rate the admin typed cannot be right; `str()` says which and how to fix."""


def list_rates(ctx: AppContext) -> list[RateTable]:
    return rate_store.list_rates(ctx.store)


def rates_for(ctx: AppContext, year: int) -> RateTable:
    return rate_for_year(rate_store.list_rates(ctx.store), year)


def umk(ctx: AppContext, on: date | None = None) -> int:
    """The wage floor of the year of `on` (today): the one UMK that both the contributions
    and the "upah di bawah UMK" warning use."""
    return rates_for(ctx, (on or date.today()).year).umk


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
    if not settings.place.strip():
        raise RateError("Nama tempat penandatanganan (mis. Kupang) wajib diisi.")
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
    problems = check_rates(rates)
    if not settings.place.strip():
        problems.append("Nama tempat penandatanganan (mis. Kupang) wajib diisi.")
    problems += check_jkk_defaults(ctx, jkk)
    if problems:
        raise RateError(" ".join(problems))
    with ctx.store.transaction():
        rate_store.save_rates(ctx.store, rates, user=ctx.user)
        rate_store.save_settings(ctx.store, settings, user=ctx.user)
        rate_store.replace_jkk_defaults(ctx.store, jkk, user=ctx.user)
