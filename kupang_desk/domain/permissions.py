"""Who may do what: the one table of roles × actions (README "Peran" shows the same).

Services ask `AppContext.require(action, opd_code)`; nothing else decides. An operator
types and proposes for its own OPD; a verifikator verifies and rejects (with a reason) but
does not change personal data, families or card numbers; an admin does everything, and
only an admin works on the whole pemda at once (exports, lists, merges).
"""

from __future__ import annotations

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.entities import MembershipStatus as S

# action -> (description for the README, roles allowed)
ACTIONS: dict[str, tuple[str, frozenset[Role]]] = {
    "edit_worker": (
        "tambah/ubah/nonaktifkan pegawai, impor",
        frozenset({Role.OPERATOR, Role.ADMIN}),
    ),
    "edit_family": ("ubah anggota keluarga", frozenset({Role.OPERATOR, Role.ADMIN})),
    "edit_membership": (
        "ubah kepesertaan (no. kartu, faskes, kelas)",
        frozenset({Role.OPERATOR, Role.ADMIN}),
    ),
    "propose": (
        "ajukan ulang (ditolak/tidak aktif → draf)",
        frozenset({Role.OPERATOR, Role.ADMIN}),
    ),
    "verify": (
        "verifikasi (draf → terverifikasi, kembali ke draf)",
        frozenset({Role.VERIFIKATOR, Role.ADMIN}),
    ),
    "double_entry": (
        "verifikasi entri ganda: ketik ulang data kunci dari KTP/KK",
        frozenset({Role.VERIFIKATOR, Role.ADMIN}),
    ),
    "submit": ("tandai diajukan ke BPJS", frozenset({Role.VERIFIKATOR, Role.ADMIN})),
    "reject": ("tolak dengan alasan", frozenset({Role.VERIFIKATOR, Role.ADMIN})),
    "activate": ("tandai aktif / tidak aktif", frozenset({Role.ADMIN})),
    "export_opd": (
        "ekspor/cetak satu OPD",
        frozenset({Role.OPERATOR, Role.VERIFIKATOR, Role.ADMIN}),
    ),
    "export_all": ("ekspor/cetak seluruh pemda", frozenset({Role.ADMIN})),
    "administer": (
        "pengguna, OPD, tarif, gabung kiriman, pulihkan",
        frozenset({Role.ADMIN}),
    ),
}

# Each membership step is one action of the table above.
TRANSITION_ACTION: dict[tuple[S, S], str] = {
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


def allowed(role: Role, action: str) -> bool:
    return role in ACTIONS[action][1]


def roles_for(action: str) -> list[Role]:
    return [r for r in Role if r in ACTIONS[action][1]]


def may_confirm(user: str, typist: str | None) -> bool:
    """Double entry is a second pair of eyes: whoever last typed a record's key fields
    (its typist, from the history) may not confirm them, whatever their role."""
    return typist is None or user != typist
