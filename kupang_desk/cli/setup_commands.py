"""Headless set-up: `init`, `settings list/set`, `rates list/set`, `opd list/add/edit/import`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from kupang_desk.cli.common import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, context
from kupang_desk.resources import default_database_path


def _print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=1))


def register(commands) -> None:
    init = commands.add_parser(
        "init",
        help="buat basis data kosong (keluar 2 bila sudah ada)",
        epilog="Contoh: kupang-desk --db kantor.sqlite3 init",
    )
    init.set_defaults(run=run_init)

    settings = commands.add_parser(
        "settings",
        help="pengaturan pemda (kop, penandatangan, identitas BPJS); daftar kunci di README",
        epilog='Contoh: kupang-desk settings set pemda.name "Pemerintah Kabupaten Belu"',
    )
    settings.set_defaults(run=lambda args: _usage(settings))
    actions = settings.add_subparsers(dest="action", metavar="TINDAKAN")
    listing = actions.add_parser("list", help="tampilkan semua pengaturan")
    listing.add_argument("--json", action="store_true", help="keluaran JSON (kunci -> nilai)")
    listing.set_defaults(run=run_settings_list)
    setter = actions.add_parser(
        "set",
        help="ubah satu pengaturan (pemda.logo: path berkas PNG/JPG)",
        epilog="Contoh: kupang-desk settings set rekap.signer_nip 196805121994031007. "
        "pemda.address sampai 3 baris kop, dipisah | atau \\n: "
        'settings set pemda.address "Jl. El Tari No. 1 | Telp. (0380) 821234". '
        "pemda.region_code membawa pemda.level-nya (2 angka provinsi, 4 angka kota/kabupaten).",
    )
    setter.add_argument("key", metavar="KUNCI", help="mis. pemda.name; daftar: settings list")
    setter.add_argument("value", metavar="NILAI")
    setter.set_defaults(run=run_settings_set)

    rates = commands.add_parser(
        "rates", help="tarif iuran per tahun (UMK/UMP, persentase, batas upah)"
    )
    rates.set_defaults(run=lambda args: _usage(rates))
    rate_actions = rates.add_subparsers(dest="action", metavar="TINDAKAN")
    rate_list = rate_actions.add_parser("list", help="tarif setiap tahun dengan dasar hukumnya")
    rate_list.add_argument("--json", action="store_true", help="keluaran JSON")
    rate_list.set_defaults(run=run_rates_list)
    rate_set = rate_actions.add_parser(
        "set",
        help="ubah satu tarif satu tahun (persen dalam basis poin: 4%% = 400)",
        epilog="Contoh: kupang-desk rates set 2026 umk 5729876",
    )
    rate_set.add_argument("year", type=int, metavar="TAHUN")
    rate_set.add_argument("key", metavar="KUNCI", help="mis. umk; daftar: rates list")
    rate_set.add_argument("value", metavar="NILAI")
    rate_set.set_defaults(run=run_rates_set)

    opd = commands.add_parser("opd", help="data OPD (kode, nama, kepala, alamat)")
    opd.set_defaults(run=lambda args: _usage(opd))
    opd_actions = opd.add_subparsers(dest="action", metavar="TINDAKAN")
    opd_list = opd_actions.add_parser("list", help="daftar OPD")
    opd_list.add_argument("--json", action="store_true", help="keluaran JSON")
    opd_list.set_defaults(run=run_opd_list)
    add = opd_actions.add_parser(
        "add",
        help="tambah OPD",
        epilog='Contoh: kupang-desk opd add DLHK --name "Dinas Lingkungan Hidup" --short DLH',
    )
    add.add_argument("code", metavar="KODE", help="kode OPD, mis. DLHK (tetap selamanya)")
    add.add_argument("--name", required=True, metavar="NAMA", help="nama OPD")
    _opd_options(add)
    add.set_defaults(run=run_opd_add)
    edit = opd_actions.add_parser("edit", help="ubah OPD (kode tetap), nonaktifkan/aktifkan")
    edit.add_argument("code", metavar="KODE", help="kode OPD yang diubah")
    edit.add_argument("--name", metavar="NAMA", help="nama OPD baru")
    _opd_options(edit)
    state = edit.add_mutually_exclusive_group()
    state.add_argument("--deactivate", action="store_true", help="nonaktifkan (data tetap)")
    state.add_argument("--activate", action="store_true", help="aktifkan lagi")
    edit.set_defaults(run=run_opd_edit)
    importer = opd_actions.add_parser(
        "import",
        help="impor daftar OPD dari xlsx/xls/ods/csv",
        epilog="Kolom: KODE; NAMA OPD / UNIT KERJA / SKPD / PERANGKAT DAERAH; SINGKATAN; "
        "NAMA KEPALA / PIMPINAN; NIP; JABATAN; ALAMAT. Contoh: kupang-desk opd import "
        "opd.xlsx --dry-run --json",
    )
    importer.add_argument("file", type=Path, metavar="BERKAS")
    importer.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
    importer.add_argument("--json", action="store_true", help="keluaran JSON")
    importer.set_defaults(run=run_opd_import)


def _opd_options(parser) -> None:
    parser.add_argument("--short", metavar="SINGKATAN", help="singkatan (mis. DLHK)")
    parser.add_argument(
        "--head-title", metavar="JABATAN", help="jabatan kepala (Kepala Dinas, Camat …)"
    )
    parser.add_argument("--head-name", metavar="NAMA", help="nama kepala untuk tanda tangan")
    parser.add_argument("--head-nip", metavar="NIP", help="NIP kepala (18 angka)")
    parser.add_argument("--head-pangkat", metavar="PANGKAT", help="pangkat/golongan kepala")
    parser.add_argument(
        "--address",
        metavar="ALAMAT",
        help="alamat kantor untuk kop: sampai 3 baris, dipisah | (atau \\n)",
    )
    parser.add_argument("--jkk-class", type=int, metavar="KELAS", help="kelas risiko JKK 1-5")
    parser.add_argument("--npp", metavar="NPP", help="NPP BPJS Ketenagakerjaan OPD (angka saja)")


def _usage(parser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_CANNOT_RUN


def _existing_context(args):
    """Every command but init refuses a missing database instead of creating one."""
    path = Path(args.db or default_database_path())
    if not path.is_file():
        print(
            f"Basis data {path} belum ada. Buat dulu dengan `kupang-desk --db {path} init`.",
            file=sys.stderr,
        )
        return None
    return context(args)


def run_init(args) -> int:
    path = Path(args.db or default_database_path())
    if path.exists():
        print(f"Basis data {path} sudah ada; tidak ditimpa.", file=sys.stderr)
        return EXIT_CANNOT_RUN
    path.parent.mkdir(parents=True, exist_ok=True)
    from kupang_desk.services.backup import recovery_key

    with context(args, create=True) as ctx:
        print(f"Basis data kosong dibuat: {ctx.store.path}", file=sys.stderr)
        # Shown once at set-up, as the GUI does: without it a backup opens on no other PC.
        print(
            "Kunci Pemulihan (tulis di kertas, simpan terpisah dari cadangan; juga "
            "'kupang-desk recovery-key'):",
            file=sys.stderr,
        )
        print(recovery_key(ctx))
    return EXIT_OK


def run_settings_list(args) -> int:
    from kupang_desk.domain.settings import SETTING_FIELDS
    from kupang_desk.services import settings as settings_service

    opened = _existing_context(args)
    if opened is None:
        return EXIT_CANNOT_RUN
    with opened as ctx:
        values = settings_service.listing(ctx)
    if args.json:
        _print_json(values)
    else:
        for key, value in values.items():
            shown = ("1" if value else "0") if isinstance(value, bool) else value
            shown = shown.replace("\n", " | ")  # one key per line (the kop address)
            print(f"{key} = {shown}    # {SETTING_FIELDS[key].metadata['label']}")
    return EXIT_OK


def run_settings_set(args) -> int:
    from kupang_desk.services import settings as settings_service
    from kupang_desk.services.context import AccessDenied

    opened = _existing_context(args)
    if opened is None:
        return EXIT_CANNOT_RUN
    with opened as ctx:
        before = settings_service.listing(ctx)
        try:
            settings_service.set_value(ctx, args.key, args.value)
        except (settings_service.SettingError, AccessDenied) as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
        after = settings_service.listing(ctx)
    print(f"{args.key} disimpan.", file=sys.stderr)
    for key in after:
        if key not in (args.key, "setup.step") and after[key] != before[key]:
            print(f"{key} ikut berubah menjadi {after[key]}.", file=sys.stderr)
    return EXIT_OK


def run_rates_list(args) -> int:
    from dataclasses import fields

    from kupang_desk.domain.iuran import REGULATIONS, RateTable
    from kupang_desk.services import rates as rate_service

    opened = _existing_context(args)
    if opened is None:
        return EXIT_CANNOT_RUN
    with opened as ctx:
        tables = rate_service.list_rates(ctx)  # UMK 0 while this pemda's is not entered
        missing = {t.year: rate_service.wage_floor_missing(ctx, t.year) for t in tables}
        year_warning = rate_service.year_warning(ctx) or ""
    rows = []
    for table in tables:
        row = asdict(table)
        row["jkk_bp"] = list(table.jkk_bp)
        row["wage_floor_missing"] = missing[table.year] or ""
        rows.append(row)
    if args.json:
        _print_json({"rates": rows, "regulations": REGULATIONS, "year_warning": year_warning})
        return EXIT_OK
    for row in rows:
        print(f"Tahun {row['year']}:")
        for f in fields(RateTable):
            if f.name != "year":
                source = REGULATIONS.get(f.name, "")
                print(f"  {f.name} = {row[f.name]}" + (f"    # {source}" if source else ""))
        if row["wage_floor_missing"]:
            print(f"  PERINGATAN: {row['wage_floor_missing']}")
    if year_warning:
        print(f"PERINGATAN: {year_warning}")
    return EXIT_OK


def run_rates_set(args) -> int:
    from kupang_desk.services import rates as rate_service
    from kupang_desk.services.context import AccessDenied

    opened = _existing_context(args)
    if opened is None:
        return EXIT_CANNOT_RUN
    with opened as ctx:
        try:
            rate_service.set_rate(ctx, args.year, args.key, args.value)
        except (rate_service.RateError, AccessDenied) as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    print(f"Tarif {args.key} tahun {args.year} disimpan.", file=sys.stderr)
    return EXIT_OK


def _opd_json(opd) -> dict:
    return asdict(opd)


def run_opd_list(args) -> int:
    from kupang_desk.services import opd as opd_service

    opened = _existing_context(args)
    if opened is None:
        return EXIT_CANNOT_RUN
    with opened as ctx:
        opds = opd_service.list_opd(ctx)
    if args.json:
        _print_json([_opd_json(o) for o in opds])
    else:
        for o in opds:
            state = "" if o.active else "  (nonaktif)"
            head = f"{o.head_title} {o.head_name} NIP {o.head_nip}".strip()
            print(f"{o.code:<12} {o.name} [{o.short_name}] — {head}{state}")
    return EXIT_OK


_OPTIONS = {
    "name": "name",
    "short": "short_name",
    "head_title": "head_title",
    "head_name": "head_name",
    "head_nip": "head_nip",
    "head_pangkat": "head_pangkat",
    "address": "address",
    "jkk_class": "jkk_class",
    "npp": "npp",
}


def _changes(args) -> dict:
    return {
        field: getattr(args, option)
        for option, field in _OPTIONS.items()
        if getattr(args, option) is not None
    }


def run_opd_add(args) -> int:
    from kupang_desk.domain.entities import Opd
    from kupang_desk.services import opd as opd_service
    from kupang_desk.services.context import AccessDenied

    opened = _existing_context(args)
    if opened is None:
        return EXIT_CANNOT_RUN
    with opened as ctx:
        try:
            opd = opd_service.add_opd(ctx, Opd(code=args.code, **_changes(args)))
        except (opd_service.OpdError, AccessDenied) as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    print(f"OPD {opd.code} ({opd.name}) ditambahkan.", file=sys.stderr)
    return EXIT_OK


def run_opd_edit(args) -> int:
    from kupang_desk.services import opd as opd_service
    from kupang_desk.services.context import AccessDenied

    changes = _changes(args)
    if args.deactivate or args.activate:
        changes["active"] = bool(args.activate)
    opened = _existing_context(args)
    if opened is None:
        return EXIT_CANNOT_RUN
    with opened as ctx:
        try:
            opd = opd_service.edit_opd(ctx, args.code, **changes)
        except (opd_service.OpdError, AccessDenied) as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    state = "" if opd.active else " (nonaktif)"
    print(f"OPD {opd.code} ({opd.name}) disimpan{state}.", file=sys.stderr)
    return EXIT_OK


def run_opd_import(args) -> int:
    from kupang_desk.services import opd as opd_service
    from kupang_desk.services.context import AccessDenied

    if not args.file.is_file():
        print(f"Berkas {args.file} tidak ada.", file=sys.stderr)
        return EXIT_CANNOT_RUN
    opened = _existing_context(args)
    if opened is None:
        return EXIT_CANNOT_RUN
    with opened as ctx:
        try:
            result = opd_service.import_opd(ctx, args.file, dry_run=args.dry_run)
        except (opd_service.OpdError, AccessDenied) as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    if args.json:
        _print_json(result.to_json())
    else:
        for item in result.rejected:
            print(f"Baris {item['row']} [{item['field']}]: {item['message']}")
    verb = "akan disimpan" if args.dry_run else "disimpan"
    print(
        f"{args.file.name}: {result.rows} baris, {result.accepted} {verb}, "
        f"{len({r['row'] for r in result.rejected})} ditolak.",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if result.rejected else EXIT_OK
