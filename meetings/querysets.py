"""Visibility rules: the one place that decides which meetings, seats, items, papers and packs an audience may read.

Each rule is a queryset method with an instance twin on the model (`Document.objects.visible_to(audience)` and
`document.is_visible_to(audience)`); both are built from the audience's `readable` / `may_read` (meetings/audience.py)
and from the model's own "published" and "exempt", so the search index can store exactly those two facts.
"""

import datetime

from django.db import models
from django.db.models import Case, F, Q, Value, When

from meetings.audience import Audience
from meetings.municipal_year import MunicipalYear, StartYearOf


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "MeetingQuerySet":
        # The schedule of meetings is public, cancelled ones included (with their reason).
        return self

    def exempt_readable_by(self, audience: Audience) -> "MeetingQuerySet":
        """Meetings whose exempt information this audience may read (twin: `audience.may_read_exempt(meeting)`)."""
        return self.filter(audience.exempt_readable("pk", panel="panel_id", date="date"))

    def upcoming(self, today) -> "MeetingQuerySet":
        return self.filter(date__gte=today).exclude(status="cancelled").order_by("date", "start_time")

    def past(self, today) -> "MeetingQuerySet":
        return self.filter(date__lt=today).order_by("-date", "-start_time")


class MembershipQuerySet(models.QuerySet):
    def serving_on(self, day) -> "MembershipQuerySet":
        """Seats held on `day` (a date, or an expression such as OuterRef("date")): in the seat's municipal year,
        from its start date and up to its end date when they are set. Twin: `membership.serves_on(day)`."""
        year = MunicipalYear.containing(day).start_year if isinstance(day, datetime.date) else StartYearOf(day)
        return self.filter(
            Q(municipal_year=year),
            Q(starts_on__isnull=True) | Q(starts_on__lte=day),
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        )


def _published(prefix: str = "") -> Q:
    return Q(**{f"{prefix}published_at__isnull": False})


def _exempt(prefix: str = "") -> Q:
    return Q(**{f"{prefix}exempt_paragraph__isnull": False})


class AgendaItemQuerySet(models.QuerySet):
    def published(self) -> "AgendaItemQuerySet":
        return self.filter(_published())

    def exempt(self) -> "AgendaItemQuerySet":
        return self.filter(_exempt())

    def visible_to(self, audience: Audience) -> "AgendaItemQuerySet":
        """Published items (all items for officers). Exempt items stay listed, by title and paragraph, but
        their description is blanked by the database for anyone who may not read them: use
        `visible_description`, and `is_restricted` to know why it is empty. Twins: `item.is_visible_to(audience)`
        and `item.is_readable_by(audience)` (listed and not restricted)."""
        if audience.is_officer:
            return self.with_restrictions(audience)
        return self.published().with_restrictions(audience)

    def with_restrictions(self, audience: Audience) -> "AgendaItemQuerySet":
        """Mark which items' content this audience may not read, blanking their description. Used alone (without
        the published filter) only to preview what the public will see once the agenda is published."""
        if audience.is_officer:
            return self.annotate(is_restricted=Value(False), visible_description=F("description"))
        restricted = _exempt() & ~audience.exempt_readable("meeting")
        return self.annotate(
            is_restricted=Case(When(restricted, then=Value(True)), default=Value(False)),
            visible_description=Case(
                When(restricted, then=Value("")), default=F("description"), output_field=models.TextField()
            ),
        )


class DocumentQuerySet(models.QuerySet):
    def published_q(self) -> Q:
        """Published, on a published item (if any); a minutes paper also needs its minutes to be public."""
        minutes = self.model._meta.get_field("minutes").related_model
        return (
            _published()
            & (Q(agenda_item__isnull=True) | _published("agenda_item__"))
            & (Q(minutes__isnull=True) | Q(minutes__in=minutes.objects.public()))
        )

    @staticmethod
    def exempt_q() -> Q:
        """Is this paper exempt: exempt itself (an exempt appendix), or a paper of an exempt item. Twin:
        `document.is_exempt`."""
        return _exempt() | _exempt("agenda_item__")

    def published(self) -> "DocumentQuerySet":
        return self.filter(self.published_q())

    def exempt(self) -> "DocumentQuerySet":
        return self.filter(self.exempt_q())

    def visible_to(self, audience: Audience) -> "DocumentQuerySet":
        """Papers this audience may open: exempt ones only under the exempt access rule, unpublished ones (and
        minutes papers whose minutes are not public) only for officers. Twin: `document.is_visible_to(audience)`."""
        return self.filter(audience.readable("meeting", published=self.published_q(), exempt=self.exempt_q()))

    def readable_by(self, audience: Audience) -> "DocumentQuerySet":
        """Leave out exempt papers this audience may not read, published or not (to preview a pack)."""
        return self.filter(audience.readable("meeting", published=Q(), exempt=self.exempt_q()))


class AgendaPackQuerySet(models.QuerySet):
    def exempt_q(self) -> Q:
        """A members' pack holds exempt papers; a withdrawn public version is kept for the record and read like
        one, by those who may read the meeting's exempt papers."""
        return Q(variant=self.model.Variant.MEMBERS) | Q(withdrawal__isnull=False)

    def visible_to(self, audience: Audience) -> "AgendaPackQuerySet":
        """The pack versions this audience may download. Twin: `pack.is_visible_to(audience)`."""
        return self.filter(audience.readable("meeting", published=Q(), exempt=self.exempt_q()))

    def listed_for(self, audience: Audience) -> "AgendaPackQuerySet":
        """The versions whose place on the meeting page this audience sees, marked `is_readable`: those it may
        download, and the withdrawn public ones (when and why they were withdrawn is public)."""
        if audience.is_officer:
            return self.annotate(is_readable=Value(True))
        readable = audience.readable("meeting", published=Q(), exempt=self.exempt_q())
        return self.filter(readable | Q(variant=self.model.Variant.PUBLIC)).annotate(
            is_readable=Case(When(readable, then=Value(True)), default=Value(False))
        )

    def current(self) -> "AgendaPackQuerySet":
        """Versions not withdrawn."""
        return self.filter(withdrawal__isnull=True)


class BackgroundPaperQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "BackgroundPaperQuerySet":
        """Listed for those who may read its report, and for nobody else. Twin: `paper.is_visible_to(audience)`."""
        documents = self.model._meta.get_field("document").related_model
        return self.filter(document__in=documents.objects.visible_to(audience))
