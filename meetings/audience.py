"""Who is reading: the public, a councillor (with panels whose exempt papers they read), an officer.

Computed once per request and handed to every visibility queryset, so one rule decides what anyone sees.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Audience:
    is_officer: bool = False
    councillor_id: int | None = None
    exempt_panel_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_public(self) -> bool:
        return not self.is_officer and self.councillor_id is None and not self.exempt_panel_ids

    def may_read_exempt(self, panel_id: int) -> bool:
        return self.is_officer or panel_id in self.exempt_panel_ids

    def may_see_drafts(self) -> bool:
        return self.is_officer


PUBLIC = Audience()
OFFICER = Audience(is_officer=True)


def audience_for(user) -> Audience:
    """The audience of a signed-in (or anonymous) user.

    Until accounts have roles, staff users are officers and everyone else is the public.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    if user.is_staff or user.is_superuser:
        return OFFICER
    return PUBLIC
