"""Reads for the recommendations tracker, the decisions list and the officers' pages, all through the visibility
querysets, with what each page shows fetched up front (no query per row)."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from meetings.audience import Audience
from meetings.models import AgendaItem, Councillor, Document, Panel, WorkProgrammeTopic
from minutes.scrutiny.models import ActionPlanItem, ExecutiveDecision, MonitoringUpdate, Recommendation

STATUS_CHOICES = [
    ("awaiting", "Awaiting response"),
    *Recommendation.Response.choices,
]


@dataclass(frozen=True)
class TrackerFilters:
    status: str = ""
    overdue: bool = False
    topic: int | None = None

    @classmethod
    def from_query(cls, query) -> "TrackerFilters":
        """Filters from the query string; a value the tracker does not know is ignored (all are shown)."""
        status = query.get("status", "")
        topic = query.get("topic", "")
        return cls(
            status=status if status in dict(STATUS_CHOICES) else "",
            overdue=query.get("overdue") == "yes",
            topic=int(topic) if topic.isdigit() else None,
        )


def _recommendations(audience: Audience):
    return Recommendation.objects.visible_to(audience).select_related(
        "panel__council",
        "meeting__panel",
        "agenda_item",
        "topic",
        "resolution__entry__minutes__meeting",
        "resolution__entry__agenda_item",
    )


def _overdue_first(queryset, today: datetime.date):
    overdue = Q(referred_on__isnull=False, response="", response_due_on__lt=today)
    return queryset.annotate(
        overdue_rank=Case(When(overdue, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("overdue_rank", "response_due_on", "number")


def panel_recommendations(
    panel: Panel, audience: Audience, filters: TrackerFilters = TrackerFilters(), today: datetime.date | None = None
) -> list[Recommendation]:
    """The panel's recommendations this audience may read, overdue ones first, then by due date."""
    today = today or timezone.localdate()
    queryset = _recommendations(audience).filter(panel=panel)
    if filters.status:
        queryset = queryset.with_status(filters.status)
    if filters.overdue:
        queryset = queryset.overdue(today)
    if filters.topic:
        queryset = queryset.filter(topic_id=filters.topic)
    return list(_overdue_first(queryset, today))


def panel_topics(panel: Panel) -> list[WorkProgrammeTopic]:
    return list(panel.work_programme.order_by("-municipal_year", "category", "position"))


def recommendation_or_404(slug: str, number: int, audience: Audience) -> Recommendation:
    return get_object_or_404(
        _recommendations(audience).prefetch_related(
            Prefetch("action_plan", queryset=ActionPlanItem.objects.select_related("owner"), to_attr="steps"),
            Prefetch(
                "monitoring_updates",
                queryset=MonitoringUpdate.objects.visible_to(audience).select_related("agenda_item__meeting__panel"),
                to_attr="updates",
            ),
        ),
        panel__slug=slug,
        number=number,
    )


def awaiting_response(panel_ids: set[int], audience: Audience, today: datetime.date | None = None) -> list:
    """Recommendations of these panels awaiting a response, overdue first (the councillor's countdown)."""
    queryset = _recommendations(audience).awaiting_response().filter(panel_id__in=panel_ids)
    return list(_overdue_first(queryset, today or timezone.localdate())[:25])


def _decisions(audience: Audience):
    return (
        ExecutiveDecision.objects.visible_to(audience)
        .select_related("panel__council", "call_in__consideration_item__meeting__panel")
        .prefetch_related(
            Prefetch("papers", queryset=Document.objects.select_related("agenda_item", "meeting__panel")),
        )
    )


def panel_decisions(panel: Panel, audience: Audience) -> list[ExecutiveDecision]:
    return list(_decisions(audience).filter(panel=panel).order_by("-decided_on", "-pk"))


def decision_or_404(slug: str, reference: str, audience: Audience) -> ExecutiveDecision:
    return get_object_or_404(
        _decisions(audience).prefetch_related(
            Prefetch(
                "papers",
                queryset=Document.objects.visible_to(audience).select_related("meeting__panel"),
                to_attr="visible_papers",
            ),
            Prefetch(
                "call_in__signatories",
                queryset=Councillor.objects.order_by("surname"),
                to_attr="signatory_list",
            ),
        ),
        panel__slug=slug,
        reference=reference,
    )


def open_to_call_in(audience: Audience, today: datetime.date | None = None) -> list[ExecutiveDecision]:
    """Every published decision whose call-in period is still running, the soonest deadline first."""
    return list(_decisions(audience).open_to_call_in(today).order_by("call_in_deadline", "pk"))


def panel_items(panel: Panel) -> list[AgendaItem]:
    """The panel's agenda items, newest meeting first, for choosing what a recommendation arose from."""
    return list(
        AgendaItem.objects.filter(meeting__panel=panel)
        .select_related("meeting")
        .order_by("-meeting__date", "position")[:200]
    )


def later_items(panel: Panel, after: datetime.date) -> list[AgendaItem]:
    """Agenda items of the panel's meetings from `after` on, for linking monitoring updates and call-ins."""
    return list(
        AgendaItem.objects.filter(meeting__panel=panel, meeting__date__gte=after)
        .select_related("meeting")
        .order_by("meeting__date", "position")[:200]
    )
