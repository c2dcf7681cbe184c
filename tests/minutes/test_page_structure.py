"""The officers' minutes pages and the public actions tracker pass the structural basics: one h1, unique ids,
headings that never skip a level, labelled navigation."""

import pytest
from django.urls import reverse

from minutes import services
from tests import factories
from tests.minutes import builders
from tests.portal.test_page_structure import Structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(panel_with_councillors, officer_user):
    panel, _, _ = panel_with_councillors
    unstarted = builders.meeting_this_year(panel)
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, "Open", "Closed", exempt={"Closed": 1})
    minutes = services.start_minutes(meeting, by=officer_user)
    entry = minutes.entries.get(heading="Open")
    services.update_entry(
        entry,
        by=officer_user,
        version=1,
        heading="Open",
        body_html="<h2>Background</h2><p>Text</p>",
        resolutions=[services.ResolutionData("AGREED that:", ["a", "b"])],
    )
    action = services.add_action(entry, services.ActionData(description="Do it"), by=officer_user)
    services.publish_draft(minutes, by=officer_user)
    factories.item(builders.meeting_this_year(panel), kind="previous_minutes", title="Minutes")
    kwargs = {"slug": panel.slug, "date": meeting.date}
    return [
        reverse("minutes_manage:editor", kwargs={"slug": panel.slug, "date": unstarted.date}),
        reverse("minutes_manage:editor", kwargs=kwargs),
        reverse("minutes_manage:attendance", kwargs=kwargs),
        reverse("minutes_manage:entry_edit", kwargs=kwargs | {"entry": entry.pk}),
        reverse("minutes_manage:action_add", kwargs=kwargs | {"entry": entry.pk}),
        reverse("minutes_manage:action_edit", kwargs=kwargs | {"action": action.pk}),
        reverse("minutes_manage:confirm", kwargs=kwargs),
        reverse("minutes_manage:history", kwargs=kwargs),
        reverse("minutes_manage:tracker", kwargs={"slug": panel.slug}),
        reverse("minutes:actions_tracker", kwargs={"slug": panel.slug}),
        minutes.get_absolute_url(),
    ]


def test_minutes_pages_structure(officer_client, urls):
    for url in urls:
        response = officer_client.get(url)
        assert response.status_code == 200, url
        page = Structure()
        page.feed(response.content.decode())
        assert page.tags["h1"] == 1, url
        assert page.tags["main"] == 1 and page.navs_without_label == 0, url
        assert [id_ for id_, count in page.ids.items() if count > 1] == [], url
        for previous, current in zip(page.headings, page.headings[1:], strict=False):
            assert current <= previous + 1, f"h{previous} followed by h{current} on {url}"


def test_every_form_field_has_a_label(officer_client, urls):
    """Each visible input, select and textarea is named by a <label for> or sits in a labelled fieldset."""
    import re

    for url in urls:
        content = officer_client.get(url).content.decode()
        labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', content))
        for tag, attrs in re.findall(r"<(input|select|textarea)([^>]*)>", content):
            if 'type="hidden"' in attrs or "aria-label" in attrs:
                continue
            field_id = re.search(r'id="([^"]+)"', attrs)
            assert field_id and field_id.group(1) in labelled, (url, tag, attrs)
