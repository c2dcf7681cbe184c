"""Any agenda item can be told which earlier meetings' minutes it submits (one or several, of its panel or another
of the council): their papers join the item, the history names them, and publishing warns of a minutes item that
submits none. Exempt minutes stay out of everything the public reads."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Council, Meeting
from meetings.services import publish_agenda, update_item
from minutes import services as minutes_services
from minutes.models import Minutes
from portal.errors import Refused
from tests import factories
from tests.minutes.test_minutes_in_packs import pack_text

pytestmark = pytest.mark.django_db

MARKER = "QZX-SUBMITTED-EXEMPT-2261"


def url(name: str, meeting: Meeting, **kwargs) -> str:
    return reverse(f"manage:{name}", kwargs={"slug": meeting.panel.slug, "date": meeting.date, **kwargs})


def held_minutes(panel, days_ago: int, *, by, exempt: bool = False, publish: bool = True) -> Minutes:
    held = factories.published_meeting(panel, date=timezone.localdate() - datetime.timedelta(days=days_ago))
    factories.item(held, title=f"Open report {days_ago}")
    if exempt:
        factories.item(held, title="Land deal", exempt_paragraph=3)
    minutes = minutes_services.start_minutes(held, by=by)
    if exempt:
        entry = minutes.entries.get(heading="Land deal")
        minutes_services.update_entry(
            entry,
            by=by,
            version=entry.version,
            heading="Land deal",
            body_html=f"<p>{MARKER}</p>",
            exempt_paragraph=3,
            resolutions=[],
        )
    return minutes_services.publish_draft(minutes, by=by) if publish else minutes


@pytest.fixture
def coming(officer_user):
    """A coming meeting of a panel whose earlier meeting had exempt minutes, and a published minutes of another
    panel of the same council."""
    panel = factories.panel()
    ours = held_minutes(panel, 21, by=officer_user, exempt=True)
    theirs = held_minutes(factories.panel(name="Overview and Scrutiny Board"), 14, by=officer_user)
    meeting = factories.meeting(panel, date=timezone.localdate() + datetime.timedelta(days=21))
    item = factories.item(meeting, title="Minutes of earlier meetings", kind="previous_minutes", published_at=None)
    factories.item(meeting, title="Budget", published_at=None)
    return meeting, item, ours, theirs


def edit(client, item: AgendaItem, minutes_ids: list[int], **fields):
    prefix = f"item{item.pk}"
    data = {
        f"{prefix}-title": item.title,
        f"{prefix}-kind": item.kind,
        f"{prefix}-version": item.version,
        f"{prefix}-confirms_minutes": minutes_ids,
    } | {f"{prefix}-{key}": value for key, value in fields.items()}
    return client.post(url("item_edit", item.meeting, item_id=item.pk), data)


def test_an_item_submits_the_minutes_of_two_meetings_and_their_papers_join_it(officer_client, coming):
    meeting, item, ours, theirs = coming
    form_page = officer_client.get(url("item_edit", meeting, item_id=item.pk)).content.decode()
    assert "Minutes it submits for confirmation" in form_page and "Overview and Scrutiny Board" in form_page

    response = edit(officer_client, item, [ours.pk, theirs.pk])

    assert response.status_code == 302
    assert set(item.confirms_minutes.all()) == {ours, theirs}
    papers = {paper.minutes_id: paper.title for paper in item.documents.all()}
    held = theirs.meeting.date
    assert papers[theirs.pk] == f"Minutes of the meeting of the Overview and Scrutiny Board held on {held:%-d %B %Y}"
    assert papers[ours.pk] == f"Minutes of the meeting held on {ours.meeting.date:%-d %B %Y}"
    reason = item.history.order_by("-history_date").first().history_change_reason
    assert reason.startswith(f"Submits the minutes of {meeting.panel.name}, {ours.meeting.date:%-d %B %Y}; Overview")

    # Unticked again before publication: the unpublished paper goes with it.
    item.refresh_from_db()
    edit(officer_client, item, [ours.pk])
    assert [paper.minutes_id for paper in item.documents.all()] == [ours.pk]


def test_a_submitted_draft_gets_its_paper_when_the_agenda_is_published_after_it(officer_user, officer_client, coming):
    meeting, item, ours, _ = coming
    draft = held_minutes(factories.panel(), 7, by=officer_user, publish=False)
    edit(officer_client, item, [draft.pk])
    assert not item.documents.exists()
    minutes_services.publish_draft(draft, by=officer_user)
    publish_agenda(meeting, by=officer_user)
    assert [paper.minutes_id for paper in item.documents.all()] == [draft.pk]


def test_only_earlier_minutes_of_the_same_council_can_be_chosen(officer_client, officer_user, coming):
    meeting, item, ours, _ = coming
    later = held_minutes(factories.panel(), 0, by=officer_user)
    Meeting.objects.filter(pk=later.meeting_id).update(date=meeting.date + datetime.timedelta(days=7))
    elsewhere_council = Council.objects.create(slug="elsewhere", name="Elsewhere Borough Council")
    elsewhere = held_minutes(factories.panel(council=elsewhere_council), 10, by=officer_user)
    page = officer_client.get(url("item_edit", meeting, item_id=item.pk)).content.decode()
    assert f'value="{later.pk}"' not in page and f'value="{elsewhere.pk}"' not in page
    for refused in (later, elsewhere):
        response = edit(officer_client, item, [refused.pk])
        assert response.status_code == 422
        assert "Choose minutes from the list" in response.content.decode()
    assert not item.confirms_minutes.exists()


def test_the_service_itself_refuses_later_minutes_naming_the_meeting(officer_user, coming):
    """Behind the form's choices, the service refuses in words: the meeting named by panel and date."""
    meeting, item, _, _ = coming
    later = held_minutes(factories.panel(name="Health Scrutiny Panel"), 0, by=officer_user)
    Meeting.objects.filter(pk=later.meeting_id).update(date=datetime.date(2031, 3, 4))
    later.meeting.refresh_from_db()
    with pytest.raises(Refused) as refused:
        update_item(item, version=item.version, by=officer_user, confirms_minutes=[later])
    assert str(refused.value) == (
        "The minutes of Health Scrutiny Panel, 4 March 2031 cannot be submitted here: choose minutes of an earlier "
        "meeting of this council."
    )
    assert not item.confirms_minutes.exists()


def test_publishing_warns_of_a_minutes_item_that_submits_none_and_of_drafts(officer_client, officer_user, coming):
    meeting, item, _, _ = coming
    page = officer_client.get(url("publish", meeting)).content.decode()
    assert f"Item {item.number} (Minutes of earlier meetings) submits no minutes" in page
    draft = held_minutes(factories.panel(name="Draft Panel"), 5, by=officer_user, publish=False)
    item.confirms_minutes.add(draft)
    page = officer_client.get(url("publish", meeting)).content.decode()
    assert "submits no minutes" not in page and "Draft Panel" in page and "still a draft" in page


def test_exempt_minutes_an_item_submits_reach_only_the_members_pack(officer_client, officer_user, role_client, coming):
    meeting, item, ours, theirs = coming
    edit(officer_client, item, [ours.pk, theirs.pk])
    packs = {build.pack.variant: build.pack for build in publish_agenda(meeting, by=officer_user)}
    assert MARKER in pack_text(packs["members"])
    assert MARKER not in pack_text(packs["public"])
    role, client = role_client
    paper = item.documents.get(minutes=ours)
    for page in (meeting.get_absolute_url(), paper.get_absolute_url()):
        content = client.get(page).content.decode()
        if role != "officer":
            assert MARKER not in content, (role, page)
