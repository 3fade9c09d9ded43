"""A realistic demo roster of Kota Kupang: OPDs, and workers with names typical of NTT.

Every generated NIK is consistent with its birth date and sex and passes the NIK rule,
so the demo database is also a fixture for tests and benchmarks.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from kupang_desk.domain.entities import Opd, Worker
from kupang_desk.domain.nik import encode_date_part
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
UMK_KUPANG = 2_900_000


def _weighted(rng: random.Random, options: list[tuple[str, str, int]]) -> tuple[str, str]:
    jabatan, unit, _ = rng.choices(options, weights=[o[2] for o in options])[0]
    return jabatan, unit


class DemoRefused(Exception):
    pass


def _worker(rng: random.Random, opd_code: str, serials: dict[str, int], today: date) -> Worker:
    sex = "P" if rng.random() < (0.3 if opd_code == "DLHK" else 0.45) else "L"
    first = rng.choice(FIRST_P if sex == "P" else FIRST_L)
    name = " ".join(p for p in (first, rng.choice(MIDDLE), rng.choice(SURNAMES)) if p)
    birth_date = today - timedelta(days=rng.randint(20 * 365, 55 * 365))
    kec = f"0{rng.randint(1, 6)}"
    district = (
        "5371" + kec
        if rng.random() < 0.85
        else rng.choice(["530101", "530201", "530301", "531401"])
    )
    date_part = encode_date_part(birth_date, sex)
    key = district + date_part
    serials[key] = serials.get(key, 0) + 1
    nik = f"{key}{serials[key]:04d}"
    jabatan, unit = _weighted(rng, JABATAN[opd_code])
    tmt = date(rng.randint(2010, 2024), rng.randint(1, 12), 1)
    return Worker(
        nik=nik,
        name=name,
        birth_date=birth_date,
        sex=sex,
        opd_code=opd_code,
        jabatan=jabatan,
        unit=unit,
        upah=rng.choice([UMK_KUPANG, UMK_KUPANG, 2_500_000, 3_000_000, 3_250_000]),
        no_kk=f"5371{kec}{rng.randint(10**9, 10**10 - 1)}",
        birth_place=rng.choice(BIRTH_PLACES),
        marital_status=rng.choice(["K", "K", "K", "TK", "CM"]),
        address=f"JL. {rng.choice(STREETS)} NO. {rng.randint(1, 120)}",
        rt=f"{rng.randint(1, 30):03d}",
        rw=f"{rng.randint(1, 12):03d}",
        kelurahan=rng.choice(KELURAHAN[kec]),
        kecamatan=KECAMATAN[kec],
        kode_pos=f"8511{rng.randint(1, 8)}",
        phone=f"+62812{rng.randint(10_000_000, 99_999_999)}",
        employment_type="PTT",
        contract_number=f"800/{rng.randint(100, 999)}/{opd_code}/{tmt.year}",
        tmt=tmt,
        priority=opd_code == "DLHK" and jabatan.startswith(("Tenaga Kebersihan", "Pengangkut")),
        priority_reason="Risiko kesehatan tinggi (kebersihan kota)" if opd_code == "DLHK" else "",
        uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    )


def fill_demo(
    ctx: AppContext, workers: int = 600, *, seed: int = 2026, today: date | None = None
) -> int:
    """Fill an empty database; DLHK always gets its 253 workers first. Returns the count."""
    if demo_store.has_workers(ctx.store):
        raise DemoRefused("Basis data sudah berisi pegawai; demo hanya mengisi basis data kosong.")
    today = today or date.today()
    rng = random.Random(seed)
    serials: dict[str, int] = {}
    others = [o.code for o in OPDS if o.code != "DLHK"]

    def generate():
        for i in range(workers):
            opd_code = "DLHK" if i < DLHK_WORKERS else others[(i - DLHK_WORKERS) % len(others)]
            yield _worker(rng, opd_code, serials, today)

    demo_store.insert_demo(ctx.store, OPDS, generate(), user=ctx.user)
    return workers
