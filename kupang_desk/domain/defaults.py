"""Kota Kupang's values: the one place in the code that names a real pemda; and the
national defaults every pemda starts from (the programs of each employment type).

The demo fills its settings from here through the settings service, the set-up wizard
offers nothing from here, and the wage floor seeded in the rates table belongs to the
region named below: for any other pemda the admin enters the UMK/UMP of the year.
"""

from __future__ import annotations

SEEDED_WAGE_FLOOR_REGION = "5371"  # the UMK rows seeded in the rates table are Kota Kupang's
SEEDED_WAGE_FLOOR_LABEL = "UMK Kota Kupang"
# The 2026 UMK of that city, Rp 2.532.853 (domain.iuran.SEED_RATES), and where it is set.
SEEDED_WAGE_FLOOR_2026_SOURCE = (
    "Keputusan Gubernur NTT Nomor 535/KEP/HK/2025; UMP NTT 2026 Rp 2.455.898"
)

SEEDED_PEMDA_SETTINGS: dict[str, str] = {
    "pemda.name": "Pemerintah Kota Kupang",
    "pemda.level": "kota",
    "pemda.region_code": "5371",
    "pemda.place": "Kupang",
    "pemda.address": "Jalan S.K. Lerik, Kelurahan Kelapa Lima, Kecamatan Kelapa Lima, Kota Kupang",
    "rekap.signer_title": "Sekretaris Daerah Kota Kupang",
    "bpjs_kes.nama_instansi": "Pemerintah Kota Kupang",
    "bpjs_kes.kode_dati2": "5371",
}

# Which programs each employment type is enrolled in (settings program.<jenis>; the admin
# may change them). "kesehatan": JKN as PPU (Perpres 82/2018 Pasal 4 as amended; PPPK in
# the PPU Penyelenggara Negara segment, with the same 4 % + 1 %); "ketenagakerjaan": BPJS
# Ketenagakerjaan, JKK + JKM at least (UU 24/2011, PP 44/2015; Inpres 2/2021 on the
# pemda's non-ASN); "taspen": JKK and JKM of ASN through PT Taspen (PP 70/2015 as amended
# by PP 66/2017), so not BPJS Ketenagakerjaan. PPPK are ASN (UU 20/2023 Pasal 6), PPPK paruh
# waktu too (KepmenPANRB 16/2025).
NON_ASN_PROGRAMS = ("kesehatan", "ketenagakerjaan")
ASN_PROGRAMS = ("kesehatan", "taspen")
EMPLOYMENT_TYPE_PROGRAMS: dict[str, tuple[str, ...]] = {
    "PTT": NON_ASN_PROGRAMS,
    "THL": NON_ASN_PROGRAMS,
    "PPNPN": NON_ASN_PROGRAMS,
    "Kontrak Perorangan": NON_ASN_PROGRAMS,
    "PPPK": ASN_PROGRAMS,
    "PPPK Paruh Waktu": ASN_PROGRAMS,
}
