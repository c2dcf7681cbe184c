"""Who is reading: the public, a councillor (with the panels whose exempt papers they may read), an officer.

Computed once per request and handed to every visibility queryset, so one rule decides what anyone sees.
"""

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

from meetings.municipal_year import MunicipalYear


@dataclass(frozen=True)
class Audience:
    """`exempt_scopes` holds (panel id, municipal year) pairs: a councillor may read the exempt papers of a
    panel's meetings in a municipal year in which they sat on that panel."""

    is_officer: bool = False
    councillor_id: int | None = None
    exempt_scopes: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    @property
    def is_public(self) -> bool:
        return not self.is_officer and self.councillor_id is None and not self.exempt_scopes

    @property
    def is_councillor(self) -> bool:
        return self.councillor_id is not None

    def may_read_exempt(self, panel_id: int, on: datetime.date) -> bool:
        if self.is_officer:
            return True
        return (panel_id, MunicipalYear.containing(on).start_year) in self.exempt_scopes

    def may_see_drafts(self) -> bool:
        return self.is_officer

    def exempt_readable(self, panel_field: str, date_field: str) -> Q:
        """A filter for rows whose meeting's exempt papers this audience may read."""
        if self.is_officer:
            return Q()
        if not self.exempt_scopes:
            return Q(pk__in=[])
        return reduce(
            or_,
            (
                Q(**{panel_field: panel_id})
                & Q(**{f"{date_field}__range": (MunicipalYear(year).first_day, MunicipalYear(year).last_day)})
                for panel_id, year in sorted(self.exempt_scopes)
            ),
        )


PUBLIC = Audience()
OFFICER = Audience(is_officer=True)


def members_of(panel_id: int, on: datetime.date) -> Audience:
    """What every member of the panel may read about its meeting on that day: the members' pack."""
    return Audience(exempt_scopes=frozenset({(panel_id, MunicipalYear.containing(on).start_year)}))


def audience_for(user) -> Audience:
    """The audience of a signed-in (or anonymous) user, from their role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    if user.is_officer:
        return OFFICER
    if user.is_councillor:
        from meetings.models import Membership

        seats = Membership.objects.filter(councillor_id=user.councillor_id).values_list("panel_id", "municipal_year")
        return Audience(councillor_id=user.councillor_id, exempt_scopes=frozenset(seats))
    return PUBLIC
