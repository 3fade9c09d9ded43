"""Moving an OPD's records to the central office: "Kirim ke Pusat" and "Gabungkan Data OPD".

The OPD exports one sealed file; the centre verifies it completely before writing
anything, then merges it in one transaction (store/bundle.py has the rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kupang_desk import __version__
from kupang_desk.services.context import AppContext
from kupang_desk.store import bundle as bundle_store
from kupang_desk.store import opd as opd_store
from kupang_desk.store.bundle import MergeConflict, MergeOutcome
from kupang_desk.store.bundle_file import BundleDamaged, read_bundle, write_bundle

__all__ = ["BundleDamaged", "BundleError", "MergeConflict", "export_bundle", "merge_bundle"]

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
        }


def suggested_name(opd_code: str, on: datetime | None = None) -> str:
    on = on or datetime.now()
    return f"kiriman-{opd_code.lower()}-{on:%Y%m%d-%H%M}.zip"


def export_bundle(ctx: AppContext, out: Path, *, opd_code: str) -> ExportResult:
    """Write one OPD's workers, families, memberships and their history to `out`."""
    ctx.require_opd(opd_code)
    if opd_store.get_opd(ctx.store, opd_code) is None:
        raise BundleError(f"OPD dengan kode {opd_code} tidak ada.")
    data = bundle_store.collect(ctx.store, opd_code)
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
        },
    }
    try:
        checksum = write_bundle(Path(out), manifest, data)
    except OSError as exc:
        raise BundleError(f"Berkas {out} tidak dapat ditulis: {exc.strerror}.") from exc
    return ExportResult(Path(out), manifest, checksum)


def merge_bundle(ctx: AppContext, path: Path) -> MergeReport:
    """Verify, then merge. Raises BundleDamaged before any write if the file is not intact."""
    ctx.require_role("admin")
    bundle = read_bundle(Path(path))
    manifest = bundle.manifest
    if manifest["schema_version"] > ctx.store.schema_version:
        raise BundleError(
            f"Berkas dari OPD {manifest['opd']} dibuat dengan Kupang Desk yang lebih baru "
            f"(skema {manifest['schema_version']}). Perbarui aplikasi di pusat dahulu."
        )
    if manifest["machine_id"] == bundle_store.machine_id(ctx.store):
        raise BundleError("Berkas ini dibuat dari basis data ini sendiri; tidak perlu digabung.")
    source = f"{manifest['opd']}@{manifest['machine_id'][:8]} {manifest['created_at']}"
    outcome = bundle_store.merge(ctx.store, bundle.data, manifest, user=ctx.user, source=source)
    return MergeReport(manifest, bundle.checksum, outcome)


def resolve_conflict(
    ctx: AppContext, conflict: MergeConflict, choices: dict[str, str]
) -> dict | None:
    """The admin's pick per field ("pusat"/"opd"); audited. Per record = same side for all."""
    ctx.require_role("admin")
    unknown = {side for side in choices.values()} - {CENTRE, OPD_SIDE}
    if unknown:
        raise BundleError(f"Pilihan tidak dikenal: {', '.join(sorted(unknown))}.")
    return bundle_store.resolve(ctx.store, conflict, choices, user=ctx.user)
