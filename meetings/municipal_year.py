"""The municipal year: a council's year from one annual meeting to the next, written "2021/22"."""

import datetime
from dataclasses import dataclass

from django.db.models import Func, IntegerField

# Annual council meetings fall in May; the portal treats 1 May as the first day of a municipal year.
FIRST_MONTH = 5


@dataclass(frozen=True, order=True)
class MunicipalYear:
    start_year: int

    @classmethod
    def containing(cls, day: datetime.date) -> "MunicipalYear":
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @classmethod
    def from_label(cls, label: str) -> "MunicipalYear":
        """Parse "2021/22" or "2021-22"."""
        first, _, second = label.replace("-", "/").partition("/")
        start = int(first)
        if second and int(second) != (start + 1) % 100:
            raise ValueError(f"{label!r} is not a municipal year")
        return cls(start)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def short_label(self) -> str:
        """The two-digit form used in running minute numbers: "32/24" uses 24 for 2024/25."""
        return f"{self.start_year % 100:02d}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.start_year, FIRST_MONTH, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.start_year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)

    def __str__(self) -> str:
        return self.label


class StartYearOf(Func):
    """`MunicipalYear.containing(day).start_year` in SQL: the calendar year of the day moved back to January."""

    template = f"EXTRACT(YEAR FROM (%(expressions)s - INTERVAL '{FIRST_MONTH - 1} months'))::integer"
    output_field = IntegerField()
