"""The keys behind signed and sealed bundles, at the office and at the centre.

An OPD office holds one Ed25519 signing key and the centre's X25519 public key; the
centre holds its X25519 key pair and the list of offices it trusts (public key, OPD,
revoked flag, last sequence number merged). Keys are generated with `cryptography`;
this module only stores them (as hex) and never does crypto arithmetic itself.

The private keys sit in the database file unencrypted: whoever can copy the file can sign
as the office (or open bundles at the centre). That is the same trust as the data itself,
and it is said in the README.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store, StoredRow

_RAW = serialization.Encoding.Raw
_RAW_PRIVATE = serialization.PrivateFormat.Raw
_RAW_PUBLIC = serialization.PublicFormat.Raw
_NO_ENCRYPTION = serialization.NoEncryption()


def _private_hex(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    return key.private_bytes(_RAW, _RAW_PRIVATE, _NO_ENCRYPTION).hex()


def _public_hex(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    return key.public_key().public_bytes(_RAW, _RAW_PUBLIC).hex()


@dataclass(frozen=True)
class OfficeIdentity:
    opd_code: str
    signing_key: str  # hex of the raw Ed25519 private key
    public_key: str
    centre_public_key: str  # hex of the centre's raw X25519 public key
    last_sequence: int


@dataclass(frozen=True)
class KnownOffice:
    public_key: str
    opd_code: str
    revoked: bool
    last_sequence: int
    last_digest: str
    chain_head: str | None
    chain_length: int
    registered_at: str
    registered_by: str


# -- at the centre ---------------------------------------------------------------------------
def centre_keypair(store: Store) -> tuple[str, str]:
    """(private hex, public hex) of the centre's X25519 key, made on first use."""
    with store.transaction() as db:
        row = db.execute("SELECT private_key, public_key FROM centre_identity WHERE id = 1")
        found = row.fetchone()
        if found:
            return found[0], found[1]
        key = X25519PrivateKey.generate()
        private, public = _private_hex(key), _public_hex(key)
        db.execute(
            "INSERT INTO centre_identity (id, private_key, public_key, created_at) "
            "VALUES (1, ?, ?, ?)",
            (private, public, now_iso()),
        )
        return private, public


def centre_private_key(store: Store) -> str | None:
    rows = store.query("SELECT private_key FROM centre_identity WHERE id = 1")
    return rows[0][0] if rows else None


def new_office_key(store: Store, opd_code: str, *, user: str) -> tuple[str, str]:
    """Generate and register a signing key for an office of `opd_code`: (private, public).

    The private half is handed to the office (in its installation file) and not kept here.
    """
    key = Ed25519PrivateKey.generate()
    private, public = _private_hex(key), _public_hex(key)
    register_office_key(store, opd_code, public, user=user)
    return private, public


def register_office_key(store: Store, opd_code: str, public_key: str, *, user: str) -> None:
    with store.transaction() as db:
        db.execute(
            "INSERT INTO known_offices (public_key, opd_code, revoked, last_sequence, "
            "last_digest, chain_length, registered_at, registered_by) "
            "VALUES (?, ?, 0, 0, '', 0, ?, ?)",
            (public_key, opd_code, now_iso(), user),
        )


def revoke_office_key(store: Store, public_key: str) -> None:
    with store.transaction() as db:
        db.execute("UPDATE known_offices SET revoked = 1 WHERE public_key = ?", (public_key,))


def _known(row: StoredRow) -> KnownOffice:
    return KnownOffice(
        public_key=row["public_key"],
        opd_code=row["opd_code"],
        revoked=bool(row["revoked"]),
        last_sequence=row["last_sequence"] or 0,
        last_digest=row["last_digest"] or "",
        chain_head=row["chain_head"],
        chain_length=row["chain_length"] or 0,
        registered_at=row["registered_at"] or "",
        registered_by=row["registered_by"] or "",
    )


def known_office(store: Store, public_key: str) -> KnownOffice | None:
    rows = store.query("SELECT * FROM known_offices WHERE public_key = ?", (public_key,))
    return _known(rows[0]) if rows else None


def known_offices(store: Store) -> list[KnownOffice]:
    rows = store.query("SELECT * FROM known_offices ORDER BY opd_code, registered_at")
    return [_known(r) for r in rows]


def record_merged(
    db: sqlite_utils.Database,
    public_key: str,
    *,
    sequence: int,
    digest: str,
    chain_head: str | None,
    chain_length: int,
) -> None:
    """Inside the merge's transaction: the office's newest merged bundle."""
    db.execute(
        "UPDATE known_offices SET last_sequence = ?, last_digest = ?, chain_head = ?, "
        "chain_length = ? WHERE public_key = ?",
        (sequence, digest, chain_head, chain_length, public_key),
    )


# -- at the office ---------------------------------------------------------------------------
def install_office_identity(
    store: Store, *, opd_code: str, signing_key: str, centre_public_key: str
) -> OfficeIdentity:
    """Keep the office's signing key (replacing an older one; sequence numbers go on)."""
    public = _public_hex(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(signing_key)))
    with store.transaction() as db:
        db.execute(
            "INSERT INTO office_identity (id, opd_code, signing_key, public_key, "
            "centre_public_key, last_sequence, installed_at) VALUES (1, ?, ?, ?, ?, 0, ?) "
            "ON CONFLICT (id) DO UPDATE SET opd_code = excluded.opd_code, signing_key = "
            "excluded.signing_key, public_key = excluded.public_key, centre_public_key = "
            "excluded.centre_public_key, installed_at = excluded.installed_at",
            (opd_code, signing_key, public, centre_public_key, now_iso()),
        )
    found = office_identity(store)
    assert found is not None
    return found


def office_identity(store: Store) -> OfficeIdentity | None:
    rows = store.query("SELECT * FROM office_identity WHERE id = 1")
    if not rows:
        return None
    row = rows[0]
    return OfficeIdentity(
        opd_code=row["opd_code"],
        signing_key=row["signing_key"],
        public_key=row["public_key"],
        centre_public_key=row["centre_public_key"],
        last_sequence=row["last_sequence"] or 0,
    )


def next_sequence(store: Store) -> int:
    """Take the office's next bundle number (committed: a number is never handed out twice)."""
    with store.transaction() as db:
        db.execute("UPDATE office_identity SET last_sequence = last_sequence + 1 WHERE id = 1")
        return db.execute("SELECT last_sequence FROM office_identity WHERE id = 1").fetchone()[0]
