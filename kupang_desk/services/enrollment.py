"""Enrollment: the centre registers an OPD office and hands it one installation file.

The file holds the pemda settings, the OPD list, the rates, the centre's public key and
that office's own signing key, encrypted with a passphrase the centre's admin passes on
separately. `setup_from` creates the office's database from it in one step. The settings
part is `pemda_payload` / `apply_pemda_payload`: the only two functions to adapt when the
typed settings model changes.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.entities import Opd
from kupang_desk.domain.iuran import RateTable
from kupang_desk.domain.queries import WorkerQuery
from kupang_desk.domain.settings import JkkDefault, PemdaSettings
from kupang_desk.services import backup as backup_service
from kupang_desk.services import bundles
from kupang_desk.services import opd as opd_service
from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.context import AppContext, administrator, open_context
from kupang_desk.store.db import Store
from kupang_desk.store.enrollment_file import (
    EnrollmentUnreadable,
    new_passphrase,
    read_enrollment,
    write_enrollment,
)

__all__ = ["EnrollmentError", "EnrollmentUnreadable", "enroll_office", "setup_from"]

FORMAT = "kupang-desk-enrollment"


class EnrollmentError(Exception):
    """The installation file cannot be made or used; `str()` is for the clerk."""


def _known(cls: type, values: dict) -> dict:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in values.items() if k in names}


def pemda_payload(ctx: AppContext) -> dict:
    """Settings (the typed model; images as base64), OPD list and rates of the centre."""
    settings = {
        k: {"base64": base64.b64encode(v).decode()} if isinstance(v, bytes) else v
        for k, v in asdict(settings_service.load(ctx)).items()
    }
    return {
        "settings": settings,
        "opd": [asdict(o) for o in opd_service.list_opd(ctx)],
        "rates": [asdict(r) for r in rate_service.list_rates(ctx)],  # UMK 0: not entered
        "jkk_rules": [asdict(d) for d in rate_service.list_jkk_defaults(ctx)],
    }


def apply_pemda_payload(ctx: AppContext, payload: dict) -> None:
    """The inverse of pemda_payload, at the new office (its admin: the CLI or set-up). The
    centre's set-up is done, so the office's wizard is too."""
    for opd in payload.get("opd", []):
        opd_service.save_opd(ctx, Opd(**_known(Opd, opd)))
    settings: dict[str, Any] = {  # each field's type, as pemda_payload wrote it
        k: base64.b64decode(v["base64"]) if isinstance(v, dict) else v
        for k, v in _known(PemdaSettings, payload["settings"]).items()
    }
    settings_service.save(ctx, PemdaSettings(**settings))
    for rates in payload.get("rates", []):
        values = _known(RateTable, rates)
        values["jkk_bp"] = tuple(values.get("jkk_bp", ()))
        rate_service.save_rates(ctx, RateTable(**values))
    rules = [JkkDefault(**_known(JkkDefault, r)) for r in payload.get("jkk_rules", [])]
    if rules:  # the JKK class exceptions per jabatan, as at the centre
        rate_service.save_jkk_defaults(ctx, rules)


@dataclass(frozen=True)
class Enrollment:
    path: Path
    opd_code: str
    passphrase: str
    public_key: str


def enroll_office(
    ctx: AppContext, opd_code: str, out: Path, *, passphrase: str | None = None
) -> Enrollment:
    """At the centre (admin): register a new office key for `opd_code` and write its file."""
    ctx.require_role(Role.ADMIN)
    try:
        credentials = bundles.register_office(ctx, opd_code)
    except bundles.BundleError as exc:
        raise EnrollmentError(str(exc)) from exc
    passphrase = passphrase or new_passphrase()
    document = {
        "format": FORMAT,
        "opd_code": opd_code,
        "signing_key": credentials.signing_key,
        "public_key": credentials.public_key,
        "centre_public_key": credentials.centre_public_key,
        **pemda_payload(ctx),
    }
    try:
        write_enrollment(Path(out), document, passphrase)
    except OSError as exc:
        bundles.revoke_office(ctx, credentials.public_key)  # a key nobody received
        raise EnrollmentError(f"Berkas {out} tidak dapat ditulis: {exc.strerror}.") from exc
    return Enrollment(Path(out), opd_code, passphrase, credentials.public_key)


INSTALLER = "pemasangan-pusat"


def _read(file: Path, passphrase: str) -> dict:
    document = read_enrollment(Path(file), passphrase)
    if document.get("format") != FORMAT or not isinstance(document.get("settings"), dict):
        raise EnrollmentUnreadable(f"Berkas {Path(file).name} bukan berkas pemasangan OPD.")
    return document


def _install(ctx: AppContext, document: dict, file: Path) -> str:
    try:
        apply_pemda_payload(ctx, document)
        bundles.install_office(
            ctx,
            bundles.OfficeCredentials(
                document["opd_code"],
                document["signing_key"],
                document["public_key"],
                document["centre_public_key"],
            ),
        )
    except (KeyError, TypeError, ValueError, opd_service.OpdError) as exc:
        raise EnrollmentUnreadable(
            f"Isi berkas {Path(file).name} tidak lengkap ({exc}); minta berkas baru."
        ) from exc
    return backup_service.recovery_key(ctx)


def install_into_new(store: Store, file: Path, passphrase: str) -> tuple[str, str]:
    """First start of the app ("Pasang dari berkas pusat"): configure the new, still empty
    database; returns (OPD code, Kunci Pemulihan). Nobody can log in yet, so this runs as
    the installer, like the CLI's administrator of the file."""
    ctx = administrator(store, INSTALLER)
    if worker_service.count_workers(ctx, WorkerQuery())["total"] or bundles.office_installed(ctx):
        raise EnrollmentError("Basis data ini sudah berisi data; pemasangan hanya untuk yang baru.")
    document = _read(file, passphrase)
    with store.transaction():  # all of the file, or nothing
        key = _install(ctx, document, file)
    return document["opd_code"], key


def setup_from(db_path: Path, file: Path, passphrase: str, *, user: str) -> str:
    """At the office: create the database from the installation file; returns the new
    database's Kunci Pemulihan. Refused when a database already exists there."""
    db_path = Path(db_path)
    if db_path.exists():
        raise EnrollmentError(
            f"Basis data {db_path} sudah ada; pemasangan dari berkas pusat hanya untuk "
            "basis data baru."
        )
    document = _read(file, passphrase)
    ctx = open_context(db_path, user, role=Role.ADMIN)  # the CLI, as the file's admin
    done = False
    try:
        key = _install(ctx, document, file)
        done = True
        return key
    finally:
        ctx.close()
        if not done:  # no half-configured office: the next attempt starts clean
            for suffix in ("", "-wal", "-shm"):
                db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
