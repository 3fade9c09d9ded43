"""Settings of the pemda that shape the printed documents and the contributions.

Stored by store/rates.py as key/value text; the defaults here are Kota Kupang's.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class PemdaSettings:
    city: str = "Pemerintah Kota Kupang"  # first line of the kop
    place: str = "Kupang"  # "Kupang, 24 November 2026" above the signature
    kelas_enabled: bool = True  # False once KRIS (Perpres 59/2024) replaces kelas rawat
    jht_enrolled: bool = False  # JKK + JKM are compulsory; JHT and JP are the pemda's choice
    jp_enrolled: bool = False
    rekap_signer_title: str = "Sekretaris Daerah Kota Kupang"
    rekap_signer_name: str = ""
    rekap_signer_nip: str = ""

    def default_tk_programs(self) -> tuple[str, ...]:
        return (
            ("JKK", "JKM")
            + (("JHT",) if self.jht_enrolled else ())
            + (("JP",) if self.jp_enrolled else ())
        )


def settings_to_text(settings: PemdaSettings) -> dict[str, str]:
    return {
        name: ("1" if value else "0") if isinstance(value, bool) else str(value)
        for name, value in ((f.name, getattr(settings, f.name)) for f in fields(PemdaSettings))
    }


def settings_from_text(values: dict[str, str]) -> PemdaSettings:
    """Unknown keys are ignored (other modules share the settings table)."""
    defaults = PemdaSettings()
    parsed = {}
    for f in fields(PemdaSettings):
        if f.name not in values:
            continue
        default = getattr(defaults, f.name)
        parsed[f.name] = values[f.name] == "1" if isinstance(default, bool) else values[f.name]
    return PemdaSettings(**parsed)


@dataclass(frozen=True)
class JkkDefault:
    """Default JKK risk class for an OPD, or for one jabatan within it (jabatan "" = whole OPD)."""

    opd_code: str
    jabatan: str
    risk_class: int


def jkk_class_for(defaults: dict[tuple[str, str], int], opd_code: str, jabatan: str) -> int:
    """Jabatan rule first, then the OPD's rule, else class I (office work)."""
    return defaults.get((opd_code, jabatan.upper()), defaults.get((opd_code, ""), 1))
