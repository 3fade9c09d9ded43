"""Who may do what: the one table of roles × actions (README "Peran" shows the same).

Services ask `AppContext.require(action, opd_code)`; nothing else decides. An operator
types and proposes for its own OPD; a verifikator verifies and rejects (with a reason) but
does not change personal data, families or card numbers; an admin does everything, and
only an admin works on the whole pemda at once (exports, lists, merges).
"""

from __future__ import annotations

from kupang_desk.domain.entities import MembershipStatus as S

# action -> (description for the README, roles allowed)
ACTIONS: dict[str, tuple[str, frozenset[str]]] = {
    "edit_worker": (
        "tambah/ubah/nonaktifkan pegawai, impor",
        frozenset({"operator", "admin"}),
    ),
    "edit_family": ("ubah anggota keluarga", frozenset({"operator", "admin"})),
    "edit_membership": (
        "ubah kepesertaan (no. kartu, faskes, kelas)",
        frozenset({"operator", "admin"}),
    ),
    "propose": ("ajukan ulang (ditolak/tidak aktif → draf)", frozenset({"operator", "admin"})),
    "verify": (
        "verifikasi (draf → terverifikasi, kembali ke draf)",
        frozenset({"verifikator", "admin"}),
    ),
    "submit": ("tandai diajukan ke BPJS", frozenset({"verifikator", "admin"})),
    "reject": ("tolak dengan alasan", frozenset({"verifikator", "admin"})),
    "activate": ("tandai aktif / tidak aktif", frozenset({"admin"})),
    "export_opd": ("ekspor/cetak satu OPD", frozenset({"operator", "verifikator", "admin"})),
    "export_all": ("ekspor/cetak seluruh pemda", frozenset({"admin"})),
    "administer": (
        "pengguna, OPD, tarif, gabung kiriman, pulihkan",
        frozenset({"admin"}),
    ),
}

# Each membership step is one action of the table above.
TRANSITION_ACTION: dict[tuple[str, str], str] = {
    (S.DRAFT, S.VERIFIED): "verify",
    (S.VERIFIED, S.DRAFT): "verify",
    (S.VERIFIED, S.SUBMITTED): "submit",
    (S.DRAFT, S.REJECTED): "reject",
    (S.VERIFIED, S.REJECTED): "reject",
    (S.SUBMITTED, S.REJECTED): "reject",
    (S.SUBMITTED, S.ACTIVE): "activate",
    (S.ACTIVE, S.INACTIVE): "activate",
    (S.REJECTED, S.DRAFT): "propose",
    (S.INACTIVE, S.DRAFT): "propose",
}


def allowed(role: str, action: str) -> bool:
    return role in ACTIONS[action][1]


def roles_for(action: str) -> list[str]:
    return [r for r in ("operator", "verifikator", "admin") if r in ACTIONS[action][1]]
