"""Visibility of recommendations and executive decisions, built like every other rule from the audience's
`readable` (meetings/audience.py), each with its instance twin on the model.

A recommendation is public once it has been referred to its decision-maker (and, when it is a resolution of the
minutes, once those minutes are public); it is exempt when the agenda item or the minute it arose from is exempt,
and is then read only under the exempt access rule for the meeting that agreed it. A decision is public once it
is published; it is exempt when the record says so or when any of its papers is exempt, and is then read only by
officers and by those who may read the exempt papers of the meeting that considers its call-in.
"""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from meetings.audience import Audience
from meetings.querysets import DocumentQuerySet
from minutes.querysets import entry_exempt_q, minutes_public_q


def recommendation_published_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}referred_on__isnull": False}) & (
        Q(**{f"{prefix}resolution__isnull": True}) | minutes_public_q(f"{prefix}resolution__entry__minutes__")
    )


def recommendation_exempt_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}agenda_item__exempt_paragraph__isnull": False}) | (
        Q(**{f"{prefix}resolution__isnull": False}) & entry_exempt_q(f"{prefix}resolution__entry__")
    )


def recommendation_readable(audience: Audience, prefix: str = "") -> Q:
    """Twin: `recommendation.is_visible_to(audience)`."""
    return audience.readable(
        f"{prefix}meeting", published=recommendation_published_q(prefix), exempt=recommendation_exempt_q(prefix)
    )


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "RecommendationQuerySet":
        return self.filter(recommendation_readable(audience))

    def referred(self) -> "RecommendationQuerySet":
        return self.filter(referred_on__isnull=False)

    def awaiting_response(self) -> "RecommendationQuerySet":
        return self.referred().filter(response="")

    def overdue(self, today=None) -> "RecommendationQuerySet":
        """Referred, unanswered, and past the two months. Twin: `recommendation.is_overdue_on(today)`."""
        return self.awaiting_response().filter(response_due_on__lt=today or timezone.localdate())

    def with_status(self, status: str) -> "RecommendationQuerySet":
        if status == "draft":
            return self.filter(referred_on__isnull=True)
        if status == "awaiting":
            return self.awaiting_response()
        return self.filter(response=status)


class MonitoringUpdateQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "MonitoringUpdateQuerySet":
        """An update is reported at an agenda item: it is read as that item is (its recommendation must be
        readable too). Twin: `update.is_visible_to(audience)`."""
        return self.filter(
            recommendation_readable(audience, "recommendation__"),
            audience.readable(
                "agenda_item__meeting",
                published=Q(agenda_item__published_at__isnull=False),
                exempt=Q(agenda_item__exempt_paragraph__isnull=False),
            ),
        )


CONSIDERING_MEETING = "call_in__consideration_item__meeting"


def decision_published_q() -> Q:
    return Q(published_on__isnull=False)


def decision_exempt_q() -> Q:
    Document = apps.get_model("meetings", "Document")
    exempt_papers = Document.objects.filter(DocumentQuerySet.exempt_q(), executive_decisions=OuterRef("pk"))
    return Q(exempt_paragraph__isnull=False) | Q(Exists(exempt_papers))


class ExecutiveDecisionQuerySet(models.QuerySet):
    def visible_to(self, audience: Audience) -> "ExecutiveDecisionQuerySet":
        """Twin: `decision.is_visible_to(audience)` (papers and call-in loaded)."""
        return self.filter(
            audience.readable(CONSIDERING_MEETING, published=decision_published_q(), exempt=decision_exempt_q())
        )

    def open_to_call_in(self, today=None) -> "ExecutiveDecisionQuerySet":
        """Published, not called in, and the call-in period not yet over."""
        return self.filter(
            published_on__isnull=False, call_in__isnull=True, call_in_deadline__gte=today or timezone.localdate()
        )
