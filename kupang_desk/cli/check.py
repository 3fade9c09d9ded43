"""`kupang-desk check`: the whole database (file, links, history); `check nik` one NIK,
`check nip` one PNS NIP or NI PPPK."""

from __future__ import annotations

import json
import sys

from kupang_desk.cli.common import EXIT_OK, EXIT_PROBLEMS
from kupang_desk.resources import default_database_path


def register(commands) -> None:
    check = commands.add_parser(
        "check",
        help="periksa basis data (keutuhan berkas, rujukan, rantai riwayat) atau satu NIK",
        epilog="Contoh: kupang-desk --db kantor.sqlite3 check --json   "
        "(keluar 1 bila ada masalah, menyebut baris riwayat pertama yang rusak)",
    )
    check.add_argument("--json", action="store_true", help="keluaran JSON")
    check.set_defaults(run=run_check_database)
    targets = check.add_subparsers(dest="target", metavar="SASARAN")
    nik = targets.add_parser(
        "nik",
        help="jelaskan satu NIK",
        epilog="Contoh: kupang-desk check nik 3171014503850001 --json",
    )
    nik.add_argument("nik")
    nik.add_argument("--json", action="store_true", help="keluaran JSON")
    nik.set_defaults(run=run_check_nik)
    nip = targets.add_parser(
        "nip",
        help="jelaskan satu NIP PNS atau NI PPPK",
        epilog="Contoh: kupang-desk check nip 199009132025242014 --json",
    )
    nip.add_argument("nip")
    nip.add_argument("--json", action="store_true", help="keluaran JSON")
    nip.set_defaults(run=run_check_nip)


def run_check_nip(args) -> int:
    from kupang_desk.services.checks import explain_nip

    result = explain_nip(args.nip)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        status = "SAH" if result["valid"] else "TIDAK SAH"
        kind = {"PNS": "NIP PNS", "PPPK": "NI PPPK"}.get(result["kind"], "NIP")
        print(f"{kind} {result['nip']}: {status}")
        appointed = "TMT CPNS" if result["kind"] == "PNS" else "Tahun pengangkatan"
        for key, label in (
            ("birth_date", "Tanggal lahir"),
            ("appointed", appointed),
            ("code", "Kode"),
            ("sex", "Jenis kelamin"),
            ("serial", "Nomor urut"),
        ):
            if result[key]:
                print(f"  {label}: {result[key]}")
        for message in result["errors"]:
            print(f"  KESALAHAN: {message}")
        for message in result["warnings"]:
            print(f"  PERINGATAN: {message}")
    return EXIT_OK if result["valid"] else EXIT_PROBLEMS


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


def run_check_database(args) -> int:
    from kupang_desk.services.database_check import check_database

    report = check_database(args.db or default_database_path())
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        print(f"Basis data {report.path}: {'BAIK' if report.ok else 'ADA MASALAH'}")
        for message in report.file:
            print(f"  BERKAS: {message}")
        for message in report.foreign_keys:
            print(f"  RUJUKAN: {message}")
        if report.audit:
            print(f"  RIWAYAT: {report.audit}")
        for message in report.records:
            print(f"  DATA: {message}")
        for message in report.backups:
            print(f"  RIWAYAT: {message}")
        for message in report.untracked:
            print(f"  DATA: {message}")
        if report.records_with_warnings:
            print(
                f"  {report.records_with_warnings} data pegawai punya peringatan yang belum "
                "diterima (lihat Perlu Perbaikan di aplikasi)."
            )
    if not report.ok:
        print("Pemeriksaan menemukan masalah; berkas tidak diubah.", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_PROBLEMS
