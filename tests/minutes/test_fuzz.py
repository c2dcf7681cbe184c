"""Property-based tests of the minutes forms: whatever is sent, the answer is a page (never a 500), nothing that
runs is ever stored, and a refused request leaves what was saved untouched."""

from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes import services
from minutes.models import Action, MinuteEntry
from tests import factories
from tests.minutes import builders

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
NASTY_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            '<a href="javascript:alert(1)">x</a>',
            "<p onmouseover=alert(1)>hover</p><style>p{}</style>",
            "<iframe src=//evil></iframe><svg onload=alert(1)>",
            "Ünïcødé — ‘quotes’ “more” 漢字 🏛️",
            "\x00nul byte",
            "a" * 5000,
            "{{ 7*7 }} {% debug %}",
            "Para one\r\n\r\nPara <two> & three",
            "   ",
        ]
    ),
)
VERSIONS = st.one_of(st.integers(min_value=-3, max_value=4).map(str), st.sampled_from(["", "abc", "1.5"]))
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2026-02-30", "2026-13-01", "0000-00-00", "31/12/2030", "yesterday", "", "9999-12-31"]),
)


class Dangers(HTMLParser):
    """Finds anything in stored HTML that could run: script-like elements, event handlers, javascript: links."""

    RUNNABLE = {"script", "style", "iframe", "object", "embed", "svg", "math", "img", "form", "input"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.RUNNABLE:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag}[{name}]")


def dangers(html: str) -> list[str]:
    parser = Dangers()
    parser.feed(html)
    return parser.found


def rolled_back(function):
    with transaction.atomic():
        try:
            return function()
        finally:
            transaction.set_rollback(True)


@pytest.fixture
def entry(officer_user):
    meeting = builders.meeting_this_year(factories.panel())
    builders.agenda(meeting, "Budget")
    return services.start_minutes(meeting, by=officer_user).entries.get()


@FUZZ
@given(heading=NASTY_TEXT, body=NASTY_TEXT, resolution=NASTY_TEXT, parts=NASTY_TEXT, version=VERSIONS)
def test_editing_a_minute_never_fails_and_never_stores_anything_that_runs(
    officer_client, entry, heading, body, resolution, parts, version
):
    meeting = entry.minutes.meeting
    url = reverse(
        "minutes_manage:entry_edit", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "entry": entry.pk}
    )

    def example():
        before = MinuteEntry.objects.filter(pk=entry.pk).values().get()
        response = officer_client.post(
            url,
            {
                "heading": heading,
                "body": body,
                "version": version,
                "resolution-TOTAL_FORMS": "1",
                "resolution-INITIAL_FORMS": "0",
                "resolution-0-text": resolution,
                "resolution-0-parts": parts,
            },
        )
        assert response.status_code in {200, 302}
        saved = MinuteEntry.objects.filter(pk=entry.pk).values().get()
        if response.status_code == 302:
            assert version == str(before["version"])
            assert saved["heading"] == " ".join(heading.split())
            assert dangers(saved["body_html"]) == []
        else:
            assert saved == before

    rolled_back(example)


@FUZZ
@given(description=NASTY_TEXT, due=DATES, owner_text=NASTY_TEXT, status=st.sampled_from(["open", "done", "x", ""]))
def test_adding_an_action_never_fails_and_keeps_due_dates_possible(
    officer_client, entry, description, due, owner_text, status
):
    meeting = entry.minutes.meeting
    url = reverse(
        "minutes_manage:action_add", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "entry": entry.pk}
    )

    def example():
        response = officer_client.post(
            url, {"description": description, "due_date": due, "owner_text": owner_text[:300], "status": status}
        )
        assert response.status_code in {200, 302}
        if response.status_code == 302:
            action = Action.objects.get(entry=entry)
            assert action.due_date is None or meeting.date <= action.due_date
        else:
            assert not Action.objects.filter(entry=entry).exists()

    rolled_back(example)
