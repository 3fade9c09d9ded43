"""What one wage costs in one month, component by component (`kupang-desk iuran`): a clerk's
quick question, answered by the same domain rules and rates table as the printed lists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kupang_desk.domain.iuran import (
    JKK_CLASSES,
    ROMAN,
    TK_ORDER,
    Component,
    ComponentSums,
    iuran_anggota_tambahan,
    iuran_kesehatan,
    iuran_ketenagakerjaan,
    parse_tk_programs,
)
from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AppContext

PROGRAMS = ("kesehatan", "ketenagakerjaan", "semua")


class IuranError(ValueError):
    """An option that cannot be right; `str()` says which and how to write it."""


@dataclass(frozen=True)
class Quote(ComponentSums):
    year: int
    month: int
    upah: int
    program: str  # kesehatan, ketenagakerjaan or semua
    components: tuple[Component, ...]
    rates_year: int  # the table used (the period's year, else the nearest earlier one)
    warnings: tuple[str, ...] = ()

    @property
    def period(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_period(text: str | None, today: date | None = None) -> tuple[int, int]:
    """ "2026-02" -> (2026, 2); nothing -> this month."""
    if not text:
        today = today or date.today()
        return today.year, today.month
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise IuranError(f"Periode '{text}' tidak dikenali. Tulis TTTT-BB, mis. 2026-03.")
    return int(match[1]), int(match[2])


def parse_jkk_class(text: str | int | None) -> int:
    """1-5 or I-V; nothing -> 1 (kelompok I, jasa pemerintahan: PP 44/2015 Lampiran I)."""
    if text is None or str(text).strip() == "":
        return 1
    value = str(text).strip().upper()
    risk = ROMAN.index(value) + 1 if value in ROMAN else int(value) if value.isdigit() else 0
    if risk not in JKK_CLASSES:
        raise IuranError(f"Kelas risiko JKK '{text}' tidak ada: pilih 1 sampai 5 (atau I-V).")
    return risk


def parse_programs(text: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """ "JKK,JKM,JP" -> ("JKK", "JKM", "JP"); JKK and JKM always; nothing -> `default`."""
    if text is None:
        return default
    names = [p.strip().upper() for p in text.replace(";", ",").split(",") if p.strip()]
    unknown = [p for p in names if p not in TK_ORDER]
    if unknown:
        raise IuranError(
            f"Program {', '.join(unknown)} tidak dikenal: pilih dari {', '.join(TK_ORDER)}, "
            "dipisah koma (mis. JKK,JKM,JHT)."
        )
    return parse_tk_programs(",".join(names))


def quote(
    ctx: AppContext,
    upah: int,
    *,
    period: str | None = None,
    program: str = "semua",
    jkk_class: str | int | None = None,
    programs: str | None = None,
    extra_members: int = 0,
    today: date | None = None,
) -> Quote:
    """The contributions of one wage in one month. Kesehatan: JKN, and TAMBAHAN for each
    extra family member (1% of the wage each, paid by the worker). Ketenagakerjaan: the
    programs given, else the pemda's enrolled set (pemda.jht_enrolled / jp_enrolled)."""
    if upah < 0:
        raise IuranError("Upah tidak boleh negatif.")
    if program not in PROGRAMS:
        raise IuranError(f"Program '{program}' tidak dikenal: pilih {', '.join(PROGRAMS)}.")
    if extra_members < 0:
        raise IuranError("Jumlah anggota keluarga tambahan tidak boleh negatif.")
    year, month = parse_period(period, today)
    risk = parse_jkk_class(jkk_class)
    settings = settings_service.load(ctx)
    tk_programs = parse_programs(programs, settings.default_tk_programs())
    rates = rate_service.rates_for(ctx, year)  # UMK 0 while this pemda's is not entered
    components: list[Component] = []
    if program in ("kesehatan", "semua"):
        components += iuran_kesehatan(upah, rates).components
        if extra_members:
            [one] = iuran_anggota_tambahan(upah, rates).components
            components.append(
                Component(
                    one.code,
                    one.base,
                    one.employer * extra_members,
                    one.worker * extra_members,
                )
            )
    if program in ("ketenagakerjaan", "semua"):
        components += iuran_ketenagakerjaan(
            upah, rates, month=month, year=year, risk_class=risk, programs=tk_programs
        ).components
    warnings = [w for w in (rate_service.wage_floor_missing(ctx, year),) if w]
    return Quote(year, month, upah, program, tuple(components), rates.year, tuple(warnings))
