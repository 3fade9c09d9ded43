"""Kemendagri region codes (provinsi, kabupaten/kota, kecamatan) from resources/wilayah.

Codes are kept without dots ("317101"), the way they appear inside a NIK.
Data: idn-area-data, ODbL (resources/wilayah/LICENSE.md).
"""

from __future__ import annotations

import csv
from functools import cache

from kupang_desk.resources import resource_path


@cache
def _names(file_name: str) -> dict[str, str]:
    with resource_path("wilayah", file_name).open(encoding="utf-8", newline="") as handle:
        return {row["code"].replace(".", ""): row["name"] for row in csv.DictReader(handle)}


def province_name(code: str) -> str | None:
    return _names("provinces.csv").get(code)


def regency_name(code: str) -> str | None:
    return _names("regencies.csv").get(code)


def district_name(code: str) -> str | None:
    return _names("districts.csv").get(code)


def districts_of(regency_code: str) -> dict[str, str]:
    """Kecamatan of one kabupaten/kota, code -> name, in code order."""
    return {
        code: name
        for code, name in sorted(_names("districts.csv").items())
        if code.startswith(regency_code)
    }


def provinces() -> dict[str, str]:
    """Code -> name of every province, in code order."""
    return dict(sorted(_names("provinces.csv").items()))


def regencies() -> dict[str, str]:
    """Code -> name of every kabupaten/kota ("KOTA …", "KABUPATEN …"), in code order."""
    return dict(sorted(_names("regencies.csv").items()))
