"""URL converters: meetings are addressed by their ISO date, /panels/<slug>/meetings/2021-09-21/."""

import datetime


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:  # 2021-02-30 matches the pattern but is no date: a 404
            raise ValueError(value) from exc

    def to_url(self, value: datetime.date | str) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else value
