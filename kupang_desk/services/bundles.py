"""Moving an OPD's records to the central office: "Kirim ke Pusat" and "Gabungkan Data OPD".

The OPD exports one file signed with its office key and sealed to the centre's key; the
centre checks the signer (registered, not revoked, for this OPD), the signature over every
byte, and the office's sequence number before writing anything, then merges in one
transaction (store/bundles.py has the rule). Offices are registered with
`register_office` (the same call enrollment uses) and install their key with
`install_office`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kupang_desk import __version__
from kupang_desk.domain.accounts import Role
from kupang_desk.services.context import AppContext
from kupang_desk.store import audit
from kupang_desk.store import bundles as bundle_store
from kupang_desk.store import keys as key_store
from kupang_desk.store import opd as opd_store
from kupang_desk.store.bundle_file import (
    Bundle,
    BundleDamaged,
    BundleRefused,
    Envelope,
    open_envelope,
    write_bundle,
)
from kupang_desk.store.bundles import MergeConflict, MergeOutcome

__all__ = [
    "BundleDamaged",
    "BundleError",
    "BundleRefused",
    "MergeConflict",
    "OfficeCredentials",
    "export_bundle",
    "install_office",
    "known_offices",
    "merge_bundle",
    "register_office",
    "revoke_office",
    "revoke_offices",
]

CENTRE = "pusat"
OPD_SIDE = "opd"


class BundleError(Exception):
    """The bundle cannot be made or merged; `str()` is for the clerk."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: dict
    checksum: str


@dataclass(frozen=True)
class MergeReport:
    manifest: dict
    checksum: str
    outcome: MergeOutcome

    @property
    def conflicts(self) -> list[MergeConflict]:
        return self.outcome.conflicts

    def to_json(self) -> dict:
        out = self.outcome
        return {
            "added": out.added,
            "updated": out.updated,
            "unchanged": out.unchanged,
            "conflicts": [c.to_json() for c in out.conflicts],
            "opd": self.manifest["opd"],
            "source_machine": self.manifest["machine_id"],
            "created_at": self.manifest["created_at"],
            "checksum": self.checksum,
            "history_received": out.history_received,
            "documents_added": out.documents_added,
        }


def suggested_name(opd_code: str, on: datetime | None = None) -> str:
    on = on or datetime.now()
    return f"kiriman-{opd_code.lower()}-{on:%Y%m%d-%H%M}.zip"


@dataclass(frozen=True)
class OfficeCredentials:
    """What the centre hands one OPD office: its signing key and the centre's public key.

    The signing key is secret: it travels only inside the installation file.
    """

    opd_code: str
    signing_key: str
    public_key: str
    centre_public_key: str


def register_office(ctx: AppContext, opd_code: str) -> OfficeCredentials:
    """At the centre (admin): a new signing key for an office of `opd_code`, now trusted."""
    ctx.require_role(Role.ADMIN)
    if opd_store.get_opd(ctx.store, opd_code) is None:
        raise BundleError(f"OPD dengan kode {opd_code} tidak ada di pusat; tambahkan dahulu.")
    _, centre_public = key_store.centre_keypair(ctx.store)
    private, public = key_store.new_office_key(ctx.store, opd_code, user=ctx.user)
    with ctx.store.transaction() as db:
        audit.record(
            db,
            user=ctx.user,
            action="office_register",
            entity="office",
            entity_id=public[:16],
            after={"opd": opd_code, "public_key": public},
        )
    return OfficeCredentials(opd_code, private, public, centre_public)


def revoke_office(ctx: AppContext, public_key: str) -> None:
    """At the centre (admin): bundles signed with this key are refused from now on."""
    ctx.require_role(Role.ADMIN)
    office = key_store.known_office(ctx.store, public_key)
    if office is None:
        raise BundleError("Kunci kantor OPD itu tidak dikenal di pusat.")
    key_store.revoke_office_key(ctx.store, public_key)
    with ctx.store.transaction() as db:
        audit.record(
            db,
            user=ctx.user,
            action="office_revoke",
            entity="office",
            entity_id=public_key[:16],
            after={"opd": office.opd_code, "public_key": public_key},
        )


def known_offices(ctx: AppContext) -> list[key_store.KnownOffice]:
    """At the centre (admin): every office key ever registered, revoked ones included."""
    ctx.require_role(Role.ADMIN)
    return key_store.known_offices(ctx.store)


def revoke_offices(ctx: AppContext, *, opd_code: str | None = None, key: str = "") -> list[str]:
    """Revoke the trusted keys of one OPD's offices, or the one key starting with `key`
    (at least 8 hex digits, as `bundle offices` prints). Returns the revoked keys."""
    ctx.require_role(Role.ADMIN)
    trusted = [o for o in key_store.known_offices(ctx.store) if not o.revoked]
    if opd_code is not None:
        chosen = [o for o in trusted if o.opd_code == opd_code]
        if not chosen:
            raise BundleError(f"Tidak ada kunci kantor OPD {opd_code} yang masih dipercaya.")
    else:
        key = key.strip().lower()
        if len(key) < 8:
            raise BundleError("Sebutkan sedikitnya 8 angka awal kunci kantor (bundle offices).")
        chosen = [o for o in trusted if o.public_key.startswith(key)]
        if len(chosen) != 1:
            raise BundleError(
                f"Kunci kantor yang dipercaya berawalan {key} tidak ada."
                if not chosen
                else f"Awalan {key} cocok dengan {len(chosen)} kunci; sebutkan lebih panjang."
            )
    for office in chosen:
        revoke_office(ctx, office.public_key)
    return [o.public_key for o in chosen]


def install_office(ctx: AppContext, credentials: OfficeCredentials) -> None:
    """At the OPD office (admin of its file): keep the key that signs its bundles."""
    ctx.require_role(Role.ADMIN)
    key_store.install_office_identity(
        ctx.store,
        opd_code=credentials.opd_code,
        signing_key=credentials.signing_key,
        centre_public_key=credentials.centre_public_key,
    )
    with ctx.store.transaction() as db:
        audit.record(
            db,
            user=ctx.user,
            action="office_install",
            entity="office",
            entity_id=credentials.public_key[:16],
            after={"opd": credentials.opd_code, "public_key": credentials.public_key},
        )


def office_installed(ctx: AppContext) -> bool:
    return key_store.office_identity(ctx.store) is not None


def export_bundle(
    ctx: AppContext, out: Path, *, opd_code: str, with_documents: bool = False
) -> ExportResult:
    """Write one OPD's workers, families, memberships and their history to `out`; its scans
    too when `with_documents` (sealed with the rest)."""
    ctx.require_opd(opd_code)
    if opd_store.get_opd(ctx.store, opd_code) is None:
        raise BundleError(f"OPD dengan kode {opd_code} tidak ada.")
    identity = key_store.office_identity(ctx.store)
    if identity is None:
        raise BundleError(
            "Kantor ini belum dipasang dari berkas pusat, jadi belum punya kunci untuk "
            "menandatangani kiriman. Minta admin pusat membuat berkas pemasangan OPD ini."
        )
    if identity.opd_code != opd_code:
        raise BundleError(
            f"Kantor ini terdaftar di pusat untuk OPD {identity.opd_code}; kiriman OPD "
            f"{opd_code} akan ditolak pusat."
        )
    data = bundle_store.collect(ctx.store, opd_code, with_documents=with_documents)
    manifest = {
        "opd": opd_code,
        "machine_id": bundle_store.machine_id(ctx.store),
        "created_at": datetime.now().isoformat(timespec="seconds"),
        "created_by": ctx.user,
        "schema_version": ctx.store.schema_version,
        "app_version": __version__,
        "counts": {
            "workers": len(data["workers"]),
            "family_members": len(data["family_members"]),
            "memberships": len(data["memberships"]),
            "audit": len(data["audit"]),
            "documents": len(data.get("documents", [])),
        },
        "history_head": bundle_store.history_head(ctx.store),
    }
    sequence = key_store.next_sequence(ctx.store)
    try:
        checksum = write_bundle(
            Path(out),
            manifest,
            data,
            signing_key=identity.signing_key,
            centre_public_key=identity.centre_public_key,
            sequence=sequence,
        )
    except OSError as exc:
        raise BundleError(f"Berkas {out} tidak dapat ditulis: {exc.strerror}.") from exc
    return ExportResult(Path(out), {**manifest, "sequence": sequence}, checksum)


def check_signer(ctx: AppContext, envelope: Envelope) -> key_store.KnownOffice:
    """Refuse before any write: unknown or revoked signer, bad signature, wrong OPD, replay."""
    office = key_store.known_office(ctx.store, envelope.signer)
    name = envelope.name
    if office is None:
        raise BundleRefused(
            f"Berkas {name} ditandatangani kantor yang tidak terdaftar di pusat ini. Tidak ada "
            "data yang digabungkan; daftarkan kantor OPD itu (berkas pemasangan) dahulu."
        )
    if office.revoked:
        raise BundleRefused(
            f"Berkas {name} ditandatangani kunci kantor OPD {office.opd_code} yang sudah "
            "dicabut. Tidak ada data yang digabungkan."
        )
    envelope.verify()
    claimed = envelope.header["opd"]
    if claimed != office.opd_code:
        raise BundleRefused(
            f"Berkas {name} mengaku berisi OPD {claimed}, padahal kantor penandatangannya "
            f"terdaftar untuk OPD {office.opd_code}. Tidak ada data yang digabungkan."
        )
    check_sequence(office, envelope.header["sequence"], envelope.digest, name)
    return office


def check_sequence(office: key_store.KnownOffice, sequence: int, digest: str, name: str) -> None:
    if sequence < office.last_sequence or (
        sequence == office.last_sequence and digest != office.last_digest
    ):
        raise BundleRefused(
            f"Berkas {name} adalah kiriman nomor {sequence} dari OPD {office.opd_code}, "
            f"padahal kiriman nomor {office.last_sequence} sudah digabungkan. Kiriman lama "
            "tidak digabungkan lagi (data pusat tidak dikembalikan); minta kiriman terbaru."
        )


def read_trusted(ctx: AppContext, path: Path) -> tuple[Bundle, key_store.KnownOffice]:
    envelope = open_envelope(Path(path))
    office = check_signer(ctx, envelope)
    private = key_store.centre_private_key(ctx.store)
    if private is None:
        raise BundleRefused("Basis data ini bukan pusat (belum punya kunci pusat).")
    return envelope.open(private), office


def merge_bundle(ctx: AppContext, path: Path) -> MergeReport:
    """Verify, then merge. Raises BundleDamaged before any write if the file is not intact."""
    ctx.require_role(Role.ADMIN)
    bundle, office = read_trusted(ctx, Path(path))
    manifest = bundle.manifest
    if manifest["schema_version"] > ctx.store.schema_version:
        raise BundleError(
            f"Berkas dari OPD {manifest['opd']} dibuat dengan Kupang Desk yang lebih baru "
            f"(skema {manifest['schema_version']}). Perbarui aplikasi di pusat dahulu."
        )
    if manifest["machine_id"] == bundle_store.machine_id(ctx.store):
        raise BundleError("Berkas ini dibuat dari basis data ini sendiri; tidak perlu digabung.")
    chain_problem = audit.verify_received_chain(
        bundle.data.get("chain") or [],
        bundle.data.get("audit") or [],
        manifest.get("history_head") or {},
        (office.chain_length, office.chain_head),
    )
    if chain_problem:
        raise BundleRefused(
            f"Riwayat kantor OPD {manifest['opd']} tidak dapat dipercaya: {chain_problem}. "
            "Tidak ada data yang digabungkan; periksa basis data kantor itu (kupang-desk check) "
            "sebelum mengirim lagi."
        )
    source = f"{manifest['opd']}@{manifest['machine_id'][:8]} {manifest['created_at']}"
    try:
        outcome = bundle_store.merge(
            ctx.store,
            bundle.data,
            manifest,
            user=ctx.user,
            source=source,
            office=office,
            digest=bundle.checksum,
            before_write=lambda current: check_sequence(
                current, manifest["sequence"], bundle.checksum, Path(path).name
            ),
        )
    except bundle_store.MalformedBundle as exc:
        raise BundleDamaged(
            f"Berkas {Path(path).name} tidak sah ({exc}). Tidak ada data yang digabungkan."
        ) from exc
    return MergeReport(manifest, bundle.checksum, outcome)


def resolve_conflict(
    ctx: AppContext, conflict: MergeConflict, choices: dict[str, str]
) -> dict | None:
    """The admin's pick per field ("pusat"/"opd"); audited. Per record = same side for all."""
    ctx.require_role(Role.ADMIN)
    unknown = {side for side in choices.values()} - {CENTRE, OPD_SIDE}
    if unknown:
        raise BundleError(f"Pilihan tidak dikenal: {', '.join(sorted(unknown))}.")
    return bundle_store.resolve(ctx.store, conflict, choices, user=ctx.user)
