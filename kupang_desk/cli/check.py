"""`kupang-desk check …`: explain one NIK (and, later, check the whole database)."""

from __future__ import annotations

import json

from kupang_desk.cli.common import EXIT_OK, EXIT_PROBLEMS


def register(commands) -> None:
    check = commands.add_parser("check", help="periksa data")
    targets = check.add_subparsers(dest="target", metavar="SASARAN", required=True)
    nik = targets.add_parser(
        "nik",
        help="jelaskan satu NIK",
        epilog="Contoh: kupang-desk check nik 5371014503850001 --json",
    )
    nik.add_argument("nik")
    nik.add_argument("--json", action="store_true", help="keluaran JSON")
    nik.set_defaults(run=run_check_nik)


def run_check_nik(args) -> int:
    from kupang_desk.services.checks import explain_nik

    result = explain_nik(args.nik)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        status = "SAH" if result["valid"] else "TIDAK SAH"
        print(f"NIK {result['nik']}: {status}")
        for key, label in (
            ("province", "Provinsi"),
            ("regency", "Kab/Kota"),
            ("district", "Kecamatan"),
            ("birth_date", "Tanggal lahir"),
            ("sex", "Jenis kelamin"),
        ):
            if result[key]:
                print(f"  {label}: {result[key]}")
        for message in result["errors"]:
            print(f"  KESALAHAN: {message}")
        for message in result["warnings"]:
            print(f"  PERINGATAN: {message}")
    return EXIT_OK if result["valid"] else EXIT_PROBLEMS
