"""How the two-month clock reads on a page: "due in 12 days", "overdue by 3 days"."""

from django import template

register = template.Library()


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
