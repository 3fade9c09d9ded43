"""What every CLI command shares: exit codes and opening the database as the CLI admin."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from kupang_desk.domain.accounts import Role
from kupang_desk.resources import default_database_path
from kupang_desk.services.context import AppContext, cli_user, open_context

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


@contextlib.contextmanager
def context(args, *, create: bool = False, read_only: bool = False) -> Iterator[AppContext]:
    """The job's database, opened as its administrator (the CLI has no login: whoever may
    run it on this PC owns the file). Only `demo`, `init`, `setup --from` and a restore onto
    a new PC pass create=True; reading jobs pass read_only=True so they run beside the open
    app."""
    path = args.db or default_database_path()
    ctx = open_context(path, cli_user(), role=Role.ADMIN, create=create, read_only=read_only)
    try:
        yield ctx
    finally:
        ctx.close()
