"""How a taken NIK is told to the user: never the name of a person outside their OPD.

An operator of DLHK who types a NIK held at DINKES learns only that it is taken elsewhere
(issue 13: typing NIKs into a form, a family row or an import dry run must not reveal
who works at another OPD). Admins, and users of the holder's own OPD, see the name.
"""

from __future__ import annotations

from kupang_desk.services.context import AppContext
from kupang_desk.store.workers import NikHolder

OTHER_OPD = "NIK {nik} sudah terdaftar di OPD lain; hubungi admin."


def may_see(ctx: AppContext, opd_code: str) -> bool:
    return ctx.opd_scope in (None, opd_code)


def nik_taken_message(ctx: AppContext, nik: str, holder: NikHolder) -> str:
    if not may_see(ctx, holder.opd_code):
        return OTHER_OPD.format(nik=nik)
    role = f"anggota keluarga {holder.family_of}" if holder.family_of else "pegawai"
    return f"NIK {nik} sudah terdaftar atas nama {holder.name} ({role}) di {holder.opd_name}."
