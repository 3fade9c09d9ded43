"""Ages in whole years, and the age limits BPJS and the pemda set for workers and children."""

from __future__ import annotations

from datetime import date

WORKER_MIN_AGE, WORKER_MAX_AGE = 15, 65  # outside: cannot be employed (UU Ketenagakerjaan)
WORKER_USUAL_MIN_AGE, WORKER_USUAL_MAX_AGE = 18, 58  # outside: allowed, but checked twice
CHILD_MAX_AGE, STUDENT_CHILD_MAX_AGE = 21, 25  # Perpres 82/2018: anak tanggungan


def age_on(birth_date: date, on: date) -> int:
    """Completed years on a day (a birthday on 29 February counts from 1 March)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
