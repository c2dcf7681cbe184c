"""URL converters: meetings are addressed by their ISO date, /panels/<slug>/meetings/2021-09-21/, and pack
versions by their number, counted from 1."""

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


class VersionConverter:
    """A pack version number: 1, 2, 3... Never 0 or a leading zero, so no second address serves the same file."""

    regex = r"[1-9][0-9]{0,8}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
