"""Visibility rules for minutes: drafts are for officers; exempt minutes for those who may read them.

A minute is exempt when it says so, or when the agenda item it minutes is exempt: making an item exempt hides its
minute, the minute's resolutions and actions, and the declarations about it. Each rule has an instance twin on the
model, built like it from the audience's `readable` / `may_read`.
"""

from django.db import models
from django.db.models import Q

from meetings.audience import Audience

PUBLIC_STATUSES = ("published", "confirmed")


def minutes_public_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": PUBLIC_STATUSES})


def entry_exempt_q(prefix: str = "") -> Q:
    """Is this minute exempt (twin: `entry.is_exempt`)."""
    return Q(**{f"{prefix}exempt_paragraph__isnull": False}) | Q(
        **{f"{prefix}agenda_item__exempt_paragraph__isnull": False}
    )


def entry_readable(audience: Audience, prefix: str = "") -> Q:
    """The minutes at `prefix` that this audience may read (twin: `entry.is_visible_to(audience)`)."""
    return audience.readable(
        f"{prefix}minutes__meeting",
        published=minutes_public_q(f"{prefix}minutes__"),
        exempt=entry_exempt_q(prefix),
    )


class MinutesQuerySet(models.QuerySet):
    def public(self) -> "MinutesQuerySet":
        """Published (as a draft subject to approval) or confirmed. Twin: `minutes.is_public`."""
        return self.filter(minutes_public_q())

    def visible_to(self, audience: Audience) -> "MinutesQuerySet":
        if audience.may_see_drafts():
            return self
        return self.public()


class MinuteEntryQuerySet(models.QuerySet):
    def exempt(self) -> "MinuteEntryQuerySet":
        return self.filter(entry_exempt_q())

    def visible_to(self, audience: Audience) -> "MinuteEntryQuerySet":
        return self.filter(entry_readable(audience))


class ResolutionQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "ResolutionQuerySet":
        """A resolution is part of its minute: it is seen exactly when its minute is."""
        return self.filter(entry_readable(audience, "entry__"))


class ActionQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "ActionQuerySet":
        """An action arises from its minute: it is seen exactly when its minute is."""
        return self.filter(entry_readable(audience, "entry__"))

    def outstanding(self) -> "ActionQuerySet":
        return self.filter(status__in=("open", "in_progress"))


class DeclarationQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "DeclarationQuerySet":
        """A declaration about an exempt item can reveal what the item is about: it is shown only to those who
        may read the item's exempt papers. Declarations are part of the minutes, so drafts are for officers.
        Twin: `declaration.is_visible_to(audience)`."""
        return self.filter(
            audience.readable(
                "minutes__meeting",
                published=minutes_public_q("minutes__"),
                exempt=Q(agenda_item__exempt_paragraph__isnull=False),
            )
        )
