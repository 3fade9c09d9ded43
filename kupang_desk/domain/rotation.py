"""Which backups to keep: the newest of each of the last N days and of the last M weeks."""

from __future__ import annotations

from datetime import datetime


def backups_to_keep(taken: list[datetime], keep_daily: int, keep_weekly: int) -> set[datetime]:
    """The newest backup of each of the `keep_daily` most recent days that have one, plus the
    newest of each of the `keep_weekly` most recent ISO weeks. Everything else may go."""
    keep: set[datetime] = set()
    newest_by_day: dict = {}
    newest_by_week: dict = {}
    for moment in sorted(taken, reverse=True):
        newest_by_day.setdefault(moment.date(), moment)
        newest_by_week.setdefault(moment.isocalendar()[:2], moment)
    keep.update(list(newest_by_day.values())[:keep_daily])
    keep.update(list(newest_by_week.values())[:keep_weekly])
    return keep
