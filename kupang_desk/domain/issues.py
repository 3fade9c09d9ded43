"""What a rule says about a value: an error blocks saving, a warning can be accepted."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    field: str
    message: str
    severity: Severity = Severity.ERROR
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(field: str, message: str, code: str = "") -> Issue:
    return Issue(field, message, Severity.ERROR, code)


def warning(field: str, message: str, code: str = "") -> Issue:
    return Issue(field, message, Severity.WARNING, code)


def has_errors(issues: list[Issue]) -> bool:
    return any(issue.is_error for issue in issues)
