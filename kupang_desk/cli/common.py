"""What every CLI command shares: exit codes and opening the database as the CLI admin."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from kupang_desk.resources import default_database_path
from kupang_desk.services.context import AppContext, cli_user, open_context

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


@contextlib.contextmanager
def context(args, *, create: bool = False, read_only: bool = False) -> Iterator[AppContext]:
    """The job's database. Only `demo`, `init`, `setup --from` and a restore onto a new PC
    pass create=True; reading jobs pass read_only=True so they run beside the open app."""
    ctx = open_context(
        args.db or default_database_path(), create=create, read_only=read_only, user=cli_user()
    )
    try:
        yield ctx
    finally:
        ctx.close()
