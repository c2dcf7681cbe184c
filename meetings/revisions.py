"""When a meeting's record last changed, read from its recorded history (for calendars, feeds and the API)."""

from django.db.models import OuterRef, QuerySet, Subquery

from meetings.models import Meeting


def with_last_revised(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Annotate `last_revised`: when the meeting's record last changed (None for rows loaded without history)."""
    history = Meeting.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return meetings.annotate(last_revised=Subquery(history.values("history_date")[:1]))
