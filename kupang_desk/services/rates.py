"""Rates and pemda settings: everyone reads them (to print), only the admin changes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from typing import Any

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.defaults import SEEDED_WAGE_FLOOR_REGION
from kupang_desk.domain.iuran import JKK_CLASSES, SEED_RATES, RateTable, rate_for_year
from kupang_desk.domain.settings import (
    JkkClass,
    JkkDefault,
    PemdaSettings,
    check_settings,
    jkk_class_for,
)
from kupang_desk.services.context import AppContext
from kupang_desk.store import opd as opd_store
from kupang_desk.store import rates as rate_store


class RateError(Exception):
    """A rate the admin typed cannot be right; `str()` says which and how to fix."""


def _floor_known(ctx: AppContext) -> Callable[[RateTable], bool]:
    """Whether a stored year's UMK is this pemda's: the seeded rows are one city's
    (domain/defaults.py); any other pemda's floor counts once its admin saved the UMK."""
    seeded = rate_store.load_settings(ctx.store).region_code == SEEDED_WAGE_FLOOR_REGION
    entered = rate_store.umk_entered_years(ctx.store)
    return lambda table: table.umk > 0 and (seeded or table.year in entered)


def list_rates(ctx: AppContext) -> list[RateTable]:
    """Every year's rates as this pemda uses them: UMK 0 while its own is not entered. The
    rates screen, `rates list` and the installation file show this, never the seed."""
    known = _floor_known(ctx)
    seed_notes = {seed.note for seed in SEED_RATES}  # they name the seeded city's UMK
    return [
        t if known(t) else replace(t, umk=0, note="" if t.note in seed_notes else t.note)
        for t in rate_store.list_rates(ctx.store)
    ]


def rates_for(ctx: AppContext, year: int) -> RateTable:
    """The rates of `year` (else the nearest earlier year); UMK 0 while missing."""
    return rate_for_year(list_rates(ctx), year)


def wage_floor_missing(ctx: AppContext, year: int) -> str | None:
    """Why the UMK/UMP of `year` is not known for this pemda, or None.

    The seeded UMK rows are one city's (domain/defaults.py); any other pemda types its own
    wage floor into the rates table, and until then no floor is applied or warned about.
    Saving another rate of the year does not count: only the UMK itself.
    """
    tables = list_rates(ctx)
    if tables and rate_for_year(tables, year).umk > 0:
        return None
    who = rate_store.load_settings(ctx.store).name or "pemda ini"
    return (
        f"UMK/UMP tahun {year} untuk {who} belum diisi: isi di Alat → Tarif Iuran (atau "
        f"`kupang-desk rates set {year} umk NILAI`). Sampai diisi, upah tidak dibandingkan "
        "dengan batas bawah."
    )


def _umk_may_be_blank(ctx: AppContext, year: int) -> bool:
    """UMK 0 means "not entered yet": allowed only where the floor of `year` is not known
    (another pemda than the seeded one, before its admin typed the UMK of that year)."""
    settings = rate_store.load_settings(ctx.store)
    return settings.region_code != SEEDED_WAGE_FLOOR_REGION and not (
        rate_store.wage_floor_entered(ctx.store, year)
    )


def year_warning(ctx: AppContext, today: date | None = None) -> str | None:
    """For the admin: the current year has no rates row, or its row is still a copy of the
    year before (every value the same), so last year's UMK and JP cap are being used."""
    year = (today or date.today()).year
    tables = {t.year: t for t in rate_store.list_rates(ctx.store)}
    if year not in tables:
        used = (
            f"iuran masih dihitung dengan tarif {rate_for_year(list(tables.values()), year).year}"
            if tables
            else "iuran belum dapat dihitung"
        )
        return (
            f"Tarif iuran tahun {year} belum ada: {used}. Tambahkan tahun {year} dengan UMK/UMP "
            "dan batas upah JP yang baru di Alat → Tarif Iuran (atau "
            f"`kupang-desk rates set {year} umk NILAI`)."
        )
    prior = tables.get(year - 1)
    if prior is not None and replace(tables[year], year=prior.year, note=prior.note) == prior:
        return (
            f"Tarif iuran tahun {year} masih salinan tahun {year - 1} (semua nilai sama): "
            f"perbarui UMK/UMP dan batas upah JP tahun {year} di Alat → Tarif Iuran."
        )
    return None


def umk(ctx: AppContext, on: date | None = None) -> int:
    """The wage floor of the year of `on` (today): the one UMK that both the contributions
    and the "upah di bawah UMK" warning use (0 while missing for this pemda)."""
    return rates_for(ctx, (on or date.today()).year).umk


RATE_KEYS = tuple(f.name for f in fields(RateTable) if f.name not in ("year", "note", "jkk_bp"))


def set_rate(ctx: AppContext, year: int, key: str, value: str) -> RateTable:
    """`rates set 2026 umk 5729876`: one value of one year (a new year starts from the
    nearest earlier one). Keys: the RateTable fields, jkk1_bp … jkk5_bp, note."""
    tables = {t.year: t for t in list_rates(ctx)}  # as shown: UMK 0 while not entered
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
            whole: dict[str, Any] = {key: int(digits)}  # RATE_KEYS are the int fields
            table = replace(base, **whole)
    else:
        raise RateError(
            f"Tarif {key} tidak dikenal. Pilihan: {', '.join((*RATE_KEYS, *jkk_keys, 'note'))}."
        )
    save_rates(ctx, table)
    return table


def check_rates(rates: RateTable, *, umk_may_be_blank: bool = False) -> list[str]:
    """Problems of one year's table; UMK 0 passes only as "not entered yet"."""
    problems = []
    if not 2000 <= rates.year <= 2100:
        problems.append(f"Tahun {rates.year} tidak masuk akal.")
    money = {
        **({} if umk_may_be_blank and rates.umk == 0 else {"UMK": rates.umk}),
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
    """A year's rates as the admin sees them (list_rates): a UMK above 0 is the pemda's own
    from now on; 0 keeps the year "not entered" where that is allowed."""
    ctx.require_role(Role.ADMIN)
    problems = check_rates(rates, umk_may_be_blank=_umk_may_be_blank(ctx, rates.year))
    if problems:
        raise RateError(" ".join(problems))
    rate_store.save_rates(ctx.store, rates, user=ctx.user, umk_entered=rates.umk > 0)


def list_jkk_defaults(ctx: AppContext) -> list[JkkDefault]:
    return rate_store.list_jkk_defaults(ctx.store)


def check_jkk_defaults(ctx: AppContext, defaults: list[JkkDefault]) -> list[str]:
    known = {o.code for o in opd_store.list_opd(ctx.store)}
    problems = []
    for d in defaults:
        if d.opd_code not in known:
            problems.append(f"Kelas risiko JKK: kode OPD {d.opd_code} tidak ada.")
        if not d.jabatan.strip():
            problems.append(
                f"Kelas risiko JKK untuk {d.opd_code}: isi jabatannya. Kelas seluruh OPD diisi "
                "pada data OPD (Alat → OPD, kolom Kelas JKK)."
            )
        if d.risk_class not in JKK_CLASSES:
            problems.append(
                f"Kelas risiko JKK {d.risk_class} untuk {d.opd_code} {d.jabatan}: pilih 1 sampai 5."
            )
    return problems


def jkk_class(
    ctx: AppContext, opd_code: str, jabatan: str, override: int | None = None
) -> JkkClass:
    """The JKK class of a membership of a worker of `opd_code` with `jabatan` (override: the
    membership's own, None to follow the OPD): domain.settings.jkk_class_for."""
    opd = opd_store.get_opd(ctx.store, opd_code)
    rules = {(d.opd_code, d.jabatan): d.risk_class for d in rate_store.list_jkk_defaults(ctx.store)}
    return jkk_class_for(opd.jkk_class if opd else 1, rules, opd_code, jabatan, override)


def save_jkk_defaults(ctx: AppContext, defaults: list[JkkDefault]) -> None:
    ctx.require_role(Role.ADMIN)
    problems = check_jkk_defaults(ctx, defaults)
    if problems:
        raise RateError(" ".join(problems))
    rate_store.replace_jkk_defaults(ctx.store, defaults, user=ctx.user)


def save_rates_and_settings(
    ctx: AppContext, rates: RateTable, settings: PemdaSettings, jkk: list[JkkDefault]
) -> None:
    """The settings dialog's Simpan: everything checked first, then one transaction."""
    ctx.require_role(Role.ADMIN)
    problems = check_rates(rates, umk_may_be_blank=_umk_may_be_blank(ctx, rates.year))
    problems += check_settings(settings)
    if not settings.place.strip():
        problems.append("Nama tempat penandatanganan (pemda.place, mis. Atambua) wajib diisi.")
    problems += check_jkk_defaults(ctx, jkk)
    if problems:
        raise RateError(" ".join(problems))
    with ctx.store.transaction():
        rate_store.save_rates(ctx.store, rates, user=ctx.user, umk_entered=rates.umk > 0)
        rate_store.save_settings(ctx.store, settings, user=ctx.user)
        rate_store.replace_jkk_defaults(ctx.store, jkk, user=ctx.user)
