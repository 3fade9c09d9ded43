"""Explaining one NIK (for `check nik`): decoded facts plus every issue."""

from __future__ import annotations

from datetime import date

from kupang_desk.domain.nik import check_nik


def explain_nik(nik: str, *, today: date | None = None) -> dict:
    result = check_nik(nik, today=today)
    info = result.info
    return {
        "nik": result.nik,
        "valid": result.valid,
        "province": info.province if info else None,
        "regency": info.regency if info else None,
        "district": info.district if info else None,
        "birth_date": info.birth_date.isoformat() if info else None,
        "sex": info.sex if info else None,
        "errors": [i.message for i in result.issues if i.is_error],
        "warnings": [i.message for i in result.issues if not i.is_error],
    }
