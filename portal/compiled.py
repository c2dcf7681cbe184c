"""Queries compiled once. Django compiles a queryset's SQL on every evaluation, and for the small reads that every
signed-in request makes (its session, its user, the councillor's seats) compiling took several times as long as
PostgreSQL takes to answer. `compiled_once` compiles a query once per process, with stand-ins for its values, and
later calls only put their values where the stand-ins were among its parameters.
"""

import functools
from collections.abc import Callable, Hashable

from django.db import connection
from django.db.models import QuerySet


def compiled_once(build: Callable[..., QuerySet], *stand_ins: Hashable, named: bool = False) -> Callable[..., list]:
    """A function of the values that `build(*stand_ins)` takes, giving the rows of the query `build(*values)`
    would make (tuples, or dicts by column name when `named`). Each stand-in must be a value no query would hold
    of itself (a huge negative id, a date of the first century), so that it is found among the parameters by
    equality and nothing else is mistaken for it; `build` may only pass its arguments to filters, never branch
    on them."""

    @functools.cache
    def compiled() -> tuple[str, list]:
        sql, params = build(*stand_ins).query.sql_with_params()
        slots = {stand_in: index for index, stand_in in enumerate(stand_ins)}
        found = [Slot(slots[param]) if _is_stand_in(param, slots) else param for param in params]
        missing = set(range(len(stand_ins))) - {param for param in found if type(param) is Slot}
        if missing:
            raise ValueError(f"The query holds no stand-in for value {sorted(missing)}: it cannot be compiled once.")
        return sql, found

    def rows(*values) -> list[tuple]:
        sql, params = compiled()
        with connection.cursor() as cursor:
            cursor.execute(sql, [values[param] if type(param) is Slot else param for param in params])
            if not named:
                return cursor.fetchall()
            columns = [column.name for column in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    return rows


class Slot(int):
    """The position of a call's value among a compiled query's parameters."""


def _is_stand_in(param, slots: dict) -> bool:
    try:
        return param in slots
    except TypeError:  # an unhashable parameter (a list for ANY) is never a stand-in
        return False
