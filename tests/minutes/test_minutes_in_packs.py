"""Minutes submitted for confirmation go into the next agenda's packs: the members' pack carries the exempt minutes
in full, marked not for publication; the public pack only the public part."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaPack
from meetings.services import publish_agenda
from minutes import services
from tests import factories
from tests.minutes import builders
from tests.pdfs import page_texts

pytestmark = pytest.mark.django_db

MARKER = "QZX-EXEMPT-MINUTE-5512"


def pack_text(pack: AgendaPack) -> str:
    with pack.file.open("rb") as handle:
        return "\n".join(page_texts(handle.read()))


@pytest.fixture
def held_meeting_with_exempt_minutes(officer_user):
    """A meeting held a week ago whose published minutes have an open minute, the exclusion resolution and an
    exempt minute carrying the marker."""
    panel = factories.panel()
    held = factories.published_meeting(panel, date=timezone.localdate() - datetime.timedelta(days=7))
    builders.agenda(held, "Open report", "Land deal", exempt={"Land deal": 3})
    minutes = services.start_minutes(held, by=officer_user)
    exempt = minutes.entries.get(heading="Land deal")
    services.update_entry(
        exempt,
        by=officer_user,
        version=exempt.version,
        heading="Land deal",
        body_html=f"<p>The price agreed was {MARKER}.</p>",
        exempt_paragraph=3,
        resolutions=[services.ResolutionData(f"AGREED that {MARKER} be accepted.", [])],
    )
    return services.publish_draft(minutes, by=officer_user)


def test_members_pack_carries_the_exempt_minutes_the_agenda_submits(held_meeting_with_exempt_minutes, officer_user):
    earlier = held_meeting_with_exempt_minutes
    later = factories.meeting(earlier.meeting.panel, date=timezone.localdate() + datetime.timedelta(days=14))
    item = factories.item(later, title="Minutes of the previous meeting", kind="previous_minutes", published_at=None)
    item.confirms_minutes.add(earlier)
    factories.item(later, title="Open business", published_at=None)  # no exempt item of its own

    packs = {build.pack.variant: build.pack for build in publish_agenda(later, by=officer_user)}

    assert set(packs) == {"public", "members"}
    members = pack_text(packs["members"])
    assert MARKER in members and "Open report" in members
    assert "NOT FOR PUBLICATION" in members.split(MARKER)[0].rsplit("Land deal", 1)[-1]
    public = pack_text(packs["public"])
    assert "Open report" in public and "Exclusion of the press and public" in public
    assert MARKER not in public


def test_draft_minutes_that_went_out_in_a_frozen_pack_change_as_a_new_draft_version(
    held_meeting_with_exempt_minutes, officer_user, officer_client
):
    minutes = held_meeting_with_exempt_minutes
    entry = minutes.entries.get(heading="Open report")
    services.update_entry(entry, by=officer_user, version=entry.version, heading="Open report", body_html="<p>A</p>")
    minutes.refresh_from_db()
    assert minutes.draft_version == 1, "changes before any pack keep the version"

    later = factories.meeting(minutes.meeting.panel, date=timezone.localdate() + datetime.timedelta(days=14))
    item = factories.item(later, title="Minutes of the previous meeting", kind="previous_minutes", published_at=None)
    item.confirms_minutes.add(minutes)
    packs = {build.pack.variant: build.pack for build in publish_agenda(later, by=officer_user)}
    assert [minutes.pk, 1] in packs["members"].contents["minutes_versions"]

    entry.refresh_from_db()
    services.update_entry(
        entry, by=officer_user, version=entry.version, heading="Open report", body_html="<p>£305,000</p>"
    )
    minutes.refresh_from_db()
    assert minutes.draft_version == 2
    entry.refresh_from_db()
    services.update_entry(entry, by=officer_user, version=entry.version, heading="Open report", body_html="<p>B</p>")
    minutes.refresh_from_db()
    assert minutes.draft_version == 2, "one new version per pack sent, not per change"
    assert "£305,000" not in pack_text(packs["public"])  # what went out stays as it went out

    page = officer_client.get(
        reverse("minutes_manage:history", kwargs={"slug": minutes.meeting.panel.slug, "date": minutes.meeting.date})
    ).content.decode()
    assert "Draft version 2 begun: version 1 went out in a frozen agenda pack" in page
    assert "Draft version 1 went out in the members’ pack, version 1" in page
    assert "Draft version 1 went out in the public pack, version 1" in page
    assert "This is draft version 2" in page

    later_packs = {build.pack.variant: build.pack for build in publish_agenda(later, by=officer_user, note="Revised")}
    assert [minutes.pk, 2] in later_packs["public"].contents["minutes_versions"]
