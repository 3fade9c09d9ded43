"""Application log file (user's log folder) that never holds a NIK or a worker's name.

Log files get copied to USB sticks and mailed to whoever fixes the PC, so the privacy rule
(UU 27/2022) is enforced by the log itself rather than by every caller's care:
- every str argument of a log call is written as "[teks]" unless wrapped in `Safe(...)`
  (file names, usernames, counts are fine; record data is not);
- in what remains (the message template, tracebacks, exception texts) runs of 8+ digits
  (NIK, KK, NIP, phone, card numbers) and words in capitals (names are stored uppercase)
  are masked;
- an exception's own text is dropped, only its type and the traceback frames stay.
Kept outside the layers: ui/ and cli/ both set it up.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path

import platformdirs

from kupang_desk import APP_NAME

LOG_FILE = "kupang-desk.log"
_HANDLER_NAME = "kupang_desk"
_DIGITS = re.compile(r"\d(?:[\s.\-]?\d){7,}")  # also "3171 0145 0385 0001"
_CAPS = re.compile(r"\b[A-Z][A-Z'.\-]{2,}\b")
# Capitalised words that are not names and help to read the log.
_KEEP = {"NIK", "OPD", "PDF", "CSV", "XLSX", "SQL", "SQLITE", "WAL", "JSON", "BPJS", "GUI", "CLI"}
_KEEP |= {"ERROR", "WARNING", "INFO", "DEBUG", "CRITICAL", "UTC", "PID", "OK"}


class Safe(str):
    """A str argument the caller vouches for: no NIK, no person's name."""


def mask(text: str) -> str:
    text = _DIGITS.sub("[angka]", text)
    return _CAPS.sub(lambda m: m.group(0) if m.group(0) in _KEEP else "[nama]", text)


def _safe_arg(value: object) -> object:
    if isinstance(value, Safe):
        return mask(str(value))
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, str):
        return "[teks]"
    return f"<{type(value).__name__}>"


def _traceback_text(exc_info) -> str:
    import traceback

    exc_type, exc, tb = exc_info
    frames = "".join(traceback.format_tb(tb))
    chain = ""
    if exc is not None and (exc.__cause__ or exc.__context__):
        inner = exc.__cause__ or exc.__context__
        chain = f"(berasal dari {type(inner).__module__}.{type(inner).__name__})\n"
    name = f"{exc_type.__module__}.{exc_type.__name__}" if exc_type else "?"
    return mask(f"Traceback (isi pesan disembunyikan):\n{frames}{chain}{name}")


class PrivacyFilter(logging.Filter):
    """Rewrites each record so that what reaches a handler is already safe."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, dict):
            args = {k: _safe_arg(v) for k, v in args.items()}
        elif args:
            args = tuple(_safe_arg(v) for v in args)
        try:
            message = str(record.msg) % args if args else str(record.msg)
        except (TypeError, ValueError, KeyError):
            message = f"{record.msg} (argumen tidak cocok)"
        record.msg, record.args = mask(message), None
        if record.exc_info:
            record.exc_text = _traceback_text(record.exc_info)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def setup_logging(folder: Path | None = None, *, level: int = logging.INFO) -> Path:
    """Log to a rotating file in the user's log folder; returns its path."""
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PrivacyFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.name == _HANDLER_NAME]:
        root.removeHandler(old)
        old.close()
    handler.name = _HANDLER_NAME  # the one a second set-up replaces
    root.addHandler(handler)
    root.setLevel(level)

    def log_uncaught(exc_type, exc, tb):
        logging.getLogger("kupang_desk").critical(
            "Galat tak tertangani", exc_info=(exc_type, exc, tb)
        )
        sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = log_uncaught
    return path
