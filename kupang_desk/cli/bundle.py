"""`kupang-desk bundle …`: carry an OPD's records to the central office and merge them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kupang_desk.cli.common import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, context


def register(commands) -> None:
    bundle = commands.add_parser("bundle", help="kirim data OPD ke pusat / gabungkan di pusat")
    actions = bundle.add_subparsers(dest="action", metavar="TINDAKAN", required=True)
    export = actions.add_parser(
        "export",
        help="tulis satu berkas kiriman berisi data satu OPD",
        epilog="Contoh: kupang-desk bundle export /media/usb/kiriman-dlhk.zip --opd DLHK",
    )
    export.add_argument("out", type=Path, help="berkas kiriman yang dibuat (.zip)")
    export.add_argument("--opd", required=True, help="kode OPD")
    export.add_argument(
        "--with-documents",
        action="store_true",
        help="sertakan pindaian KTP/KK/SK (tanpa ini pindaian tidak ikut)",
    )
    export.set_defaults(run=run_export)
    merge = actions.add_parser(
        "merge",
        help="gabungkan berkas kiriman OPD ke basis data pusat (admin)",
        description="Sebelum menulis apa pun, berkas diperiksa: tanda tangan kantor OPD yang "
        "terdaftar dan belum dicabut, setiap bita utuh, OPD-nya, dan nomor urut kiriman "
        "(kiriman lama ditolak). Keluar 1 bila ada konflik yang tidak digabungkan.",
        epilog="Contoh: kupang-desk --db pusat.sqlite3 bundle merge kiriman-dlhk.zip --json",
    )
    merge.add_argument("bundle", type=Path, help="berkas kiriman dari OPD")
    merge.add_argument("--json", action="store_true", help="keluaran JSON")
    merge.set_defaults(run=run_merge)
    enroll = actions.add_parser(
        "enroll",
        help="daftarkan kantor OPD: tulis berkas pemasangan (pengaturan, OPD, tarif, kunci)",
        description="Berkas dikunci dengan kata sandi yang dicetak sekali di sini; sampaikan "
        "kata sandi itu terpisah dari berkasnya (telepon, kertas).",
        epilog="Contoh: kupang-desk --db pusat.sqlite3 bundle enroll --opd DLHK pasang-dlhk.kdp",
    )
    enroll.add_argument("out", type=Path, help="berkas pemasangan yang dibuat")
    enroll.add_argument("--opd", required=True, help="kode OPD kantor itu")
    enroll.add_argument("--json", action="store_true", help="keluaran JSON")
    enroll.add_argument(
        "--replace",
        action="store_true",
        help="cabut kunci lama kantor OPD ini (PC diganti atau hilang)",
    )
    enroll.set_defaults(run=run_enroll)
    offices = actions.add_parser(
        "offices", help="daftar kunci kantor OPD yang terdaftar di pusat (admin)"
    )
    offices.add_argument("--json", action="store_true", help="keluaran JSON")
    offices.set_defaults(run=run_offices)
    revoke = actions.add_parser(
        "revoke",
        help="cabut kunci kantor OPD: kirimannya ditolak mulai sekarang (admin)",
        epilog="Contoh: kupang-desk --db pusat.sqlite3 bundle revoke --opd DLHK",
    )
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("--opd", help="semua kunci kantor OPD ini yang masih dipercaya")
    which.add_argument("--key", help="satu kunci: angka awalnya seperti pada 'bundle offices'")
    revoke.set_defaults(run=run_revoke)
    setup = commands.add_parser(
        "setup",
        help="pasang kantor OPD dari berkas pusat (membuat basis data baru)",
        epilog="Contoh: kupang-desk setup --from pasang-dlhk.kdp --passphrase ABCD-EFGH-…",
    )
    setup.add_argument("--from", dest="source", type=Path, required=True, help="berkas pusat")
    setup.add_argument("--passphrase", required=True, help="kata sandi berkas dari admin pusat")
    setup.add_argument("--json", action="store_true", help="keluaran JSON")
    setup.set_defaults(run=run_setup)


def run_enroll(args) -> int:
    from kupang_desk.services.bundles import BundleError, known_offices, revoke_offices
    from kupang_desk.services.context import AccessDenied
    from kupang_desk.services.enrollment import EnrollmentError, enroll_office

    with context(args) as ctx:
        try:
            earlier = [o for o in known_offices(ctx) if o.opd_code == args.opd and not o.revoked]
            made = enroll_office(ctx, args.opd, args.out)
            if args.replace and earlier:
                for office in earlier:
                    revoke_offices(ctx, key=office.public_key)
                print(f"{len(earlier)} kunci lama OPD {args.opd} dicabut.", file=sys.stderr)
            elif earlier:
                print(
                    f"Catatan: {len(earlier)} kunci lama OPD {args.opd} masih dipercaya; "
                    f"cabut dengan 'bundle revoke --opd {args.opd}' bila PC lama tidak "
                    "dipakai lagi (atau daftarkan dengan --replace).",
                    file=sys.stderr,
                )
        except (EnrollmentError, BundleError, AccessDenied) as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    if args.json:
        print(
            json.dumps(
                {
                    "file": str(made.path),
                    "opd": made.opd_code,
                    "passphrase": made.passphrase,
                    "public_key": made.public_key,
                }
            )
        )
    else:
        print(f"Berkas pemasangan OPD {made.opd_code}: {made.path}", file=sys.stderr)
        print("Kata sandi berkas (sampaikan terpisah dari berkasnya):", file=sys.stderr)
        print(made.passphrase)
    return EXIT_OK


def run_setup(args) -> int:
    from kupang_desk.resources import default_database_path
    from kupang_desk.services.context import cli_user
    from kupang_desk.services.enrollment import (
        EnrollmentError,
        EnrollmentUnreadable,
        setup_from,
    )

    db_path = Path(args.db or default_database_path())
    try:
        key = setup_from(db_path, args.source, args.passphrase, user=cli_user())
    except (EnrollmentError, EnrollmentUnreadable) as exc:
        print(exc, file=sys.stderr)
        return EXIT_CANNOT_RUN
    if args.json:
        print(json.dumps({"database": str(db_path), "recovery_key": key}))
    else:
        print(f"Kantor OPD dipasang: {db_path}", file=sys.stderr)
        print("Kunci Pemulihan (cetak dan simpan di tempat aman):", file=sys.stderr)
        print(key)
    return EXIT_OK


def run_export(args) -> int:
    from kupang_desk.services.bundles import BundleError, export_bundle

    with context(args) as ctx:
        try:
            result = export_bundle(
                ctx, args.out, opd_code=args.opd, with_documents=args.with_documents
            )
        except BundleError as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    counts = result.manifest["counts"]
    print(
        f"Kiriman {args.opd}: {counts['workers']} pegawai, {counts['family_members']} anggota "
        f"keluarga, {counts['memberships']} kepesertaan, {counts['documents']} dokumen -> "
        f"{result.path} "
        f"(sha256 {result.checksum[:16]}…)",
        file=sys.stderr,
    )
    return EXIT_OK


def run_merge(args) -> int:
    from kupang_desk.services.bundles import BundleDamaged, BundleError, merge_bundle
    from kupang_desk.services.context import AccessDenied

    with context(args) as ctx:
        try:
            report = merge_bundle(ctx, args.bundle)
        except (BundleDamaged, BundleError, AccessDenied) as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    data = report.to_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(
            f"Kiriman {data['opd']} ({data['created_at']}): {data['added']} ditambah, "
            f"{data['updated']} diperbarui, {data['unchanged']} tetap, "
            f"{len(data['conflicts'])} konflik, {data['documents_added']} dokumen baru."
        )
        for conflict in data["conflicts"]:
            print(
                f"  KONFLIK {conflict['nik'] or conflict['key']} {conflict['name']}: "
                f"{conflict['message']}"
            )
    return EXIT_PROBLEMS if data["conflicts"] else EXIT_OK


def _office_json(office) -> dict:
    return {
        "opd": office.opd_code,
        "public_key": office.public_key,
        "revoked": office.revoked,
        "last_sequence": office.last_sequence,
        "registered_at": office.registered_at,
        "registered_by": office.registered_by,
    }


def run_offices(args) -> int:
    from kupang_desk.services.bundles import known_offices
    from kupang_desk.services.context import AccessDenied

    with context(args, read_only=True) as ctx:
        try:
            offices = known_offices(ctx)
        except AccessDenied as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    if args.json:
        print(json.dumps({"offices": [_office_json(o) for o in offices]}))
        return EXIT_OK
    if not offices:
        print("Belum ada kantor OPD yang didaftarkan.", file=sys.stderr)
    for office in offices:
        state = "DICABUT" if office.revoked else "dipercaya"
        print(
            f"{office.opd_code}\t{office.public_key[:16]}\t{state}\t"
            f"kiriman ke-{office.last_sequence}\t{office.registered_at[:10]}"
        )
    return EXIT_OK


def run_revoke(args) -> int:
    from kupang_desk.services.bundles import BundleError, revoke_offices
    from kupang_desk.services.context import AccessDenied

    with context(args) as ctx:
        try:
            revoked = revoke_offices(ctx, opd_code=args.opd, key=args.key or "")
        except (BundleError, AccessDenied) as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    for key in revoked:
        print(f"Kunci {key[:16]}… dicabut: kirimannya ditolak mulai sekarang.", file=sys.stderr)
    return EXIT_OK
