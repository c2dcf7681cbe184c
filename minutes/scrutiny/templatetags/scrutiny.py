"""How the two-month clock reads on a page ("due in 12 days", "overdue by 3 days"), and the recommendations a
work programme's topics led to."""

from collections import defaultdict

from django import template

from minutes.scrutiny.models import Recommendation

register = template.Library()


@register.simple_tag(takes_context=True)
def recommendations_by_topic(context, work_programme) -> dict[int, list[Recommendation]]:
    """The recommendations the reader may see, by topic, for the whole programme in one query."""
    topic_ids = [topic.pk for _, topics in work_programme.by_category for topic in topics]
    if not topic_ids:
        return {}
    found = defaultdict(list)
    readable = Recommendation.objects.visible_to(context["request"].audience).filter(topic_id__in=topic_ids)
    for recommendation in readable.select_related("panel").order_by("number"):
        found[recommendation.topic_id].append(recommendation)
    return dict(found)


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


@register.filter
def countdown(recommendation) -> str:
    days = recommendation.days_left
    if days is None:
        return ""
    if days < 0:
        return f"Overdue by {_days(-days)}"
    if days == 0:
        return "Due today"
    return f"Due in {_days(days)}"
