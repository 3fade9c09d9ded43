"""What a paper for the public may show of a person: the one NIK mask.

A list posted on the notice board (uji publik) lets colleagues see who is proposed, not
read their identity numbers: the first 6 digits (where the NIK was issued) and the last 2
stay, so a name can be told from a namesake; birth date, sex digits and serial are hidden.
"""

from __future__ import annotations

MASK = "•"
SHOWN_HEAD, SHOWN_TAIL = 6, 2


def mask_nik(nik: str) -> str:
    """3201014503850001 -> 320101••••••••01; a value too short to keep 8 digits back is
    masked whole (never half a NIK in the clear)."""
    nik = "".join(nik.split())
    if len(nik) <= SHOWN_HEAD + SHOWN_TAIL:
        return MASK * len(nik)
    hidden = len(nik) - SHOWN_HEAD - SHOWN_TAIL
    return nik[:SHOWN_HEAD] + MASK * hidden + nik[-SHOWN_TAIL:]
