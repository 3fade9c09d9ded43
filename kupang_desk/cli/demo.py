"""`kupang-desk demo`: fill an empty database with a realistic demo roster."""

from __future__ import annotations

import sys

from kupang_desk.cli.common import EXIT_CANNOT_RUN, EXIT_OK, context


def register(commands) -> None:
    demo = commands.add_parser(
        "demo",
        help="isi basis data kosong dengan data contoh (pemda, OPD dan pegawai)",
        epilog="Contoh: kupang-desk --db /tmp/demo.sqlite3 demo --workers 1000",
    )
    demo.add_argument("--workers", type=int, default=600, help="jumlah pegawai (bawaan 600)")
    demo.set_defaults(run=run_demo)


def run_demo(args) -> int:
    from kupang_desk.services.demo import DemoRefused, fill_demo

    with context(args, create=True) as ctx:
        try:
            count = fill_demo(ctx, args.workers)
        except DemoRefused as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
        print(f"{count} pegawai contoh dibuat di {ctx.store.path}", file=sys.stderr)
    return EXIT_OK
