"""Visibility rules: the one place that decides which meetings, items and papers an audience may read."""

from django.db import models
from django.db.models import Case, F, Q, Value, When

from meetings.audience import Audience


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "MeetingQuerySet":
        # The schedule of meetings is public, cancelled ones included (with their reason).
        return self

    def upcoming(self, today) -> "MeetingQuerySet":
        return self.filter(date__gte=today).exclude(status="cancelled").order_by("date", "start_time")

    def past(self, today) -> "MeetingQuerySet":
        return self.filter(date__lt=today).order_by("-date", "-start_time")


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "AgendaItemQuerySet":
        """Published items (all items for officers). Exempt items stay listed, by title and paragraph, but
        their description is blanked by the database for anyone who may not read them: use
        `visible_description`, and `is_restricted` to know why it is empty."""
        if audience.is_officer:
            return self.with_restrictions(audience)
        return self.filter(published_at__isnull=False).with_restrictions(audience)

    def with_restrictions(self, audience: Audience) -> "AgendaItemQuerySet":
        """Mark which items' content this audience may not read, blanking their description. Used alone (without
        the published filter) only to preview what the public will see once the agenda is published."""
        if audience.is_officer:
            return self.annotate(is_restricted=Value(False), visible_description=F("description"))
        restricted = Q(exempt_paragraph__isnull=False) & ~audience.exempt_readable("meeting__panel_id", "meeting__date")
        return self.annotate(
            is_restricted=Case(When(restricted, then=Value(True)), default=Value(False)),
            visible_description=Case(
                When(restricted, then=Value("")), default=F("description"), output_field=models.TextField()
            ),
        )


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "DocumentQuerySet":
        """Papers this audience may open. Exempt papers (or papers of exempt items) only for officers and
        councillors of the panel; unpublished papers only for officers."""
        if audience.is_officer:
            return self
        documents = self.filter(published_at__isnull=False).filter(
            Q(agenda_item__isnull=True) | Q(agenda_item__published_at__isnull=False)
        )
        return documents.readable_by(audience)

    def readable_by(self, audience: Audience) -> "DocumentQuerySet":
        """Leave out exempt papers this audience may not read (published or not: see visible_to)."""
        if audience.is_officer:
            return self
        exempt = Q(exempt_paragraph__isnull=False) | Q(agenda_item__exempt_paragraph__isnull=False)
        return self.filter(~exempt | audience.exempt_readable("meeting__panel_id", "meeting__date"))

    def published(self) -> "DocumentQuerySet":
        return self.filter(published_at__isnull=False)
