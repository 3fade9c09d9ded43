"""OPD master data: add, edit (rename keeps the code and history), deactivate, import.

An OPD that has workers is never deleted; deactivated, it leaves the choices for new
workers and keeps everything it had.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.entities import Opd
from kupang_desk.domain.identifiers import check_nip, check_npp, digits_only, normalize_npp
from kupang_desk.domain.iuran import JKK_CLASSES
from kupang_desk.domain.text_limits import address_issues, length_issues, split_address
from kupang_desk.exchange import opd_import
from kupang_desk.services.context import AppContext
from kupang_desk.store import opd as opd_store

_CODE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
EDITABLE = (
    "name",
    "short_name",
    "address",
    "head_title",
    "head_name",
    "head_nip",
    "head_pangkat",
    "jkk_class",
    "npp",
)


class OpdError(Exception):
    """An OPD that cannot be saved; `str()` names the field and how to fix it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def list_opd(ctx: AppContext, *, active_only: bool = False) -> list[Opd]:
    return opd_store.list_opd(ctx.store, active_only=active_only)


def get_opd(ctx: AppContext, code: str) -> Opd | None:
    return opd_store.get_opd(ctx.store, normalize_code(code))


def normalize_code(code: str) -> str:
    return code.strip().upper()


def normalized(opd: Opd) -> Opd:
    return replace(
        opd,
        code=normalize_code(opd.code),
        name=" ".join(opd.name.split()),
        short_name=" ".join(opd.short_name.split()),
        address="\n".join(split_address(opd.address)),  # kop lines: "|" or line breaks
        head_title=" ".join(opd.head_title.split()),
        head_name=" ".join(opd.head_name.split()),
        head_nip=digits_only(opd.head_nip),
        head_pangkat=" ".join(opd.head_pangkat.split()),
        npp=normalize_npp(opd.npp).upper(),
    )


def problems(opd: Opd) -> list[tuple[str, str]]:
    """(field, message) of everything wrong with one (normalised) OPD."""
    found = []
    if not opd.code:
        found.append(("code", "Kode OPD wajib diisi (mis. DLHK)."))
    elif len(opd.code) > 20 or not set(opd.code) <= _CODE_CHARS:
        found.append(
            (
                "code",
                f"Kode OPD {opd.code}: pakai huruf, angka, titik atau tanda hubung saja, "
                "paling panjang 20.",
            )
        )
    if not opd.name:
        found.append(("name", f"OPD {opd.code}: nama OPD wajib diisi."))
    found += [
        (i.field, f"OPD {opd.code}: {i.message}") for i in check_nip(opd.head_nip, "head_nip")
    ]
    found += [
        (i.field, f"OPD {opd.code[:20]}: {i.message}")
        for i in (
            *length_issues("opd", vars(opd)),
            *address_issues(opd.address.splitlines()),
            *check_npp(opd.npp),
        )
    ]
    if opd.jkk_class not in JKK_CLASSES:
        found.append(("jkk_class", f"OPD {opd.code}: kelas risiko JKK pilih 1 sampai 5."))
    return found


def _check(opd: Opd) -> Opd:
    opd = normalized(opd)
    found = problems(opd)
    if found:
        raise OpdError(*found[0])
    return opd


def add_opd(ctx: AppContext, opd: Opd) -> Opd:
    ctx.require_role(Role.ADMIN)
    opd = _check(opd)
    if opd_store.get_opd(ctx.store, opd.code):
        raise OpdError("code", f"Kode OPD {opd.code} sudah ada; ubah OPD itu atau pakai kode lain.")
    opd_store.save_opd(ctx.store, opd, user=ctx.user)
    return opd


def edit_opd(ctx: AppContext, code: str, **changes: Any) -> Opd:  # Any: Opd fields vary
    """Change some fields of an OPD; `active=False` deactivates it."""
    ctx.require_role(Role.ADMIN)
    stored = opd_store.get_opd(ctx.store, normalize_code(code))
    if stored is None:
        raise OpdError("code", f"OPD dengan kode {normalize_code(code)} tidak ada.")
    unknown = set(changes) - set(EDITABLE) - {"active"}
    if unknown:
        raise OpdError(sorted(unknown)[0], f"Kolom OPD {sorted(unknown)[0]} tidak dikenal.")
    opd = _check(replace(stored, **changes))
    if opd != stored:
        opd_store.save_opd(ctx.store, opd, user=ctx.user)
    return opd


def save_opd(ctx: AppContext, opd: Opd) -> Opd:
    """Add a new OPD or replace an existing one's fields (the OPD screen's Simpan)."""
    ctx.require_role(Role.ADMIN)
    if opd_store.get_opd(ctx.store, normalize_code(opd.code)):
        fields = {name: getattr(opd, name) for name in (*EDITABLE, "active")}
        return edit_opd(ctx, opd.code, **fields)
    return add_opd(ctx, opd)


@dataclass(frozen=True)
class OpdImportLine:
    """One spreadsheet row as the preview shows it."""

    row: int
    code: str
    name: str
    status: str  # "baru", "diperbarui" (the code exists: its fields are refreshed), "ditolak"
    problems: tuple[tuple[str, str], ...] = ()  # (field, message) of a rejected row


@dataclass
class OpdImportResult:
    rows: int = 0
    accepted: int = 0
    rejected: list[dict] = field(default_factory=list)  # {row, field, message}
    opds: list[Opd] = field(default_factory=list)
    lines: list[OpdImportLine] = field(default_factory=list)  # every row, in sheet order

    def to_json(self) -> dict:
        return {"rows": self.rows, "accepted": self.accepted, "rejected": self.rejected}


def import_opd(ctx: AppContext, path: Path | str, *, dry_run: bool = False) -> OpdImportResult:
    """Read an OPD list; every row is checked first, then all good rows are saved in one
    transaction (an existing code is updated: a re-import refreshes the heads' names)."""
    ctx.require_role(Role.ADMIN)
    result = OpdImportResult()
    seen: dict[str, int] = {}
    try:
        rows = list(opd_import.read_opd_rows(Path(path)))
    except opd_import.RosterFileError as exc:
        raise OpdError("file", str(exc)) from None
    for number, values, cell_issues in rows:
        result.rows += 1
        found = [(i.field, i.message) for i in cell_issues]
        jkk = values.pop("jkk_class", "")
        stored = opd_store.get_opd(ctx.store, normalize_code(values.get("code", "")))
        base = stored or Opd(code="", name="")
        changes = {k: v for k, v in values.items() if v or k == "code"}
        if jkk:
            roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
            changes["jkk_class"] = roman.get(jkk.upper(), int(jkk) if jkk.isdigit() else 0)
        opd = normalized(replace(base, **changes))
        found += problems(opd)
        if opd.code in seen:
            found.append(("code", f"Kode OPD {opd.code} sudah ada di baris {seen[opd.code]}."))
        if found:
            result.rejected += [{"row": number, "field": f, "message": m} for f, m in found]
            result.lines.append(OpdImportLine(number, opd.code, opd.name, "ditolak", tuple(found)))
            continue
        seen[opd.code] = number
        result.opds.append(opd)
        status = "diperbarui" if stored else "baru"
        result.lines.append(OpdImportLine(number, opd.code, opd.name, status))
    result.accepted = len(result.opds)
    if not dry_run and result.opds:
        opd_store.save_many(ctx.store, result.opds, user=ctx.user)
    return result
