"""Every page type, as the public, a councillor and an officer, passes the W3C Nu HTML Checker with no error.

The pages come from the leak hunt's crawl (every link, GET form and htmx URL from the entry points), grouped by
the view that answered; a few pages per view are checked, each role's in one Java process. htmx fragments and the
Django admin (administrators only, Django's own markup) are left out: fragments are not documents, and the
browser tests check the pages they are swapped into.
"""

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from meetings.models import Membership, Panel
from tests.nu_checker import nu_errors
from tests.portal.test_leak_hunt import Links, starts_for, text_of
from tests.portal.test_leak_hunt import exempt_world as exempt_world  # the fixture, shared with the leak hunt

PAGES_PER_VIEW = 2
SEED_STARTS = [
    "/panels/children-and-young-peoples-social-care-and-services/meetings/2021-09-21/",
    "/panels/children-and-young-peoples-social-care-and-services/meetings/2021-09-21/front-sheet/",
    "/panels/children-and-young-peoples-social-care-and-services/meetings/2021-07-27/minutes/",
    "/meetings/2021/9/",
    "/search/?q=locality",
    "/search/?q=zzznothing",
    "/accessibility/",
    "/no-such-page/",
    "/panels/children-and-young-peoples-social-care-and-services/recommendations/",
    "/panels/children-and-young-peoples-social-care-and-services/recommendations/1/",
    "/panels/children-and-young-peoples-social-care-and-services/decisions/",
]


def view_name(path: str) -> str | None:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return "404"
    return match.view_name


def pages_by_view(client, starts: list[str]) -> dict[str, str]:
    """A few full HTML pages of each view reachable from the starts: path -> markup. Like the leak hunt's crawl,
    but a URL is not fetched once its view has enough pages, so every view is reached in few requests."""
    chosen: dict[str, str] = {}
    per_view: dict[str, int] = {}
    seen: set[str] = set()
    queue = deque(starts)
    while queue:
        parts = urlsplit(queue.popleft())
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.netloc not in ("", "testserver") or not path.startswith("/") or path in seen:
            continue
        seen.add(path)
        if path.startswith(("/admin/", "/static/", "/accounts/sign-out/")):
            continue
        name = view_name(path)
        if per_view.get(name, 0) >= PAGES_PER_VIEW:
            continue
        response = client.get(path)
        content_type = response.get("Content-Type", "")
        if not content_type.startswith("text/html") or response.status_code in (301, 302):
            per_view[name] = PAGES_PER_VIEW  # a file, a feed or a redirect: no HTML page of this view to check
            continue
        body = text_of(response)
        per_view[name] = per_view.get(name, 0) + 1
        chosen[path] = body
        links = Links()
        links.feed(body)
        queue.extend(urljoin(path, link) for link, _ in sorted(links.urls))
    return chosen


@pytest.fixture
def seed_panel_member(councillor_user):
    """The councillor also sat on the seed panel in 2021/22, so they read its members' material."""
    Membership.objects.create(
        panel=Panel.objects.get(pk=1), councillor=councillor_user.councillor, municipal_year=2021, position=10
    )


@pytest.mark.usefixtures("seed", "seed_panel_member")
@pytest.mark.parametrize("who", ["anonymous", "councillor", "officer"])
def test_every_page_type_passes_the_nu_html_checker(who, exempt_world, request, client):
    reader = client if who == "anonymous" else request.getfixturevalue(f"{who}_client")
    meeting, past = exempt_world
    extra = []
    if who == "officer":
        slug = meeting.panel.slug
        extra = [
            f"/manage/panels/{slug}/meetings/{meeting.date}/agenda/",
            f"/manage/panels/{slug}/meetings/{past.date}/minutes/",
            f"/manage/panels/{slug}/meetings/{past.date}/minutes/history/",
            "/manage/imports/",
            f"/manage/panels/{slug}/schedule/past/",
            f"/manage/panels/{slug}/meetings/{meeting.date}/agenda/items/{meeting.agenda_items.first().pk}/edit/",
            "/manage/exempt-information/",
            "/manage/retention/",
            f"/manage/exempt-information/items/{meeting.agenda_items.get(title='Contract award').pk}/release/",
            f"/manage/panels/{slug}/meetings/{meeting.date}/agenda/papers/"
            f"{meeting.documents.get(slug='tender').pk}/background-papers/",
            # Council set-up (the accounts pages are the administrators': see tests/meetings/test_council_setup.py).
            "/manage/councils/",
            "/manage/councils/new/",
            f"/manage/councils/{meeting.panel.council.slug}/",
            f"/manage/councils/{meeting.panel.council.slug}/edit/",
            f"/manage/councils/{meeting.panel.council.slug}/panels/new/",
            f"/manage/councils/{meeting.panel.council.slug}/councillors/new/",
            f"/manage/councils/{meeting.panel.council.slug}/officers/new/",
            f"/manage/panels/{slug}/edit/",
            f"/manage/panels/{slug}/retire/",
            "/manage/panels/children-and-young-peoples-social-care-and-services/membership/2021/",
            "/manage/councillors/1/edit/",
            "/manage/officers/1/edit/",
            "/manage/seats/1/edit/",
            "/manage/seats/1/remove/",
        ]
    pages = pages_by_view(reader, extra + SEED_STARTS + starts_for(meeting, past))
    assert len(pages) > 12, sorted(pages)
    errors = nu_errors(pages)
    print(f"Nu HTML Checker, {who}: {len(pages)} pages, {sum(map(len, errors.values()))} errors")  # for the notes
    report = "\n".join(f"{path}:\n  " + "\n  ".join(messages[:8]) for path, messages in errors.items())
    assert errors == {}, f"{sum(map(len, errors.values()))} errors on {len(errors)} of {len(pages)} pages:\n{report}"
