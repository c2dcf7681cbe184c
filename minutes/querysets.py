"""Visibility rules for minutes: drafts are for officers; exempt minutes for those who may read them."""

from django.db import models
from django.db.models import Q

from meetings.audience import Audience

PUBLIC_STATUSES = ("published", "confirmed")


def _readable_exempt(audience: Audience, panel_path: str) -> Q:
    return Q(**{f"{panel_path}__in": audience.exempt_panel_ids})


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
        return entries.filter(
            Q(exempt_paragraph__isnull=True) | _readable_exempt(audience, "minutes__meeting__panel_id")
        )


class ActionQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "ActionQuerySet":
        if audience.is_officer:
            return self
        return self.filter(entry__minutes__status__in=PUBLIC_STATUSES).filter(
            Q(entry__exempt_paragraph__isnull=True) | _readable_exempt(audience, "entry__minutes__meeting__panel_id")
        )

    def outstanding(self) -> "ActionQuerySet":
        return self.filter(status__in=("open", "in_progress"))
