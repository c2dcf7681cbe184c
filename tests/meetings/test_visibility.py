"""The visibility querysets: the one rule for what each audience may read."""

import pytest

from meetings.audience import OFFICER, PUBLIC, audience_for, members_of
from meetings.models import AgendaItem, Document
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_with_exempt_item():
    meeting = factories.published_meeting()
    factories.item(meeting, title="Public item", description="open")
    exempt = factories.item(meeting, title="Exempt item", description="closed", exempt_paragraph=1)
    factories.document(exempt, slug="closed-paper")
    factories.item(meeting, title="Unpublished", published_at=None)
    return meeting


def test_public_sees_published_items_with_exempt_description_blanked(meeting_with_exempt_item):
    items = {
        item.title: item for item in AgendaItem.objects.visible_to(PUBLIC).filter(meeting=meeting_with_exempt_item)
    }
    assert set(items) == {"Public item", "Exempt item"}
    assert items["Exempt item"].visible_description == "" and items["Exempt item"].is_restricted
    assert items["Public item"].visible_description == "open" and not items["Public item"].is_restricted


def test_councillor_of_the_panel_reads_exempt_items(meeting_with_exempt_item):
    audience = members_of(meeting_with_exempt_item.panel_id, meeting_with_exempt_item.date)
    items = {
        item.title: item for item in AgendaItem.objects.visible_to(audience).filter(meeting=meeting_with_exempt_item)
    }
    assert items["Exempt item"].visible_description == "closed"
    assert Document.objects.visible_to(audience).filter(slug="closed-paper").exists()


def test_councillor_of_another_panel_does_not(meeting_with_exempt_item):
    audience = members_of(factories.panel().pk, meeting_with_exempt_item.date)
    items = {
        item.title: item for item in AgendaItem.objects.visible_to(audience).filter(meeting=meeting_with_exempt_item)
    }
    assert items["Exempt item"].visible_description == ""
    assert not Document.objects.visible_to(audience).filter(slug="closed-paper").exists()


def test_officers_see_everything_including_unpublished(meeting_with_exempt_item):
    titles = set(
        AgendaItem.objects.visible_to(OFFICER).filter(meeting=meeting_with_exempt_item).values_list("title", flat=True)
    )
    assert titles == {"Public item", "Exempt item", "Unpublished"}
    assert Document.objects.visible_to(OFFICER).filter(slug="closed-paper").exists()


def test_public_never_gets_exempt_or_unpublished_papers(meeting_with_exempt_item):
    public_item = meeting_with_exempt_item.agenda_items.get(title="Public item")
    factories.document(public_item, slug="draft-paper", published_at=None)
    factories.document(public_item, slug="exempt-appendix", exempt_paragraph=2)
    factories.document(public_item, slug="open-paper")
    slugs = set(
        Document.objects.visible_to(PUBLIC).filter(meeting=meeting_with_exempt_item).values_list("slug", flat=True)
    )
    assert slugs == {"open-paper"}


def test_audience_for_anonymous_and_staff(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert audience_for(AnonymousUser()) == PUBLIC
    officer = django_user_model.objects.create_user(email="s@example.org", password="x" * 20, role="officer")
    assert audience_for(officer).is_officer
    inactive = django_user_model.objects.create_user(
        email="i@example.org", password="x" * 20, role="officer", is_active=False
    )
    assert audience_for(inactive) == PUBLIC
