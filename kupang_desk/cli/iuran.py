"""`kupang-desk iuran UPAH`: one wage's contributions this month (or --period), by component."""

from __future__ import annotations

import json
import sys

from kupang_desk.cli.common import EXIT_CANNOT_RUN, EXIT_OK, context


def register(commands) -> None:
    iuran = commands.add_parser(
        "iuran",
        help="iuran satu upah per komponen (JKN, TAMBAHAN, JKK, JKM, JHT, JP)",
        epilog="Contoh: kupang-desk iuran 2.500.000 --period 2026-03 --program ketenagakerjaan "
        "--jkk-class 3 --programs JKK,JKM,JHT,JP --json",
    )
    iuran.add_argument("upah", metavar="UPAH", help="upah sebulan, mis. 2.500.000 atau 2500000")
    iuran.add_argument("--period", metavar="TTTT-BB", help="bulan iuran (bawaan: bulan ini)")
    iuran.add_argument(
        "--program",
        default="semua",
        metavar="PROGRAM",
        help="kesehatan, ketenagakerjaan, atau semua (bawaan: semua, kedua program)",
    )
    iuran.add_argument(
        "--jkk-class", metavar="1-5", help="kelas risiko JKK (bawaan: 1, jasa pemerintahan)"
    )
    iuran.add_argument(
        "--programs",
        metavar="JKK,JKM,JHT,JP",
        help="program Ketenagakerjaan (bawaan: yang diikuti pemda; JKK dan JKM selalu)",
    )
    iuran.add_argument(
        "--tambahan",
        type=int,
        default=0,
        metavar="N",
        help="jumlah anggota keluarga tambahan (anak ke-4 dst., orang tua): 1%% upah masing-masing",
    )
    iuran.add_argument("--json", action="store_true", help="keluaran JSON")
    iuran.set_defaults(run=run_iuran)


def run_iuran(args) -> int:
    from kupang_desk.domain.formatting import periode, ribuan
    from kupang_desk.domain.money import MoneyError, parse_rupiah
    from kupang_desk.services.iuran import IuranError, quote

    try:
        upah = parse_rupiah(args.upah, "Upah")
        if upah is None:
            raise MoneyError("Upah kosong. Tulis upah sebulan, mis. 2.500.000.")
    except MoneyError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CANNOT_RUN
    with context(args, read_only=True) as ctx:
        try:
            result = quote(
                ctx,
                upah,
                period=args.period,
                program=args.program.strip().lower(),
                jkk_class=args.jkk_class,
                programs=args.programs,
                extra_members=args.tambahan,
            )
        except IuranError as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    for warning in result.warnings:
        print(f"PERINGATAN: {warning}", file=sys.stderr)
    if args.json:
        document = {
            "period": result.period,
            "upah": result.upah,
            "program": result.program,
            "components": [
                {"code": c.code, "base": c.base, "employer": c.employer, "worker": c.worker}
                for c in result.components
            ],
            "total": result.total,
        }
        print(json.dumps(document, ensure_ascii=False))
        return EXIT_OK
    print(
        f"Iuran {periode(result.year, result.month)}, upah Rp {ribuan(result.upah)} "
        f"(tarif {result.rates_year})"
    )
    print(f"{'Komponen':<10}{'Dasar iuran':>14}{'Pemberi kerja':>16}{'Pekerja':>12}{'Jumlah':>12}")
    for c in result.components:
        print(
            f"{c.code:<10}{ribuan(c.base):>14}{ribuan(c.employer):>16}"
            f"{ribuan(c.worker):>12}{ribuan(c.total):>12}"
        )
    print(
        f"{'Jumlah':<10}{'':>14}{ribuan(result.employer):>16}"
        f"{ribuan(result.worker):>12}{ribuan(result.total):>12}"
    )
    return EXIT_OK
