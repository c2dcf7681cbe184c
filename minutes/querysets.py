"""Visibility rules for minutes: drafts are for officers; exempt minutes for those who may read them."""

from django.db import models
from django.db.models import Q

from meetings.audience import Audience

PUBLIC_STATUSES = ("published", "confirmed")


class MinutesQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "MinutesQuerySet":
        if audience.may_see_drafts():
            return self
        return self.filter(status__in=PUBLIC_STATUSES)


class MinuteEntryQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "MinuteEntryQuerySet":
        if audience.is_officer:
            return self
        entries = self.filter(minutes__status__in=PUBLIC_STATUSES)
        readable = audience.exempt_readable("minutes__meeting__panel_id", "minutes__meeting__date")
        return entries.filter(Q(exempt_paragraph__isnull=True) | readable)


class ActionQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "ActionQuerySet":
        if audience.is_officer:
            return self
        readable = audience.exempt_readable("entry__minutes__meeting__panel_id", "entry__minutes__meeting__date")
        return self.filter(entry__minutes__status__in=PUBLIC_STATUSES).filter(
            Q(entry__exempt_paragraph__isnull=True) | readable
        )

    def outstanding(self) -> "ActionQuerySet":
        return self.filter(status__in=("open", "in_progress"))


class DeclarationQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "DeclarationQuerySet":
        """A declaration about an exempt item can reveal what the item is about: it is shown only to those who
        may read the item's exempt papers. Declarations are part of the minutes, so drafts are for officers."""
        if audience.is_officer:
            return self
        readable = audience.exempt_readable("minutes__meeting__panel_id", "minutes__meeting__date")
        return self.filter(minutes__status__in=PUBLIC_STATUSES).filter(
            Q(agenda_item__isnull=True) | Q(agenda_item__exempt_paragraph__isnull=True) | readable
        )
