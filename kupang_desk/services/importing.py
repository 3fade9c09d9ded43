"""Importing an OPD's roster sheet: every row through the domain rules, all or nothing.

Rows stream from exchange/ in batches; each batch is checked against the database (NIK
already registered) and inserted inside ONE transaction that covers the whole file, so a
kill, a cancel or a full disk leaves the database as it was. Only a row's outcome is kept
(rejected rows with their original cells, for the clerk's correction sheet), never the
whole roster as objects.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

from kupang_desk.domain.entities import Worker, replaced
from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.domain.identifiers import JKN_LABEL, KPJ_LABEL, check_jkn, check_kpj, digits_only
from kupang_desk.domain.issues import Issue, error
from kupang_desk.domain.nik import BIRTH_DATE_MISMATCH, MISMATCH_CODES, SEX_MISMATCH
from kupang_desk.domain.validation import normalize_and_validate
from kupang_desk.exchange.columns import (
    BIRTH_PLACE_DATE,
    CARD_FIELDS,
    CONTRACT_DATE,
    FIELDS_BY_KEY,
    JKN_CARD,
    KPJ_CARD,
    OPD,
    ROSTER,
    ROSTER_FIELDS,
)
from kupang_desk.exchange.reading import HeaderNotFound as HeaderNotFound
from kupang_desk.exchange.reading import (
    Layout,
    OversizedRow,
    ParsedRow,
    RosterReader,
    conversion_plan,
    convert_row,
)
from kupang_desk.exchange.reading import RosterFileError as RosterFileError
from kupang_desk.exchange.writing import write_rejected
from kupang_desk.services import rates as rate_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.nik_holders import nik_taken_message
from kupang_desk.store import bulk

BATCH_SIZE = 2000
_WORKER_FIELDS = {f.name for f in fields(Worker)} - {"id", "uuid", "row_version"}
FIELD_CHOICES = [(f.key, f.label) for f in ROSTER_FIELDS]  # for the wizard's mapping list


class ImportRefused(Exception):
    """The import cannot start (no target OPD, unknown OPD); `str()` is for the clerk."""


class ImportCancelled(Exception):
    """The clerk pressed Cancel; nothing was saved."""


class RowStatus(StrEnum):
    NEW = "baru"
    UPDATE = "perbarui"
    WARNING = "peringatan"
    REJECTED = "ditolak"


@dataclass
class RowResult:
    row: int
    status: RowStatus
    nik: str
    name: str
    issues: list[Issue]
    cells: list

    @property
    def message(self) -> str:
        return " ".join(issue.message for issue in self.issues)


@dataclass
class ImportOptions:
    opd_code: str | None = None  # target OPD for rows that name none
    update: bool = False  # "perbarui data yang ada": overwrite workers whose NIK is registered
    dry_run: bool = False
    mapping: dict[int, str] | None = None  # column -> field; None = as detected
    header_row: int | None = None  # chosen by the clerk when no header row was found


@dataclass
class ImportReport:
    file: str
    headers: list[str]
    rows: int = 0
    accepted: int = 0
    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    memberships: int = 0  # card numbers of the file that became memberships
    dry_run: bool = False
    rejected: list[RowResult] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected": [
                {"row": r.row, "field": issue.field, "message": issue.message}
                for r in self.rejected
                for issue in r.issues
                if issue.is_error
            ],
            "skipped": self.skipped,
            "inserted": self.inserted,
            "updated": self.updated,
            "memberships": self.memberships,
            "dry_run": self.dry_run,
        }


def inspect_file(path: Path | str, header_row: int | None = None) -> Layout:
    """The detected header row and column mapping (the wizard shows and edits it), or those
    of the row the clerk chose. Raises HeaderNotFound (a RosterFileError) when there is no
    header to detect: the wizard then lets the clerk pick the row and map by hand."""
    with RosterReader(path, header_row=header_row) as reader:
        return reader.layout


def reimportable_headers(headers: list[str], mapping: dict[int, str]) -> list[str]:
    """Headers for the file of rejected rows: a column mapped by hand whose header the
    importer would not recognise (blank, or a subheader under a merged cell) gets the
    canonical header, so the corrected file imports again without a mapping step."""
    written = list(headers)
    for column, key in mapping.items():
        if column < len(written) and ROSTER.field_for(written[column]) != key:
            written[column] = FIELDS_BY_KEY[key].header
    return written


@dataclass(frozen=True)
class RowRules:
    """What checking one row needs besides the row and the database."""

    plan: list[tuple]
    opd_names: dict[str, str]
    default_opd: str | None
    scope: str | None
    today: date
    umk: int  # wage floor of the rates table


# A row's values go onto this record; normalize_and_validate names what is missing or wrong.
_BLANK_WORKER = Worker(nik="", name="", birth_date=None, sex=None, opd_code="")


_HAS_CARDS = set(CARD_FIELDS)
_CARD_RULES = {JKN_CARD: (check_jkn, JKN_LABEL), KPJ_CARD: (check_kpj, KPJ_LABEL)}


def _card_numbers(values: dict, issues: list[Issue]) -> tuple[tuple[str, str], ...]:
    """(program, card number) of the row's card columns, each checked by its card rule."""
    cards = []
    for key, program in CARD_FIELDS.items():
        raw = values.pop(key, "")
        card = digits_only(str(raw or ""))
        if not card:
            continue
        check, _label = _CARD_RULES[key]
        found = check(card, key)
        if found:
            issues += found
        else:
            cards.append((program, card))
    return tuple(cards)


def _with_contract_date(values: dict) -> None:
    """TANGGAL SK has no field of its own: it is kept with the SK number it belongs to."""
    when = values.pop(CONTRACT_DATE, None)
    if isinstance(when, date):
        number = str(values.get("contract_number") or "").strip()
        values["contract_number"] = f"{number} tgl {tanggal_pendek(when)}".strip()


BY_HAND = {
    code: f" Bila {what} memang berbeda dari NIK (dikoreksi Dukcapil), masukkan pegawai ini "
    "lewat formulir dengan alasan."
    for code, what in ((BIRTH_DATE_MISMATCH, "tanggal lahir"), (SEX_MISMATCH, "jenis kelamin"))
}


def _by_hand(issue: Issue) -> Issue:
    """A NIK that disagrees with the birth date or sex is refused here (a sheet has no
    column for the reason): the message says where it can be entered with one."""
    return replace(issue, message=issue.message + BY_HAND[issue.code])


def check_row(
    rules: RowRules, parsed: ParsedRow
) -> tuple[Worker, list[Issue], tuple[tuple[str, str], ...]]:
    """The row as a normalized Worker, every issue found without the database, and the
    card numbers it carries (program, number)."""
    issues = list(parsed.issues)
    if isinstance(parsed.cells, OversizedRow):  # nothing of the row could be read
        return _BLANK_WORKER, issues, ()
    values = dict(parsed.values)  # Worker fields and the few pseudo-fields popped below
    cards = _card_numbers(values, issues) if _HAS_CARDS & values.keys() else ()
    if CONTRACT_DATE in values:
        _with_contract_date(values)
    opd_text = " ".join(str(values.pop(OPD, "") or "").upper().split())
    opd_code = rules.default_opd
    if opd_text:
        opd_code = rules.opd_names.get(opd_text)
        if opd_code is None:
            issues.append(
                error(OPD, f"OPD '{opd_text[:40]}' tidak dikenal. Tulis kode OPD, mis. DLHK.")
            )
    values["opd_code"] = opd_code or ""
    worker, rule_issues = normalize_and_validate(
        replaced(_BLANK_WORKER, values), today=rules.today, umk=rules.umk
    )
    if issues:
        unreadable = {issue.field for issue in issues}
        rule_issues = [i for i in rule_issues if i.field not in unreadable]
    if rule_issues:
        rule_issues = [_by_hand(i) if i.code in MISMATCH_CODES else i for i in rule_issues]
    issues += rule_issues
    if opd_code and rules.scope not in (None, opd_code):
        issues.append(
            error(
                OPD,
                f"Baris untuk OPD {opd_code}: Anda hanya boleh mengimpor untuk OPD {rules.scope}.",
            )
        )
    return worker, issues, cards


def _checked_rows(
    rules: RowRules, raw: Iterator[tuple[int, list]]
) -> Iterator[tuple[int, list, Worker, list[Issue], tuple[tuple[str, str], ...]]]:
    for number, cells in raw:
        yield number, cells, *check_row(rules, convert_row(number, cells, rules.plan))


class _Importer:
    def __init__(self, ctx: AppContext, reader: RosterReader, options: ImportOptions) -> None:
        self.ctx = ctx
        self.options = options
        self.mapping = reader.layout.mapping if options.mapping is None else options.mapping
        self.mapped = set(self.mapping.values())
        if BIRTH_PLACE_DATE in self.mapped:
            self.mapped |= {"birth_place", "birth_date"}
        ctx.require("edit_worker")  # importing types personal data: not a verifikator's job
        if CONTRACT_DATE in self.mapped:
            self.mapped |= {"contract_number"}
        self.opd_names = bulk.opd_lookup(ctx.store)
        self.default_opd = options.opd_code or ctx.opd_scope
        if self.default_opd is not None:
            if self.default_opd not in self.opd_names.values():
                raise ImportRefused(
                    f"OPD dengan kode {self.default_opd} tidak ada atau sudah nonaktif."
                )
            ctx.require_opd(self.default_opd)
        elif OPD not in self.mapped:
            raise ImportRefused(
                "Berkas tidak punya kolom OPD: pilih OPD tujuan (di CLI: --opd KODE)."
            )
        self.rules = RowRules(
            conversion_plan(self.mapping, reader.layout.headers),
            self.opd_names,
            self.default_opd,
            ctx.opd_scope,
            date.today(),
            rate_service.umk(ctx),
        )
        self.first_row_of: dict[str, int] = {}  # NIK -> row where the file first had it
        # Read once inside the transaction (import_file), so a batch of new NIKs needs no
        # query while the writer thread has the connection.
        self.registered: set[str] = set()
        self.writer: bulk.BatchWriter | None = None  # set while inserting (not in a dry run)
        self.first_row_of_card: dict[tuple[str, str], int] = {}
        self.pending_cards: dict[int, tuple[str, tuple[tuple[str, str], ...]]] = {}
        self.accepted_cards: list[tuple[str, str, str]] = []  # (NIK, program, card)

    def check_cards(
        self, number: int, worker: Worker, cards: tuple[tuple[str, str], ...], issues: list[Issue]
    ) -> list[Issue]:
        """A card number seen on an earlier row of the file rejects this one."""
        for program, card in cards:
            first = self.first_row_of_card.setdefault((program, card), number)
            if first != number:
                issues.append(
                    error(
                        JKN_CARD if program == "kesehatan" else KPJ_CARD,
                        f"No. kartu {card} sudah ada di baris {first} berkas ini; satu kartu "
                        "hanya untuk satu orang.",
                        "card.repeated",
                    )
                )
        self.pending_cards[number] = (worker.nik, cards)
        return issues

    def _card_holders(self, batch: list[tuple[int, list, Worker, list[Issue]]]) -> None:
        """A card the database already gives to another NIK: that row is rejected."""
        wanted = [
            (program, card)
            for number, *_ in batch
            if number in self.pending_cards
            for program, card in self.pending_cards[number][1]
        ]
        if not wanted:
            return
        if self.writer is not None:
            self.writer.drain()
        held = bulk.card_holders(self.ctx.store, wanted)
        for number, _cells, worker, issues in batch:
            for program, card in self.pending_cards.get(number, ("", ()))[1]:
                holder = held.get((program, card))
                if holder is not None and holder[0] != worker.nik:
                    issues.append(
                        error(
                            JKN_CARD if program == "kesehatan" else KPJ_CARD,
                            f"No. kartu {card} sudah tercatat atas nama {holder[1]} (NIK "
                            f"{holder[0]}). Periksa nomor kartunya.",
                            "card.held",
                        )
                    )

    def check_repeat(self, number: int, worker: Worker, issues: list[Issue]) -> list[Issue]:
        """The one file-wide rule: a NIK seen on an earlier row rejects this one."""
        if worker.nik:
            first = self.first_row_of.setdefault(worker.nik, number)
            if first != number:
                issues.insert(
                    0,
                    error(
                        "nik",
                        f"NIK {worker.nik} sudah ada di baris {first} berkas ini; "
                        "hapus salah satu baris.",
                    ),
                )
        return issues

    def settle(self, batch: list[tuple[int, list, Worker, list[Issue]]]) -> list[RowResult]:
        """Database checks for a batch, then the inserts and updates (unless dry run)."""
        if self.pending_cards:
            self._card_holders(batch)
        clean = [not _has_error(row[3]) for row in batch]
        registered = self.registered
        candidates = [
            w.nik
            for (_, _, w, _), ok in zip(batch, clean, strict=True)
            if ok and w.nik in registered
        ]
        holders: dict[str, bulk.Holder] = {}
        if candidates:
            if self.writer is not None:
                self.writer.drain()  # the lookups and updates below use the connection
            holders = bulk.holders(self.ctx.store, candidates)
        inserts: list[Worker] = []
        results: list[RowResult] = []
        for (number, cells, worker, issues), ok in zip(batch, clean, strict=True):
            status = RowStatus.REJECTED
            holder = holders.get(worker.nik) if ok else None
            if holder is not None:
                issues = self._existing(worker, holder, issues)
                if not _has_error(issues):
                    status = RowStatus.UPDATE
            elif ok:
                status = RowStatus.WARNING if issues else RowStatus.NEW
                inserts.append(worker)
            results.append(RowResult(number, status, worker.nik, worker.name, issues, cells))
            cards = self.pending_cards.pop(number, None)
            if cards is not None and status is not RowStatus.REJECTED:
                self.accepted_cards += [(worker.nik, p, c) for p, c in cards[1]]
        if inserts and self.writer is not None:
            self.writer.submit(inserts)
        return results

    def _existing(self, worker: Worker, holder: bulk.Holder, issues: list[Issue]) -> list[Issue]:
        if holder.family_of is not None:  # a family member's NIK: never overwritten from here
            return [
                error("nik", nik_taken_message(self.ctx, worker.nik, holder), "nik.duplicate"),
                *issues,
            ]
        registered = error(
            "nik",
            nik_taken_message(self.ctx, worker.nik, holder)
            + " Pilih 'perbarui data yang ada' untuk menimpa datanya.",
            "nik.duplicate",
        )
        if not self.options.update:
            return [registered, *issues]
        try:
            self.ctx.require_opd(holder.opd_code)
        except AccessDenied:
            return [
                error("nik", nik_taken_message(self.ctx, worker.nik, holder), "nik.duplicate"),
                *issues,
            ]
        stored = bulk.stored_worker(self.ctx.store, holder.worker_id)
        # Only the file's columns overwrite; without an OPD column the worker keeps his OPD.
        changes = {k: getattr(worker, k) for k in self.mapped & _WORKER_FIELDS}
        if not self.options.dry_run:
            bulk.update_from_import(self.ctx.store, replace(stored, **changes), user=self.ctx.user)
        return issues


@contextlib.contextmanager
def _rare_gc_passes() -> Iterator[None]:
    """Rows are freed by reference counting, but at the default threshold (700 allocations)
    the cyclic collector rescanned the batch in flight again and again: 7% of an import.
    Memory stays bounded: a pass still runs every 50,000 allocations."""
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _has_error(issues: list[Issue]) -> bool:
    return bool(issues) and any(issue.is_error for issue in issues)


def import_file(
    ctx: AppContext,
    path: Path | str,
    options: ImportOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    on_row: Callable[[RowResult], None] | None = None,
) -> ImportReport:
    """Read, check and (unless dry run) save one roster file in one transaction.

    Raises exchange's RosterFileError / ImportRefused when the file cannot be imported at all,
    ImportCancelled when `cancelled()` turned true (nothing saved), StoreError subclasses
    for disk or database trouble (nothing saved).
    """
    options = options or ImportOptions()
    path = Path(path)
    with RosterReader(path, header_row=options.header_row) as reader:
        importer = _Importer(ctx, reader, options)
        headers = reimportable_headers(reader.layout.headers, importer.mapping)
        report = ImportReport(path.name, headers, dry_run=options.dry_run)
        total = max(reader.total_rows - reader.layout.header_row, 1)
        transaction = (
            contextlib.nullcontext() if options.dry_run else bulk.import_transaction(ctx.store)
        )

        def flush(batch: list[tuple[int, list, Worker, list[Issue]]]) -> None:
            if cancelled is not None and cancelled():
                raise ImportCancelled("Impor dibatalkan; tidak ada data yang disimpan.")
            for result in importer.settle(batch):
                if result.status is RowStatus.REJECTED:
                    report.rejected.append(result)
                elif result.status is RowStatus.UPDATE:
                    report.updated += 1
                else:
                    report.inserted += 1
                if on_row is not None:
                    on_row(result)
            batch.clear()
            if progress is not None:
                progress(min(report.rows + reader.skipped, total), total)

        with transaction, _rare_gc_passes():
            importer.registered = bulk.registered_niks(ctx.store)
            writer = (
                contextlib.nullcontext()
                if options.dry_run
                else bulk.BatchWriter(ctx.store, user=ctx.user)
            )
            with writer as importer.writer:
                batch: list = []
                raw = reader.data_rows(importer.mapping)
                for number, cells, worker, issues, cards in _checked_rows(importer.rules, raw):
                    report.rows += 1
                    issues = importer.check_repeat(number, worker, issues)
                    if cards:
                        issues = importer.check_cards(number, worker, cards, issues)
                    batch.append((number, cells, worker, issues))
                    if len(batch) >= BATCH_SIZE:
                        flush(batch)
                flush(batch)
            report.skipped = reader.skipped
            report.accepted = report.inserted + report.updated
            report.memberships = len(importer.accepted_cards)
            if importer.accepted_cards and not options.dry_run:
                report.memberships = bulk.insert_card_memberships(
                    ctx.store, importer.accepted_cards, user=ctx.user
                )
            if not options.dry_run:
                bulk.record_import(
                    ctx.store,
                    user=ctx.user,
                    summary={
                        "file": report.file,
                        "rows": report.rows,
                        "inserted": report.inserted,
                        "updated": report.updated,
                        "rejected": len(report.rejected),
                        "memberships": report.memberships,
                        "opd": importer.default_opd,
                    },
                )
    return report


def save_rejected(report: ImportReport, out: Path | str) -> int:
    """The rejected rows, original columns + KETERANGAN, for the clerk to fix and re-import."""
    write_rejected(Path(out), report.headers, ((r.cells, r.message) for r in report.rejected))
    return len(report.rejected)
