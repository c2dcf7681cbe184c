"""One visibility rule, three ways of asking it: the querysets (SQL), their instance twins (Python) and the search
index (columns written by the twins, read by the same `readable`). A property over random worlds: two panels,
meetings either side of a municipal year's first day, items and papers exempt or not and published or not,
minutes in every status with minutes tied to (exempt) items, a paper made from earlier minutes, pack versions
(withdrawn or not), a councillor's seats with and without start and end dates, and their attendance; then changes
after the fact (an item made exempt or not, minutes unpublished). For every audience the three answers agree, and
the councillor's exempt access is exactly the rule as written in the issue."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.audience import OFFICER, PUBLIC, audience_for, members_of
from meetings.models import AgendaItem, AgendaPack, Document, Meeting, Membership, PackWithdrawal
from meetings.municipal_year import MunicipalYear
from minutes.models import Action, Attendance, Declaration, MinuteEntry, Minutes, Resolution
from portal.models import SearchEntry
from tests import factories
from tests.minutes import builders

pytestmark = pytest.mark.django_db

# Meetings fall in the 120 days from 1 April 2031: April is municipal year 2030/31, May onwards 2031/32.
FIRST_DAY = datetime.date(2031, 4, 1)
DAYS = 120
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

days = st.integers(min_value=0, max_value=DAYS - 1)
maybe_day = st.one_of(st.none(), days)
paper = st.fixed_dictionaries({"exempt": st.booleans(), "published": st.booleans()})
item = st.fixed_dictionaries(
    {"exempt": st.booleans(), "published": st.booleans(), "papers": st.lists(paper, max_size=2)}
)
minute = st.fixed_dictionaries(
    {"exempt": st.booleans(), "item": st.one_of(st.none(), st.integers(0, 2)), "declaration": st.booleans()}
)
meeting = st.fixed_dictionaries(
    {
        "panel": st.integers(0, 1),
        "day": days,
        "items": st.lists(item, max_size=3),
        "minutes": st.sampled_from([None, "draft", "published", "confirmed"]),
        "minute_entries": st.lists(minute, max_size=3),
        "attendance": st.sampled_from([None, "present", "substitute", "attending", "apologies", "absent"]),
        "packs": st.lists(st.tuples(st.sampled_from(["public", "members"]), st.booleans()), max_size=2),
    }
)
seat = st.fixed_dictionaries(
    {"panel": st.integers(0, 1), "year": st.sampled_from([2030, 2031]), "starts": maybe_day, "ends": maybe_day}
)
world = st.fixed_dictionaries(
    {
        "meetings": st.lists(meeting, min_size=1, max_size=3, unique_by=lambda m: (m["panel"], m["day"])),
        "seats": st.lists(seat, max_size=3, unique_by=lambda s: (s["panel"], s["year"])),
        "minutes_paper": st.booleans(),
        "flip_item": st.one_of(st.none(), st.integers(0, 8)),
        "unpublish_minutes": st.one_of(st.none(), st.integers(0, 2)),
        "members_of": st.integers(0, 2),
    }
)


def day(offset: int | None) -> datetime.date | None:
    return None if offset is None else FIRST_DAY + datetime.timedelta(days=offset)


def build(spec: dict, officer_user, django_user_model):
    panels = [factories.panel(), factories.panel()]
    councillor = builders.councillor("property-councillor", "Property")
    meetings = []
    for n, meeting_spec in enumerate(spec["meetings"]):
        meeting = factories.published_meeting(panels[meeting_spec["panel"]], date=day(meeting_spec["day"]))
        items = []
        for item_spec in meeting_spec["items"]:
            item = factories.item(
                meeting,
                description="described",
                exempt_paragraph=3 if item_spec["exempt"] else None,
                published_at=meeting.agenda_published_at if item_spec["published"] else None,
            )
            items.append(item)
            for paper_spec in item_spec["papers"]:
                factories.document(
                    item,
                    exempt_paragraph=1 if paper_spec["exempt"] else None,
                    published_at=item.published_at if paper_spec["published"] else None,
                )
        if meeting_spec["minutes"]:
            minutes = factories.minutes(meeting, status=meeting_spec["minutes"])
            for minute_spec in meeting_spec["minute_entries"]:
                tied = items[minute_spec["item"] % len(items)] if minute_spec["item"] is not None and items else None
                entry = factories.minute_entry(
                    minutes, agenda_item=tied, exempt_paragraph=7 if minute_spec["exempt"] else None
                )
                factories.resolution(entry)
                Action.objects.create(entry=entry, description=f"Action on {entry.heading}")
                if minute_spec["declaration"]:
                    Declaration.objects.create(minutes=minutes, kind="other", text="Knows the site", agenda_item=tied)
            if meeting_spec["attendance"]:
                Attendance.objects.create(minutes=minutes, category=meeting_spec["attendance"], councillor=councillor)
        for version, (variant, withdrawn) in enumerate(meeting_spec["packs"], start=1):
            pack = AgendaPack.objects.create(
                meeting=meeting,
                variant=variant,
                version=version,
                file=f"packs/property-{n}-{version}.pdf",
                sha256="0" * 64,
                size=1,
                page_count=1,
                fingerprint="x",
                build_seconds=0,
            )
            if withdrawn and variant == "public":
                PackWithdrawal.objects.create(pack=pack, reason="Exempt after publication", withdrawn_by=officer_user)
        meetings.append(meeting)
    with_minutes = [m for m in meetings if hasattr(m, "minutes")]
    later_items = [i for i in AgendaItem.objects.filter(meeting__in=meetings).select_related("meeting")]
    if spec["minutes_paper"] and with_minutes and later_items:
        # A paper made from (another or the same) meeting's minutes, as publishing the next agenda attaches.
        item = later_items[-1]
        Document.objects.create(
            meeting=item.meeting,
            agenda_item=item,
            slug="minutes-paper",
            title="Minutes of the previous meeting",
            kind=Document.Kind.MINUTES,
            minutes=with_minutes[0].minutes,
            published_at=item.meeting.agenda_published_at,
        )
    for seat_spec in spec["seats"]:
        year = MunicipalYear(seat_spec["year"])
        Membership.objects.create(
            panel=panels[seat_spec["panel"]],
            councillor=councillor,
            municipal_year=year.start_year,
            starts_on=day(seat_spec["starts"]),
            ends_on=day(seat_spec["ends"]),
        )
    # Changes after the fact, which the search index must follow through its signals.
    all_items = list(AgendaItem.objects.filter(meeting__in=meetings).order_by("pk"))
    if spec["flip_item"] is not None and all_items:
        item = all_items[spec["flip_item"] % len(all_items)]
        item.exempt_paragraph = None if item.exempt_paragraph else 2
        item.save()
    if spec["unpublish_minutes"] is not None and with_minutes:
        minutes = with_minutes[spec["unpublish_minutes"] % len(with_minutes)].minutes
        minutes.status = Minutes.Status.DRAFT
        minutes.save()
    user = django_user_model.objects.create_user(
        email="property@example.org", password="x" * 20, role="councillor", councillor=councillor
    )
    return panels, meetings, councillor, user


def exempt_access_as_written(councillor, meeting: Meeting) -> bool:
    """The rule in the words of the issue: a seat on the meeting's panel on its day (its municipal year, narrowed
    by its start and end dates), or attendance at it as a member or substitute."""
    for seat in Membership.objects.filter(councillor=councillor, panel_id=meeting.panel_id):
        in_year = MunicipalYear.containing(meeting.date).start_year == seat.municipal_year
        started = seat.starts_on is None or seat.starts_on <= meeting.date
        not_ended = seat.ends_on is None or seat.ends_on >= meeting.date
        if in_year and started and not_ended:
            return True
    return Attendance.objects.filter(
        minutes__meeting=meeting, councillor=councillor, category__in=["present", "substitute"]
    ).exists()


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def search_ids(audience, kind: str, meetings) -> set[int]:
    return set(
        SearchEntry.objects.visible_to(audience)
        .filter(kind=kind, meeting__in=meetings)
        .values_list("object_id", flat=True)
    )


def assert_one_answer(audience, meetings) -> None:
    documents = Document.objects.filter(meeting__in=meetings)
    papers = list(documents.select_related("meeting", "agenda_item", "minutes"))
    assert ids(documents.visible_to(audience)) == {d.pk for d in papers if d.is_visible_to(audience)}
    assert search_ids(audience, "document", meetings) == {d.pk for d in papers if d.is_visible_to(audience)}
    assert ids(Document.objects.exempt().filter(meeting__in=meetings)) == {d.pk for d in papers if d.is_exempt}

    items = AgendaItem.objects.filter(meeting__in=meetings)
    loaded = list(items.select_related("meeting"))
    listed = items.visible_to(audience)
    assert ids(listed) == {i.pk for i in loaded if i.is_visible_to(audience)}
    readable = {i.pk for i in loaded if i.is_readable_by(audience)}
    assert ids(listed.filter(is_restricted=False)) == readable == search_ids(audience, "agenda_item", meetings)

    entries = MinuteEntry.objects.filter(minutes__meeting__in=meetings)
    minutes = list(entries.select_related("minutes__meeting", "agenda_item"))
    visible = {e.pk for e in minutes if e.is_visible_to(audience)}
    assert ids(entries.visible_to(audience)) == visible == search_ids(audience, "minute", meetings)
    assert ids(entries.exempt()) == {e.pk for e in minutes if e.is_exempt}

    resolutions = Resolution.objects.filter(entry__minutes__meeting__in=meetings)
    loaded = list(resolutions.select_related("entry__minutes__meeting", "entry__agenda_item"))
    visible = {r.pk for r in loaded if r.is_visible_to(audience)}
    assert ids(resolutions.visible_to(audience)) == visible == search_ids(audience, "resolution", meetings)

    actions = Action.objects.filter(entry__minutes__meeting__in=meetings)
    loaded = list(actions.select_related("entry__minutes__meeting", "entry__agenda_item"))
    assert ids(actions.visible_to(audience)) == {a.pk for a in loaded if a.entry.is_visible_to(audience)}

    declarations = Declaration.objects.filter(minutes__meeting__in=meetings)
    loaded = list(declarations.select_related("minutes__meeting", "agenda_item"))
    assert ids(declarations.visible_to(audience)) == {d.pk for d in loaded if d.is_visible_to(audience)}

    packs = AgendaPack.objects.filter(meeting__in=meetings)
    loaded = list(packs.select_related("meeting", "withdrawal"))
    assert ids(packs.visible_to(audience)) == {p.pk for p in loaded if p.is_visible_to(audience)}

    meeting_rows = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
    assert ids(meeting_rows.exempt_readable_by(audience)) == {m.pk for m in meetings if audience.may_read_exempt(m)}


@PROPERTY
@given(spec=world)
def test_queryset_instance_twin_and_search_give_one_answer(spec, officer_user, django_user_model):
    with transaction.atomic():
        try:
            panels, meetings, councillor, user = build(spec, officer_user, django_user_model)
            councillor_audience = audience_for(user)
            # The councillor's exempt access is the rule as written, meeting by meeting.
            assert {m.pk: councillor_audience.may_read_exempt(m) for m in meetings} == {
                m.pk: exempt_access_as_written(councillor, m) for m in meetings
            }
            chosen = meetings[spec["members_of"] % len(meetings)]
            audiences = [
                PUBLIC,
                OFFICER,
                councillor_audience,
                members_of(chosen.pk, confirming=[meetings[0].pk]),
            ]
            for audience in audiences:
                assert_one_answer(audience, meetings)
        finally:
            transaction.set_rollback(True)
