"""Query budgets: the minutes pages cost the same number of queries whatever the number of minutes, members or
actions. A failure here asks for a justification, not a bigger number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes import services
from tests import factories
from tests.minutes import builders

pytestmark = pytest.mark.django_db


def count_queries(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(context)


def minutes_of_size(officer_user, entries: int, *, panel=None):
    """Published minutes with `entries` minutes, each with a resolution in two parts and two actions."""
    panel = panel or factories.panel(minute_numbering="per_meeting")
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, *[f"Item {n}" for n in range(entries)])
    minutes = services.start_minutes(meeting, by=officer_user)
    owner = builders.officer(f"Owner{entries}")
    for entry in minutes.entries.all():
        services.update_entry(
            entry,
            by=officer_user,
            version=entry.version,
            heading=entry.heading,
            body_html="<p>Discussed.</p>",
            resolutions=[services.ResolutionData("AGREED that:", ["one", "two"])],
        )
        services.add_action(entry, services.ActionData(description="Do this", owner_id=owner.pk), by=officer_user)
        services.add_action(entry, services.ActionData(description="And that", owner_text="Chair"), by=officer_user)
    return services.publish_draft(minutes, by=officer_user)


def editor_url(minutes) -> str:
    meeting = minutes.meeting
    return reverse("minutes_manage:editor", kwargs={"slug": meeting.panel.slug, "date": meeting.date})


def test_minutes_editor_costs_the_same_for_one_minute_or_thirty(officer_client, officer_user):
    small, large = minutes_of_size(officer_user, 1), minutes_of_size(officer_user, 30)
    small_count = count_queries(officer_client, editor_url(small))
    assert small_count == count_queries(officer_client, editor_url(large)) <= 10


def test_entry_edit_costs_the_same_whatever_its_resolutions(officer_client, officer_user):
    minutes = minutes_of_size(officer_user, 2)
    plain, busy = minutes.entries.order_by("position")[:2]
    services.update_entry(
        busy,
        by=officer_user,
        version=busy.version,
        heading=busy.heading,
        body_html="",
        resolutions=[services.ResolutionData(f"AGREED {n}", ["a", "b", "c"]) for n in range(8)],
    )
    services.update_entry(plain, by=officer_user, version=plain.version, heading=plain.heading, body_html="")
    kwargs = {"slug": minutes.meeting.panel.slug, "date": minutes.meeting.date}
    counts = [
        count_queries(officer_client, reverse("minutes_manage:entry_edit", kwargs=kwargs | {"entry": entry.pk}))
        for entry in (plain, busy)
    ]
    assert counts[0] == counts[1] <= 7


def test_attendance_page_costs_the_same_for_two_members_or_twelve(officer_client, officer_user):
    def minutes_with_members(count: int):
        panel = factories.panel()
        for n in range(count):
            builders.member(panel, builders.councillor(f"m{count}-{n}", f"Member{n}"))
        meeting = builders.meeting_this_year(panel)
        return services.start_minutes(meeting, by=officer_user)

    def url(minutes) -> str:
        meeting = minutes.meeting
        return reverse("minutes_manage:attendance", kwargs={"slug": meeting.panel.slug, "date": meeting.date})

    small, large = minutes_with_members(2), minutes_with_members(12)
    assert count_queries(officer_client, url(small)) == count_queries(officer_client, url(large)) <= 14


@pytest.mark.parametrize("name", ["minutes:actions_tracker", "minutes_manage:tracker"])
def test_actions_trackers_cost_the_same_for_few_or_many_actions(officer_client, officer_user, name):
    small_panel, large_panel = factories.panel(), factories.panel()
    minutes_of_size(officer_user, 1, panel=small_panel)
    for _ in range(3):
        minutes_of_size(officer_user, 10, panel=large_panel)
    small = count_queries(officer_client, reverse(name, kwargs={"slug": small_panel.slug}) + "?show=all")
    large = count_queries(officer_client, reverse(name, kwargs={"slug": large_panel.slug}) + "?show=all")
    assert small == large <= 4


def test_public_tracker_for_the_public_costs_few_queries(client, officer_user):
    panel = factories.panel()
    minutes_of_size(officer_user, 10, panel=panel)
    assert count_queries(client, reverse("minutes:actions_tracker", kwargs={"slug": panel.slug})) <= 2


def test_public_minutes_page_stays_within_budget_with_actions_and_parts(client, officer_user):
    small, large = minutes_of_size(officer_user, 1), minutes_of_size(officer_user, 20)
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url()) <= 8
