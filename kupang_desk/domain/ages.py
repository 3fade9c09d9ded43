"""Ages in whole years, and the age limits BPJS and the pemda set for workers and children."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

WORKER_MIN_AGE, WORKER_MAX_AGE = 15, 65  # outside: cannot be employed (UU Ketenagakerjaan)
WORKER_USUAL_MIN_AGE, WORKER_USUAL_MAX_AGE = 18, 58  # outside: allowed, but checked twice
CHILD_MAX_AGE, STUDENT_CHILD_MAX_AGE = 21, 25  # Perpres 82/2018: anak tanggungan


def age_on(birth_date: date, on: date) -> int:
    """Completed years on a day (a birthday on 29 February counts from 1 March)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


# Children whose cover ends within this many months are listed in Perlu Perbaikan, so the
# office removes them (or brings a school certificate) before BPJS ends the card.
LEAVING_NOTICE_MONTHS = 3


def birthday(birth_date: date, years: int) -> date:
    """The day a person turns `years`, as age_on counts it (29 February -> 1 March)."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:
        return date(birth_date.year + years, 3, 1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day (30 November + 3 = 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


# Usia pensiun of the JP programme (PP 45/2015 Pasal 15): 56 at first, 57 from 1 January 2019,
# then one year more every three years up to 65: 58 in 2022–2024, 59 in 2025–2027, 60 in
# 2028–2030 … 65 from 2043.
PENSION_AGE_FIRST, PENSION_AGE_MAX = 56, 65


def pension_age(year: int) -> int:
    if year < 2019:
        return PENSION_AGE_FIRST
    return min(PENSION_AGE_MAX, 57 + (year - 2019) // 3)


def pension_date(birth_date: date) -> date:
    """The birthday on which the worker reaches usia pensiun: the first one at which their
    age is at least the pension age of that year. Reached once, it stays reached: someone who
    turns 59 in 2027 does not owe JP again in 2028 when the age becomes 60."""
    age = PENSION_AGE_FIRST
    while age < pension_age(birthday(birth_date, age).year):
        age += 1
    return birthday(birth_date, age)


def past_pension_age(birth_date: date, year: int, month: int) -> bool:
    """True for the month in which the worker reaches usia pensiun and every month after:
    no JP contribution is due for it (the birthday's month counts whole)."""
    reached = pension_date(birth_date)
    return (year, month) >= (reached.year, reached.month)
