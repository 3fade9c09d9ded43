"""Monthly BPJS contributions (iuran) of one person, from one rates table per year.

Rates change by regulation every year, so every amount and percentage lives in `RateTable`
(stored by year, editable by the admin) and nothing here hard-codes them except the seeds.
Percentages are kept in basis points (1 bp = 0,01 %), so all arithmetic is exact integers.

Who pays what: JKN on the wage between the UMK and the ceiling; JKK/JKM/JHT on the wage
(at least the UMK); JP on the wage up to the cap of the month, and none from the month the
worker reaches usia pensiun (domain.ages). The JKK class is decided by
domain.settings.jkk_class_for (the OPD's registration, or an exception).

Rounding rule (the only one): each component of each person is rounded to whole rupiah,
half up (Rp 0,50 -> Rp 1), *before* anything is added up. Totals are sums of rounded parts,
so a printed list always adds up to its total row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kupang_desk.domain.ages import past_pension_age
from kupang_desk.domain.defaults import SEEDED_WAGE_FLOOR_2026_SOURCE, SEEDED_WAGE_FLOOR_LABEL
from kupang_desk.domain.entities import Relation

BASIS_POINTS = 10_000  # 100 % in basis points
JKK_CLASSES = (1, 2, 3, 4, 5)
COVERED_CHILDREN = 3  # worker + spouse + up to 3 children; more are "tambahan"

# Where each rate comes from, shown beside the value in the admin's settings dialog.
REGULATIONS: dict[str, str] = {
    "umk": "UMK/UMP tempat pemda (Keputusan Gubernur) — batas bawah upah",
    "kes_employer_bp": "Perpres 82/2018 Ps. 30 jo. Perpres 75/2019 (4% pemberi kerja)",
    "kes_worker_bp": "Perpres 82/2018 Ps. 30 jo. Perpres 75/2019 (1% pekerja)",
    "kes_ceiling": "Perpres 82/2018 Ps. 32 jo. Perpres 75/2019 (batas atas upah)",
    "kes_extra_member_bp": "Perpres 82/2018 Ps. 30 ayat 3 (anggota keluarga tambahan)",
    "kelas1_above": "Perpres 82/2018 Ps. 54 jo. Perpres 64/2020 (kelas rawat menurut upah)",
    "jkk_bp": "PP 44/2015 Ps. 16 dan Lampiran I (kelas risiko menurut pendaftaran OPD)",
    "jkm_bp": "PP 44/2015 Ps. 18 (JKM)",
    "jht_employer_bp": "PP 46/2015 Ps. 16 (JHT 3,7% pemberi kerja)",
    "jht_worker_bp": "PP 46/2015 Ps. 16 (JHT 2% pekerja)",
    "jp_employer_bp": "PP 45/2015 Ps. 28 (JP 2% pemberi kerja)",
    "jp_worker_bp": "PP 45/2015 Ps. 28 (JP 1% pekerja); tanpa JP sejak usia pensiun (Ps. 15)",
    "jp_cap": "PP 45/2015 Ps. 29; batas upah JP diumumkan BPJS TK tiap Maret",
}


@dataclass(frozen=True)
class RateTable:
    """All contribution parameters of one calendar year."""

    year: int
    umk: int  # wage floor: UMK of the city
    kes_employer_bp: int = 400
    kes_worker_bp: int = 100
    kes_ceiling: int = 12_000_000
    kes_extra_member_bp: int = 100
    kelas1_above: int = 4_000_000  # kelas 2 up to this wage, kelas 1 above
    jkk_bp: tuple[int, ...] = (24, 54, 89, 127, 174)  # risk class I..V
    jkm_bp: int = 30
    jht_employer_bp: int = 370
    jht_worker_bp: int = 200
    jp_employer_bp: int = 200
    jp_worker_bp: int = 100
    jp_cap_jan_feb: int = 0  # the cap announced the March before
    jp_cap: int = 0  # the cap from March of this year
    note: str = ""

    def jp_cap_for(self, month: int) -> int:
        """The JP wage cap changes each March."""
        return self.jp_cap if month >= 3 else self.jp_cap_jan_feb


SEED_RATES: tuple[RateTable, ...] = (
    RateTable(
        2025,
        umk=2_396_696,  # the seeded city of domain/defaults.py, 2025 (Rp 2.396.696,46)
        jp_cap_jan_feb=10_042_300,
        jp_cap=10_547_400,
        note=f"{SEEDED_WAGE_FLOOR_LABEL} 2025 Rp 2.396.696.",
    ),
    RateTable(
        2026,
        umk=2_532_853,  # the seeded city, 2026 (the decree is named in the note)
        jp_cap_jan_feb=10_547_400,
        jp_cap=11_086_300,
        note=f"{SEEDED_WAGE_FLOOR_LABEL} 2026 Rp 2.532.853 ({SEEDED_WAGE_FLOOR_2026_SOURCE}).",
    ),
)
# What the 2026 seed said before it was corrected (store.migrations puts the figure above
# into a database still holding these, unless an admin typed its own UMK).
WRONG_2026_SEED_UMK = 2_396_696
WRONG_2026_SEED_NOTE = "UMK 2026 belum dimasukkan: masih UMK 2025. Perbarui setelah ditetapkan."


def rate_for_year(tables: list[RateTable] | tuple[RateTable, ...], year: int) -> RateTable:
    """The table of `year`, else the latest earlier year, else the earliest one known."""
    ordered = sorted(tables, key=lambda t: t.year)
    if not ordered:
        raise ValueError("Tabel iuran kosong: isi tarif iuran di Pengaturan.")
    earlier = [t for t in ordered if t.year <= year]
    return earlier[-1] if earlier else ordered[0]


def share(base: int, basis_points: int) -> int:
    """base × rate, rounded to whole rupiah half up (exact integer arithmetic)."""
    return (base * basis_points * 2 + BASIS_POINTS) // (2 * BASIS_POINTS)


def percent_label(basis_points: int) -> str:
    """0,24% / 4% — how a rate is written in Indonesian."""
    whole, fraction = divmod(basis_points, 100)
    return f"{whole}%" if not fraction else f"{whole},{fraction:02d}".rstrip("0") + "%"


@dataclass(frozen=True)
class Component:
    code: str  # "JKN", "TAMBAHAN", "JKK", "JKM", "JHT", "JP"
    base: int  # the wage this component's rate was applied to (floor, ceiling, JP cap)
    employer: int
    worker: int

    @property
    def total(self) -> int:
        return self.employer + self.worker


class ComponentSums:
    """employer / worker / total of a set of components: a person's iuran or a quote."""

    components: tuple[Component, ...]

    @property
    def employer(self) -> int:
        return sum(c.employer for c in self.components)

    @property
    def worker(self) -> int:
        return sum(c.worker for c in self.components)

    @property
    def total(self) -> int:
        return self.employer + self.worker


@dataclass(frozen=True)
class Iuran(ComponentSums):
    """One person's contribution for one month in one program."""

    program: str
    base_wage: int  # the wage the percentages were applied to
    components: tuple[Component, ...] = field(default_factory=tuple)
    kelas: int | None = None  # kelas rawat (Kesehatan), None when switched off (KRIS)

    def component(self, code: str) -> Component | None:
        return next((c for c in self.components if c.code == code), None)


def kesehatan_base(upah: int, rates: RateTable) -> int:
    """Wage used for BPJS Kesehatan: at least the UMK, at most the ceiling."""
    return min(max(upah, rates.umk), rates.kes_ceiling)


def kelas_rawat(upah: int, rates: RateTable) -> int:
    return 1 if kesehatan_base(upah, rates) > rates.kelas1_above else 2


def iuran_kesehatan(upah: int, rates: RateTable, *, kelas_enabled: bool = True) -> Iuran:
    """The worker's own PPU contribution (covers spouse and up to 3 children too)."""
    base = kesehatan_base(upah, rates)
    return Iuran(
        "kesehatan",
        base,
        (
            Component(
                "JKN", base, share(base, rates.kes_employer_bp), share(base, rates.kes_worker_bp)
            ),
        ),
        kelas_rawat(upah, rates) if kelas_enabled else None,
    )


def iuran_anggota_tambahan(upah: int, rates: RateTable, *, kelas_enabled: bool = True) -> Iuran:
    """One extra family member: 1% of the worker's wage, paid by the worker."""
    base = kesehatan_base(upah, rates)
    return Iuran(
        "kesehatan",
        base,
        (Component("TAMBAHAN", base, 0, share(base, rates.kes_extra_member_bp)),),
        kelas_rawat(upah, rates) if kelas_enabled else None,
    )


def extra_members(relations: list[Relation]) -> list[bool]:
    """For each family member (in listing order), whether they pay as "tambahan".

    Children beyond the third and members marked tambahan (parents, in-laws) are extra;
    the spouse and the first three children are covered by the worker's contribution.
    """
    children = 0
    flags = []
    for relation in relations:
        if relation == Relation.ANAK:
            children += 1
            flags.append(children > COVERED_CHILDREN)
        else:
            flags.append(relation == Relation.TAMBAHAN)
    return flags


TK_REQUIRED = ("JKK", "JKM")  # pemda must enroll non-ASN in at least these
TK_ORDER = ("JKK", "JKM", "JHT", "JP")


def parse_tk_programs(text: str) -> tuple[str, ...]:
    """'jkk, jkm,JHT' -> ('JKK', 'JKM', 'JHT'); JKK and JKM are always included."""
    wanted = {p.strip().upper() for p in text.replace(";", ",").split(",") if p.strip()}
    wanted.update(TK_REQUIRED)
    return tuple(p for p in TK_ORDER if p in wanted)


def iuran_ketenagakerjaan(
    upah: int,
    rates: RateTable,
    *,
    month: int,
    year: int | None = None,
    risk_class: int = 1,
    programs: tuple[str, ...] = TK_REQUIRED,
    birth_date: date | None = None,
) -> Iuran:
    """JKK (class I–V), JKM, and JHT / JP when enrolled; JP on wages up to the cap of the
    month, and none from the month the worker reaches usia pensiun (domain.ages; `year`
    defaults to the table's, pass the period's when the table is an earlier year's)."""
    if risk_class not in JKK_CLASSES:
        raise ValueError(f"Kelas risiko JKK {risk_class} tidak ada; pilih 1 sampai 5.")
    base = max(upah, rates.umk)
    parts = [
        Component("JKK", base, share(base, rates.jkk_bp[risk_class - 1]), 0),
        Component("JKM", base, share(base, rates.jkm_bp), 0),
    ]
    if "JHT" in programs:
        parts.append(
            Component(
                "JHT", base, share(base, rates.jht_employer_bp), share(base, rates.jht_worker_bp)
            )
        )
    if "JP" in programs and not jp_stopped(birth_date, year or rates.year, month):
        jp_base = min(base, rates.jp_cap_for(month))
        parts.append(
            Component(
                "JP",
                jp_base,
                share(jp_base, rates.jp_employer_bp),
                share(jp_base, rates.jp_worker_bp),
            )
        )
    return Iuran("ketenagakerjaan", base, tuple(parts))


def jp_stopped(birth_date: date | None, year: int, month: int) -> bool:
    """No JP for a worker at or past usia pensiun in that month (PP 45/2015 Pasal 15)."""
    return birth_date is not None and past_pension_age(birth_date, year, month)


ROMAN = ("I", "II", "III", "IV", "V")


def tk_program_label(programs: tuple[str, ...], risk_class: int, *, special: bool = False) -> str:
    """'JKK-II, JKM, JHT' as printed in the Program column; an override of the OPD's JKK
    class is marked: 'JKK-III (khusus), JKM'."""
    jkk = f"JKK-{ROMAN[risk_class - 1]}" + (" (khusus)" if special else "")
    return ", ".join(jkk if p == "JKK" else p for p in programs)
