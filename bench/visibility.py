"""The exempt access filter in three shapes, on a throwaway database of six years of twenty panels:

- "arrays" (what the portal uses): the audience's seats and meetings passed as array parameters;
- "EXISTS": a subquery on Membership (with the seat's date bounds) and one on the attendance, per row;
- "per seat": one OR-ed condition per seat and the attended meetings listed (the shape replaced).

For councillors with 3, 18 and 60 seats (and 40 meetings attended), prints the SQL size (without parameters) and
PostgreSQL's own execution time (the best of several EXPLAIN ANALYZE runs, so that a busy machine disturbs it
little) of three reads that councillor pages make: the papers of one meeting, all the papers they may open (a
count) and the search entries they may find (a count); then the time to compute the audience (one query).

    .venv/bin/python bench/visibility.py
"""

import datetime
import os
import random
import re
import statistics
import time
from functools import reduce
from operator import or_

from _django import bench_database

os.environ.setdefault("PORTAL_TEST_DATABASE", "test_portal_bench_visibility")

PANELS = 20
FIRST_YEAR = 2020
YEARS = 6
MEETINGS_PER_YEAR = 7
ITEMS_PER_MEETING = 10
PAPERS_PER_ITEM = 2
EXEMPT_SHARE = 0.05
RUNS = 15
rng = random.Random(20211)


def build():
    from django.utils import timezone

    from meetings.models import AgendaItem, Council, Councillor, Document, Meeting, Panel
    from minutes.models import Minutes

    council = Council.objects.create(name="Bench Borough Council", slug="bench-council")
    panels = Panel.objects.bulk_create(
        Panel(council=council, name=f"Bench panel {n}", slug=f"bench-panel-{n}") for n in range(PANELS)
    )
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(panel=panel, date=datetime.date(year, 5, 10) + datetime.timedelta(days=49 * n), agenda_published_at=now)
        for panel in panels
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS)
        for n in range(MEETINGS_PER_YEAR)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=n,
            number=str(n),
            title=f"Item {n}",
            published_at=now,
            exempt_paragraph=3 if rng.random() < EXEMPT_SHARE else None,
        )
        for meeting in meetings
        for n in range(1, ITEMS_PER_MEETING + 1)
    )
    Document.objects.bulk_create(
        Document(
            meeting_id=item.meeting_id,
            agenda_item=item,
            position=n,
            slug=f"paper-{item.pk}-{n}",
            title=f"Paper {n} of item {item.pk}",
            body_html="<p>Report.</p>",
            published_at=now,
            exempt_paragraph=1 if rng.random() < EXEMPT_SHARE else None,
        )
        for item in items
        for n in range(PAPERS_PER_ITEM)
    )
    Minutes.objects.bulk_create(Minutes(meeting=meeting, status="confirmed") for meeting in meetings)
    councillors = Councillor.objects.bulk_create(
        Councillor(council=council, slug=f"bench-councillor-{n}", initials="B", surname=f"Bench{n}") for n in range(3)
    )
    return panels, meetings, councillors


def give_seats(councillor, panels, meetings, seats: int, attended: int):
    from meetings.models import Membership
    from minutes.models import Attendance, Minutes

    pairs = [(panel, year) for panel in panels for year in range(FIRST_YEAR, FIRST_YEAR + YEARS)]
    rng.shuffle(pairs)
    Membership.objects.bulk_create(
        Membership(
            panel=panel,
            councillor=councillor,
            municipal_year=year,
            starts_on=datetime.date(year, 9, 1) if n % 4 == 1 else None,
            ends_on=datetime.date(year + 1, 1, 31) if n % 4 == 2 else None,
        )
        for n, (panel, year) in enumerate(pairs[:seats])
    )
    minutes = {m.meeting_id: m for m in Minutes.objects.all()}
    Attendance.objects.bulk_create(
        Attendance(minutes=minutes[meeting.pk], category="substitute", councillor=councillor)
        for meeting in rng.sample(meetings, attended)
    )


def per_seat_filter(audience, meeting: str, panel: str | None = None, date: str | None = None):
    """The shape replaced: one condition per seat, and the attended meetings listed."""
    from django.db.models import Q

    panel = panel or f"{meeting}__panel_id"
    date = date or f"{meeting}__date"
    conditions = [
        Q(**{panel: seat.panel_id, f"{date}__range": (seat.first_day, seat.last_day)}) for seat in audience.seats
    ]
    conditions.append(Q(**{f"{meeting}_id__in": sorted(audience.attended)}))
    return reduce(or_, conditions)


def exists_filter(audience, meeting: str, panel: str | None = None, date: str | None = None):
    """The EXISTS shape: the database looks the seats and the attendance up for each row."""
    from django.db.models import Exists, OuterRef, Q

    from meetings.audience import ATTENDED_AS_MEMBER
    from meetings.models import Meeting, Membership

    panel = panel or f"{meeting}__panel_id"
    date = date or f"{meeting}__date"
    seat = Membership.objects.filter(councillor_id=audience.councillor_id, panel_id=OuterRef(panel)).serving_on(
        OuterRef(date)
    )
    attended = Meeting.objects.filter(
        pk=OuterRef(f"{meeting}_id"),
        minutes__attendance__councillor_id=audience.councillor_id,
        minutes__attendance__category__in=ATTENDED_AS_MEMBER,
    )
    return Q(Exists(seat)) | Q(Exists(attended))


def server_ms(queryset, runs: int = RUNS) -> float:
    """PostgreSQL's execution time, the best of `runs`."""
    times = []
    for _ in range(runs):
        plan = queryset.explain(analyze=True)
        times.append(float(re.search(r"Execution Time: ([0-9.]+) ms", plan).group(1)))
    return min(times)


def median_ms(function) -> float:
    function()  # warm
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    with bench_database(seed=False):
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.db.models import Q

        from meetings.audience import audience_for
        from meetings.models import Document
        from portal.models import SearchEntry
        from portal.search_index import rebuild

        panels, meetings, councillors = build()
        started = time.perf_counter()
        entries = rebuild()
        print(
            f"{len(meetings)} meetings, {Document.objects.count()} papers, {entries} search entries "
            f"(indexed in {time.perf_counter() - started:.1f} s)"
        )
        User = get_user_model()
        exempt = Q(exempt_paragraph__isnull=False) | Q(agenda_item__exempt_paragraph__isnull=False)
        published = Document.objects.published_q()
        one_meeting = meetings[len(meetings) // 2]
        print(
            f"{'seats':>5} {'shape':<9} {'SQL chars':>9} {'one meeting ms':>14} {'all papers ms':>13} "
            f"{'search ms':>9} {'readable':>8}"
        )
        for councillor, seats in zip(councillors, (3, 18, 60), strict=True):
            give_seats(councillor, panels, meetings, seats, attended=40)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            user = User.objects.create_user(
                email=f"{councillor.slug}@example.org", password="x" * 20, role="councillor", councillor=councillor
            )
            audience_ms = median_ms(lambda user=user: audience_for(user))
            audience = audience_for(user)
            shapes = {
                "arrays": (
                    audience.exempt_readable("meeting"),
                    audience.exempt_readable("meeting", panel="panel_id", date="date"),
                ),
                "EXISTS": (exists_filter(audience, "meeting"), exists_filter(audience, "meeting", "panel_id", "date")),
                "per seat": (
                    per_seat_filter(audience, "meeting"),
                    per_seat_filter(audience, "meeting", "panel_id", "date"),
                ),
            }
            for shape, (papers_filter, search_filter) in shapes.items():
                papers = Document.objects.filter(published & (~exempt | papers_filter))
                found = SearchEntry.objects.filter(
                    Q(published=True) & (Q(exempt_paragraph__isnull=True) | search_filter)
                )
                sql = len(papers.query.sql_with_params()[0])
                one = server_ms(papers.filter(meeting=one_meeting))
                every = server_ms(papers.order_by())
                search = server_ms(found.order_by())
                print(f"{seats:>5} {shape:<9} {sql:>9} {one:>14.2f} {every:>13.2f} {search:>9.2f} {papers.count():>8}")
            print(f"{seats:>5} audience computed in {audience_ms:.2f} ms (one query)")


if __name__ == "__main__":
    main()
