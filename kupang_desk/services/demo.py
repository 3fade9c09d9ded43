"""A realistic demo roster of Kota Kupang: OPDs, and workers with names typical of NTT.

Every generated NIK is consistent with its birth date and sex and passes the NIK rule,
so the demo database is also a fixture for tests and benchmarks.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import TypeVar

from kupang_desk.domain.defaults import SEEDED_PEMDA_SETTINGS
from kupang_desk.domain.entities import (
    FamilyMember,
    Membership,
    MembershipStatus,
    Opd,
    Program,
    Relation,
    Sex,
    Worker,
)
from kupang_desk.domain.family import COVERED_CHILDREN
from kupang_desk.domain.nik import encode_date_part
from kupang_desk.domain.settings import JkkDefault, setting_text
from kupang_desk.services import opd as opd_service
from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AppContext
from kupang_desk.store import demo as demo_store

DLHK_WORKERS = 253

OPDS = [
    Opd(
        "DLHK",
        "Dinas Lingkungan Hidup dan Kebersihan",
        "DLHK",
        "Drs. YOHANES B. SERAN, M.Si",
        "196805121994031007",
        "Kepala Dinas",
        "Jl. Frans Seda No. 2, Kupang",
    ),
    Opd(
        "DINKES",
        "Dinas Kesehatan",
        "Dinkes",
        "dr. MARIA F. NDUN, M.Kes",
        "197203152000032004",
        "Kepala Dinas",
        "Jl. S.K. Lerik, Kupang",
    ),
    Opd(
        "DISDIKBUD",
        "Dinas Pendidikan dan Kebudayaan",
        "Disdikbud",
        "Dr. PETRUS MANAFE, S.Pd., M.Pd",
        "197011081995121002",
        "Kepala Dinas",
        "Jl. Perintis Kemerdekaan, Kupang",
    ),
    Opd(
        "DPUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "DPUPR",
        "Ir. AGUSTINUS TEFA, M.T",
        "196909201996031003",
        "Kepala Dinas",
        "Jl. Timor Raya, Kupang",
    ),
    Opd(
        "DISHUB",
        "Dinas Perhubungan",
        "Dishub",
        "MARTHEN L. FANGGIDAE, S.H",
        "197405172001121005",
        "Kepala Dinas",
        "Jl. Palapa, Kupang",
    ),
    Opd(
        "SATPOLPP",
        "Satuan Polisi Pamong Praja",
        "Satpol PP",
        "DOMINGGUS NALLE, S.Sos",
        "197112301998031006",
        "Kepala Satuan",
        "Jl. El Tari, Kupang",
    ),
    Opd(
        "DUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dukcapil",
        "ELISABETH KASE, S.STP, M.Si",
        "197808222002122003",
        "Kepala Dinas",
        "Jl. Adi Sucipto, Kupang",
    ),
    Opd(
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        "FERDINAND AMALO, S.T",
        "197601042003121004",
        "Kepala Pelaksana",
        "Jl. W.J. Lalamentik, Kupang",
    ),
]

FIRST_L = """YOHANES AGUSTINUS YOSEF PETRUS PAULUS MARTHEN YAKOB OKTOVIANUS DOMINGGUS FERDINAND
    ARNOLDUS MELKIANUS SEMUEL YUSUF FRANSISKUS STEFANUS KORNELIS ALFONS YERMIAS NIKOLAUS ABRAHAM
    DANIEL YULIUS SIMON EDUARDUS GREGORIUS MIKHAEL ROBERTUS LUKAS MATHEUS""".split()
FIRST_P = """MARIA FRANSISKA ELISABETH ADRIANA YULIANA NOVITA APRIYANTI MARGARETHA YOHANA KRISTINA
    SERLY MERLIN DORKAS AGUSTINA FERONIKA ROSALINA MARTHA SELFINA YUNITA DEBORA OKTAVIA HERLINA
    ANASTASIA BERNADETHA SISILIA""".split()
MIDDLE = ["", "", "", "B.", "K.", "L.", "M.", "A.", "F.", "Y."]
SURNAMES = """NDUN MANAFE TEFA BANI LAISKODAT FANGGIDAE NALLE PAH SINLAE KASE AMALO TANEO TOELLE
    DETHAN LERIK RIWU KANA BESSIE MBATE SERAN TALLO RADJA RATU WADU HANING FOENAY BENU TANESIB
    NENO NUBATONIS KOLO SAUDALE KIUK LUDJI DJAWA HALLA MESAKH ADOE PELLO OEMATAN BALUKH NOMLENI
    LAY TAEK MAU""".split()
STREETS = "KATEDRAL|EL TARI|SOEKARNO|AMABI|TIMOR RAYA|BAUMATA|FETOR FUNAY".split("|")
BIRTH_PLACES = "KUPANG KUPANG KUPANG SOE KEFAMENANU ATAMBUA BA'A SEBA ENDE MAUMERE WAINGAPU".split()
# Kecamatan of Kota Kupang (53.71.xx) and some of their kelurahan.
KELURAHAN = {
    "01": "ALAK|NUNBABA|NAIOLA|PENKASE OELETA|MANULAI II|NUNHILA".split("|"),
    "02": "MAULAFA|NAIKOLAN|OEPURA|PENFUI|SIKUMANA|KOLHUA".split("|"),
    "03": "KELAPA LIMA|OESAPA|OESAPA BARAT|LASIANA|OESAPA SELATAN".split("|"),
    "04": "OEBOBO|FATULULI|KAYU PUTIH|LILIBA|TUAK DAUN MERAH|OEBUFU".split("|"),
    "05": "KOTA RAJA|NAIKOTEN I|NAIKOTEN II|FONTEIN|BONIPOI|AIR MATA".split("|"),
    "06": "KOTA LAMA|OENEU|FATUBESI|LAI-LAI BESI KOPAN|SOLOR|MERDEKA".split("|"),
}
KECAMATAN = {
    "01": "ALAK",
    "02": "MAULAFA",
    "03": "KELAPA LIMA",
    "04": "OEBOBO",
    "05": "KOTA RAJA",
    "06": "KOTA LAMA",
}
JABATAN = {
    "DLHK": [
        ("Tenaga Kebersihan / Penyapu Jalan", "Bidang Kebersihan", 60),
        ("Pengangkut Sampah", "UPT Pengelolaan Sampah", 30),
        ("Sopir Truk Sampah", "UPT Pengelolaan Sampah", 6),
        ("Tenaga Pertamanan", "Bidang Pertamanan", 4),
    ],
    "DINKES": [
        ("Tenaga Administrasi", "Sekretariat", 5),
        ("Petugas Kebersihan Puskesmas", "Puskesmas", 3),
        ("Sopir Ambulans", "Puskesmas", 2),
    ],
    "DISDIKBUD": [
        ("Operator Sekolah", "SD Negeri", 5),
        ("Penjaga Sekolah", "SD Negeri", 4),
        ("Tenaga Administrasi", "Sekretariat", 1),
    ],
    "DPUPR": [
        ("Tenaga Teknis Lapangan", "Bidang Bina Marga", 6),
        ("Pengemudi", "Sekretariat", 2),
        ("Tenaga Administrasi", "Sekretariat", 2),
    ],
    "DISHUB": [
        ("Petugas Parkir", "UPT Perparkiran", 6),
        ("Petugas Lalu Lintas", "Bidang Lalu Lintas", 4),
    ],
    "SATPOLPP": [
        ("Anggota Satpol PP Non-ASN", "Bidang Ketertiban Umum", 9),
        ("Tenaga Administrasi", "Sekretariat", 1),
    ],
    "DUKCAPIL": [("Operator Komputer", "Bidang Pelayanan", 8), ("Tenaga Arsip", "Sekretariat", 2)],
    "BPBD": [
        ("Tim Reaksi Cepat", "Bidang Kedaruratan", 8),
        ("Tenaga Administrasi", "Sekretariat", 2),
    ],
}
# Monthly wages above the UMK that the demo pays besides the UMK itself.
WAGES_ABOVE_UMK = (2_750_000, 3_000_000, 3_250_000, 4_200_000)
# Puskesmas of Kota Kupang as faskes tingkat pertama, by kecamatan (codes in BPJS form).
FASKES = {
    "01": [("0138U001", "PUSKESMAS ALAK"), ("0138U002", "PUSKESMAS MANUTAPEN")],
    "02": [("0138U003", "PUSKESMAS PENFUI"), ("0138U004", "PUSKESMAS SIKUMANA")],
    "03": [("0138U005", "PUSKESMAS OESAPA")],
    "04": [("0138U020", "PUSKESMAS OEBOBO"), ("0138U006", "PUSKESMAS OEPOI")],
    "05": [("0138U007", "PUSKESMAS BAKUNASE"), ("0138U008", "PUSKESMAS NAIONI")],
    "06": [("0138U009", "PUSKESMAS KUPANG KOTA"), ("0138U010", "PUSKESMAS PASIR PANJANG")],
}
# JKK risk class (PP 44/2015: 1 = 0,24 % … 5 = 1,74 %) of each OPD's registration: street
# cleaning is kelompok III, the other OPDs' jasa pemerintahan kelompok I (the default) …
OPD_JKK_CLASS = {"DLHK": 3}
# … and the jabatan whose work differs from the rest of their OPD (shown as "khusus").
JABATAN_JKK_CLASS = [
    JkkDefault("DLHK", "Sopir Truk Sampah", 2),
    JkkDefault("DLHK", "Tenaga Pertamanan", 1),
    JkkDefault("DPUPR", "Tenaga Teknis Lapangan", 2),
    JkkDefault("DISHUB", "Petugas Lalu Lintas", 2),
    JkkDefault("SATPOLPP", "Anggota Satpol PP Non-ASN", 2),
    JkkDefault("BPBD", "Tim Reaksi Cepat", 2),
]
_YEAR = 365.25


@cache
def _cumulative_of(weights: tuple[int, ...]) -> list[int]:
    return list(accumulate(weights))


def _cumulative(weights: Iterable[int]) -> list[int]:
    """Cumulative weights, computed once per list (random.choices redoes it every call)."""
    return _cumulative_of(tuple(weights))


_CHILDREN_CUM = _cumulative([10, 20, 30, 25, 10, 5])  # 0…5 children of a married worker
_STATUSES = [
    MembershipStatus.ACTIVE,
    MembershipStatus.DRAFT,
    MembershipStatus.VERIFIED,
    MembershipStatus.SUBMITTED,
    MembershipStatus.REJECTED,
]
_STATUS_CUM = _cumulative([80, 8, 5, 5, 2])


_T = TypeVar("_T")


def _pick(rng: random.Random, options: Sequence[_T]) -> _T:
    """rng.choice at a fraction of its cost (this runs millions of times for a big demo)."""
    return options[int(rng.random() * len(options))]


def _between(rng: random.Random, low: int, high: int) -> int:
    """rng.randint(low, high), cheaper."""
    return low + int(rng.random() * (high - low + 1))


def _weighted(rng: random.Random, options: list[tuple[str, str, int]]) -> tuple[str, str]:
    jabatan, unit, _ = rng.choices(options, cum_weights=_cumulative(o[2] for o in options))[0]
    return jabatan, unit


class DemoRefused(Exception):
    pass


class _Numbers:
    """Unique NIK serials, card numbers and worker identities across the whole demo."""

    def __init__(self) -> None:
        self.serials: dict[str, int] = {}
        self.people: set[tuple[str, date]] = set()  # (name, birth date) of workers so far
        self.jkn = 1_000_000
        self.kpj = 5_000_000

    def nik(self, district: str, birth_date: date, sex: Sex) -> str:
        key = district + encode_date_part(birth_date, sex)
        self.serials[key] = self.serials.get(key, 0) + 1
        return f"{key}{self.serials[key]:04d}"

    def jkn_card(self) -> str:
        self.jkn += 1
        return f"0001{self.jkn:09d}"

    def kpj_card(self) -> str:
        self.kpj += 1
        return f"26{self.kpj:09d}"


def _name(rng: random.Random, sex: Sex, surname: str | None = None) -> str:
    first = _pick(rng, FIRST_P if sex == Sex.P else FIRST_L)
    return " ".join(p for p in (first, _pick(rng, MIDDLE), surname or _pick(rng, SURNAMES)) if p)


def _days_ago(rng: random.Random, today: date, min_years: float, max_years: float) -> date:
    return today - timedelta(days=_between(rng, int(min_years * _YEAR) + 1, int(max_years * _YEAR)))


def _worker(
    rng: random.Random,
    opd_code: str,
    numbers: _Numbers,
    today: date,
    worker_id: int,
    wages: tuple[int, ...],
) -> Worker:
    sex = Sex.P if rng.random() < (0.3 if opd_code == "DLHK" else 0.45) else Sex.L
    tmt = date(_between(rng, 2012, min(2024, today.year - 1)), _between(rng, 1, 12), 1)
    # Aged 20-55 today and at least 19 at TMT, so every worker is 18-58 at TMT.
    oldest = min(55.0, (today - tmt).days / _YEAR + 57)
    birth_date = _days_ago(rng, today, max(20.0, (today - tmt).days / _YEAR + 19), oldest)
    kec = f"0{_between(rng, 1, 6)}"
    district = (
        "5371" + kec
        if rng.random() < 0.85
        else _pick(rng, ["530105", "530201", "530301", "531401"])
    )
    jabatan, unit = _weighted(rng, JABATAN[opd_code])
    street_cleaner = opd_code == "DLHK" and jabatan.startswith(("Tenaga Kebersihan", "Pengangkut"))
    age = (today - birth_date).days / _YEAR
    married = rng.random() < min(0.9, max(0.1, (age - 20) / 12))
    name = _name(rng, sex)
    while (name, birth_date) in numbers.people:  # would be flagged "kemungkinan data ganda"
        name = _name(rng, sex)
    numbers.people.add((name, birth_date))
    return Worker(
        nik=numbers.nik(district, birth_date, sex),
        name=name,
        birth_date=birth_date,
        sex=sex,
        opd_code=opd_code,
        jabatan=jabatan,
        unit=unit,
        upah=_pick(rng, wages),
        no_kk=f"5371{kec}{_between(rng, 10**9, 10**10 - 1)}",
        birth_place=_pick(rng, BIRTH_PLACES),
        marital_status="K" if married else _pick(rng, ["TK", "TK", "TK", "CM"]),
        mother_name=_name(rng, Sex.P),
        address=f"JL. {_pick(rng, STREETS)} NO. {_between(rng, 1, 120)}",
        rt=f"{_between(rng, 1, 30):03d}",
        rw=f"{_between(rng, 1, 12):03d}",
        kelurahan=_pick(rng, KELURAHAN[kec]),
        kecamatan=KECAMATAN[kec],
        kode_pos=f"8511{_between(rng, 1, 8)}",
        phone=f"+62812{_between(rng, 10_000_000, 99_999_999)}",
        employment_type="PTT",
        contract_number=f"800/{_between(rng, 100, 999)}/{opd_code}/{tmt.year}",
        tmt=tmt,
        priority=street_cleaner,
        priority_reason="Risiko kesehatan tinggi (kebersihan kota)" if street_cleaner else "",
        uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        id=worker_id,
    )


def _family(
    rng: random.Random, worker: Worker, numbers: _Numbers, today: date, next_id: int
) -> list[FamilyMember]:
    """Spouse and children of a married worker; the 4th child onward is "tambahan"."""
    if worker.marital_status != "K" or worker.birth_date is None:
        return []
    district = worker.no_kk[:6]
    worker_age = (today - worker.birth_date).days / _YEAR
    surname = worker.name.split()[-1]
    members: list[FamilyMember] = []

    def add(
        name: str, relation: Relation, birth_date: date, sex: Sex, student: bool = False
    ) -> None:
        members.append(
            FamilyMember(
                worker_id=worker.saved_id,
                nik=numbers.nik(district, birth_date, sex),
                name=name,
                relation=relation,
                birth_date=birth_date,
                sex=sex,
                birth_place=_pick(rng, BIRTH_PLACES),
                student=student,
                id=next_id + len(members),
                uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            )
        )

    spouse_sex = Sex.P if worker.sex == Sex.L else Sex.L
    spouse_age = max(19.0, worker_age + rng.uniform(-5, 5))
    spouse_name = _name(rng, spouse_sex, surname if spouse_sex == Sex.P else None)
    surname = spouse_name.split()[-1]  # children carry the father's family name
    add(
        spouse_name,
        Relation.ISTRI if spouse_sex == Sex.P else Relation.SUAMI,
        _days_ago(rng, today, spouse_age, spouse_age + 0.9),
        spouse_sex,
    )
    # Children born after the worker turned 21, 1-4 years apart, all still under 21; the
    # eldest three are covered as anak, younger ones are "tambahan".
    span = min(worker_age - 21, 20.5)
    if span > 0.5:
        count = rng.choices(range(6), cum_weights=_CHILDREN_CUM)[0]
        age = rng.uniform(min(span, 2.0), span)
        for order in range(count):
            if age < 0.2:
                break
            sex = _pick(rng, (Sex.L, Sex.P))
            add(
                _name(rng, sex, surname),
                Relation.ANAK if order < COVERED_CHILDREN else Relation.TAMBAHAN,
                _days_ago(rng, today, age - 0.1, age),
                sex,
                student=age > 6,
            )
            age -= rng.uniform(1.2, 4.0)
    return members


def _memberships(
    rng: random.Random, worker: Worker, family: list[FamilyMember], numbers: _Numbers, on: date
) -> list[Membership]:
    """BPJS Kesehatan for everyone, BPJS Ketenagakerjaan (JKK + JKM) for the worker."""
    status = rng.choices(_STATUSES, cum_weights=_STATUS_CUM)[0]
    kec = next((k for k, v in KECAMATAN.items() if v == worker.kecamatan), "04")
    faskes_code, faskes_name = _pick(rng, FASKES[kec])
    rejected = status == MembershipStatus.REJECTED
    submitted = status in (MembershipStatus.SUBMITTED, MembershipStatus.ACTIVE)
    active = status == MembershipStatus.ACTIVE
    steps = Membership(  # the status and its dates, shared by the worker's cards
        program=Program.KESEHATAN,
        worker_id=worker.saved_id,
        status=status,
        verified_at=on - timedelta(days=40) if status != MembershipStatus.DRAFT else None,
        submitted_at=on - timedelta(days=30) if submitted or rejected else None,
        active_at=on - timedelta(days=1) if active else None,
        rejected_at=on - timedelta(days=10) if rejected else None,
        rejected_reason="NIK tidak ditemukan di Dukcapil" if rejected else "",
    )
    kelas = "1" if worker.upah > 4_000_000 else "2"
    cards = [
        replace(
            steps,
            family_member_id=member_id,
            card_number=numbers.jkn_card() if active else "",
            kelas_rawat=kelas,
            faskes_code=faskes_code,
            faskes_name=faskes_name,
            tk_programs="",
        )
        for member_id in (None, *(m.id for m in family))  # the worker first
    ]
    cards.append(
        replace(
            steps,
            program=Program.KETENAGAKERJAAN,
            card_number=numbers.kpj_card() if active else "",
            tk_programs="JKK,JKM",  # the JKK class follows the OPD (or its jabatan rule)
        )
    )
    return cards


def fill_demo(
    ctx: AppContext, workers: int = 600, *, seed: int = 2026, today: date | None = None
) -> int:
    """Fill an empty database; DLHK always gets its 253 workers first. Returns the count."""
    if demo_store.has_workers(ctx.store):
        raise DemoRefused("Basis data sudah berisi pegawai; demo hanya mengisi basis data kosong.")
    today = today or date.today()
    _configure(ctx)
    rng = random.Random(seed)
    numbers = _Numbers()
    # Many PTT are paid exactly the UMK of the rates table; nobody below it.
    umk = rate_service.umk(ctx, today)
    wages = (umk, umk, *(w for w in WAGES_ABOVE_UMK if w > umk))
    others = [o.code for o in OPDS if o.code != "DLHK"]

    def generate() -> Iterator[demo_store.DemoRecord]:
        member_id = 1
        for i in range(workers):
            opd_code = "DLHK" if i < DLHK_WORKERS else others[(i - DLHK_WORKERS) % len(others)]
            worker = _worker(rng, opd_code, numbers, today, i + 1, wages)
            family = _family(rng, worker, numbers, today, member_id)
            member_id += len(family)
            yield worker, family, _memberships(rng, worker, family, numbers, today)

    return demo_store.insert_demo(ctx.store, generate(), user=ctx.user)


def _configure(ctx: AppContext) -> None:
    """The demo pemda and its OPDs, through the same services as the wizard and the CLI;
    what an admin has already set is kept."""
    stored = settings_service.load(ctx)
    blank = {
        key: value
        for key, value in {
            **SEEDED_PEMDA_SETTINGS,
            "setup.step": settings_service.SETUP_DONE,
        }.items()
        if not setting_text(stored, key) or key == "setup.step"
    }
    settings_service.set_values(ctx, blank)
    for opd in OPDS:
        if opd_service.get_opd(ctx, opd.code) is None:
            opd_service.add_opd(ctx, replace(opd, jkk_class=OPD_JKK_CLASS.get(opd.code, 1)))
    if not rate_service.list_jkk_defaults(ctx):
        rate_service.save_jkk_defaults(ctx, JABATAN_JKK_CLASS)
