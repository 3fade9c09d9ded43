"""Kota Kupang's values: the one place in the code that names a real pemda.

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
