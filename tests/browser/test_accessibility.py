"""WCAG 2.2 AA in a real browser: on every page type, axe-core and HTML_CodeSniffer find no error and the page
reflows at 320 CSS pixels without sideways scrolling; keyboard users can skip to the content and always see where
the focus is."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.fixtures import conformance_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANEL = "/panels/children-and-young-peoples-social-care-and-services"
PASSWORD = "a-long-browser-password-9"

PUBLIC_PAGES = [
    "/",
    "/panels/",
    f"{PANEL}/",
    "/panels/overview-and-scrutiny-board/",
    f"{PANEL}/meetings/2021-09-21/",
    f"{PANEL}/meetings/2021-07-27/minutes/",
    f"{PANEL}/meetings/2021-09-21/documents/locality-working/",
    f"{PANEL}/meetings/2021-09-21/documents/commissioners-12-month-review/",
    f"{PANEL}/meetings/2021-09-21/front-sheet/",
    f"{PANEL}/actions/",
    f"{PANEL}/recommendations/",
    f"{PANEL}/recommendations/1/",
    f"{PANEL}/decisions/",
    "/search/?q=locality+working",
    "/search/?q=zzznothing",
    "/meetings/",
    "/meetings/2021/9/",
    "/accounts/sign-in/",
    "/accounts/password/reset/",
    "/accessibility/",
    "/no-such-page/",
]


def officer_and_meeting():
    from meetings.models import Panel
    from meetings.planning import add_meeting
    from portal.models import User

    officer = User.objects.create_user(email="a11y.officer@example.org", password=PASSWORD, role="officer")
    meeting = add_meeting(
        Panel.objects.get(pk=1),
        date=timezone.localdate() + datetime.timedelta(days=40),
        start_time=datetime.time(16),
        venue="Town Hall",
        by=officer,
    )
    return officer, meeting


def assert_accessible(page, url: str) -> None:
    problems = conformance_problems(page)
    assert problems == {}, f"{url}: {problems}"


def check_pages(page, base: str, paths: list[str]) -> dict[str, dict]:
    """Visit each page once and run every checker on it: path -> the problems found."""
    found = {}
    for path in paths:
        response = page.goto(base + path)
        assert response.status < 400 or path == "/no-such-page/", f"{path} answered {response.status}"
        if problems := conformance_problems(page):
            found[path] = problems
    return found


def summary(found: dict[str, dict]) -> str:
    counts: dict[str, int] = {}
    for problems in found.values():
        for checker, items in problems.items():
            counts[checker] = counts.get(checker, 0) + (len(items) if isinstance(items, list) else 1)
    return f"per checker: {counts}\n" + "\n".join(f"{path}: {problems}" for path, problems in found.items())


def test_public_pages_pass_both_engines_and_reflow(seeded_live_server, axe_page):
    found = check_pages(axe_page, seeded_live_server.url, PUBLIC_PAGES)
    assert found == {}, summary(found)


def test_officer_pages_pass_both_engines_and_reflow(seeded_live_server, axe_page):
    officer, meeting = officer_and_meeting()
    base = seeded_live_server.url
    sign_in(axe_page, base, officer.email, PASSWORD)
    slug, date = meeting.panel.slug, meeting.date.isoformat()
    item = meeting.agenda_items.first()
    pages = [
        "/manage/",
        f"/manage/panels/{slug}/schedule/",
        f"/manage/panels/{slug}/schedule/add/",
        f"/manage/panels/{slug}/schedule/past/",
        f"/manage/panels/{slug}/work-programme/2021/",
        f"/manage/panels/{slug}/meetings/{date}/agenda/",
        f"/manage/panels/{slug}/meetings/{date}/agenda/details/",
        f"/manage/panels/{slug}/meetings/{date}/agenda/items/{item.pk}/edit/",
        f"/manage/panels/{slug}/meetings/{date}/agenda/items/{item.pk}/papers/upload/",
        f"/manage/panels/{slug}/meetings/{date}/agenda/items/{item.pk}/papers/write/",
        f"/manage/panels/{slug}/meetings/{date}/agenda/publish/",
        f"/manage/panels/{slug}/meetings/{date}/history/",
        f"/manage/panels/{slug}/meetings/{date}/move/",
        f"/manage/panels/{slug}/meetings/{date}/cancel/",
        f"/manage/panels/{slug}/meetings/2021-07-27/minutes/",
        f"/manage/panels/{slug}/actions/",
        f"/manage/panels/{slug}/recommendations/",
        f"/manage/panels/{slug}/recommendations/add/",
        f"/manage/panels/{slug}/recommendations/1/",
        f"/manage/panels/{slug}/decisions/",
        f"/manage/panels/{slug}/decisions/add/",
        "/manage/decisions/open-to-call-in/",
        f"{PANEL}/meetings/2021-09-21/",
        f"{PANEL}/meetings/2021-09-21/front-sheet/",
        f"/manage/panels/{slug}/meetings/2021-09-21/agenda/",
    ]
    # A paper uploaded as a PDF: its page and its reading copy.
    from meetings.services import attach_pdf
    from tests.pdfs import make_pdf

    paper = attach_pdf(item, make_pdf(["Budget monitoring report"]), title="Budget monitoring", published_at=None)
    pages += [paper.get_absolute_url(), paper.get_absolute_url() + "text/"]
    # Exempt information (with a release date due, so the home page lists it), background papers, retention.
    from meetings.models import Document
    from meetings.services import add_background_paper

    Document.objects.filter(pk=paper.pk).update(
        exempt_paragraph=3, exemption_reasons="The lease is under negotiation.", exempt_until=timezone.localdate()
    )
    seed_report = Document.objects.filter(meeting__date=datetime.date(2021, 9, 21), body_html__gt="").first()
    add_background_paper(seed_report, title="Ofsted letter", inspection="Democratic Services", by=officer)
    pages += [
        "/manage/exempt-information/",
        f"/manage/exempt-information/papers/{paper.pk}/release/",
        f"/manage/panels/{slug}/meetings/{date}/agenda/papers/{paper.pk}/background-papers/",
        f"/manage/panels/{slug}/meetings/2021-09-21/agenda/papers/{seed_report.pk}/background-papers/",
        "/manage/retention/",
        seed_report.get_absolute_url(),
    ]
    found = check_pages(axe_page, base, pages)
    assert found == {}, summary(found)
    # The in-place editor, opened with htmx, and a form with errors.
    axe_page.goto(base + f"/manage/panels/{slug}/meetings/{date}/agenda/")
    axe_page.get_by_role("link", name=f"Edit item {item.number}").click()
    axe_page.wait_for_selector(".edit-item--editing")
    assert_accessible(axe_page, "agenda with an item being edited")
    axe_page.get_by_text("Add an item").click()
    axe_page.get_by_role("button", name="Add the item").click()
    axe_page.wait_for_selector(".error-message")
    assert_accessible(axe_page, "agenda with an error")


def test_import_pages_pass_both_engines_and_reflow(seeded_live_server, axe_page):
    """/manage/imports/: the runs, one run with every kind of warning, failure and task, and the page "Run again"
    leads to (with its message)."""
    from meetings.models import PARAGRAPH_NOT_SET, AgendaItem, Council
    from portal.imports.models import ImportRun
    from tests.imports.cases import CAPTURED

    officer, meeting = officer_and_meeting()
    item = AgendaItem.objects.filter(meeting=meeting).first()
    AgendaItem.objects.filter(pk=item.pk).update(exempt_paragraph=PARAGRAPH_NOT_SET)
    run = ImportRun.objects.create(
        council=Council.objects.create(name="Imported Borough Council", slug="imported-borough"),
        folder=str(CAPTURED),
        status=ImportRun.Status.DONE,
        summary={"meetings_created": 2, "papers_failed": 1, "panels_retired": 1},
        warnings=["Audit Committee: deleted in ModernGov, so the panel is retired as of 10 February 2026."],
        failures=[{"meeting": "4970", "error": "The meeting date '31/02/2026' is not a date written dd/mm/yyyy."}],
        tasks=[
            {"task": "exempt_paragraph", "meeting": "4967", "item": item.pk, "title": item.title},
            {"task": "restricted_paper", "meeting": "4967", "item": item.pk, "paper": "6095", "title": "Valuation"},
            {"task": "paper_failed", "meeting": "4967", "paper": "60860", "title": "Minutes", "detail": "503"},
        ],
    )
    base = seeded_live_server.url
    sign_in(axe_page, base, officer.email, PASSWORD)
    found = check_pages(axe_page, base, ["/manage/imports/", run.get_absolute_url()])
    assert found == {}, summary(found)
    axe_page.goto(base + run.get_absolute_url())
    axe_page.get_by_role("button", name="Run again").click()
    axe_page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1] != str(run.pk))
    assert "is queued" in axe_page.content()
    assert_accessible(axe_page, "an import run queued again, with its message")


SET_UP_PAGES = [
    "/manage/councils/",
    "/manage/councils/new/",
    "/manage/councils/middlesbrough/",
    "/manage/councils/middlesbrough/edit/",
    "/manage/councils/middlesbrough/panels/new/",
    "/manage/councils/middlesbrough/councillors/new/",
    "/manage/councils/middlesbrough/officers/new/",
    "/manage/councillors/1/edit/",
    "/manage/officers/1/edit/",
    f"/manage/panels/{PANEL.rsplit('/', 1)[1]}/edit/",
    f"/manage/panels/{PANEL.rsplit('/', 1)[1]}/retire/",
    f"/manage/panels/{PANEL.rsplit('/', 1)[1]}/membership/2021/",
    "/manage/seats/1/edit/",
    "/manage/seats/1/remove/",
    "/manage/accounts/",
    "/manage/accounts/invite/",
]


def test_council_set_up_pages_pass_both_engines_and_reflow(seeded_live_server, axe_page):
    from portal.models import User

    admin = User.objects.create_user(email="a11y.admin@example.org", password=PASSWORD, role="admin")
    base = seeded_live_server.url
    sign_in(axe_page, base, admin.email, PASSWORD)
    found = check_pages(axe_page, base, [*SET_UP_PAGES, f"/manage/accounts/{admin.pk}/"])
    assert found == {}, summary(found)
    # Forms with errors: a seat for a vacancy as chair, an invitation with nothing filled in.
    axe_page.goto(base + f"/manage/panels/{PANEL.rsplit('/', 1)[1]}/membership/2021/")
    axe_page.get_by_label("Role").select_option(label="Chair")
    axe_page.get_by_role("button", name="Add the seat").click()
    axe_page.wait_for_selector(".error-summary")
    assert_accessible(axe_page, "membership with an error")
    axe_page.goto(base + "/manage/accounts/invite/")
    axe_page.get_by_role("button", name="Send the invitation").click()
    axe_page.wait_for_selector(".error-summary")
    assert_accessible(axe_page, "invitation with an error")


def test_councillor_pages_pass_both_engines_and_reflow(seeded_live_server, axe_page):
    from meetings.models import Councillor, Membership
    from meetings.municipal_year import MunicipalYear
    from portal.models import User

    councillor = Councillor.objects.get(slug="d-davison")
    Membership.objects.create(
        panel_id=1, councillor=councillor, municipal_year=MunicipalYear.containing(timezone.localdate()).start_year
    )
    User.objects.create_user(email="a11y.cllr@example.org", password=PASSWORD, role="councillor", councillor=councillor)
    _, meeting = officer_and_meeting()
    sign_in(axe_page, seeded_live_server.url, "a11y.cllr@example.org", PASSWORD)
    pages = [
        "/accounts/my/",
        f"{PANEL}/meetings/{meeting.date.isoformat()}/apologies/",
        f"{PANEL}/meetings/2021-09-21/",
        f"{PANEL}/meetings/2021-09-21/front-sheet/",
        f"{PANEL}/meetings/2021-09-21/documents/locality-working/",
    ]
    found = check_pages(axe_page, seeded_live_server.url, pages)
    assert found == {}, summary(found)


def test_keyboard_users_skip_to_content_and_see_the_focus(seeded_live_server, page):
    page.goto(seeded_live_server.url + f"{PANEL}/meetings/2021-09-21/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    style = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert style == "rgb(255, 221, 0)", "the focused skip link is highlighted"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return s.backgroundColor + '|' + s.boxShadow + '|' + s.outlineStyle; })()"
        )
        assert "255, 221, 0" in outline, f"focus not visible: {outline}"
    assert page.problems == []


def test_pages_work_at_phone_width(seeded_live_server, page):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/", f"{PANEL}/meetings/2021-09-21/", f"{PANEL}/meetings/2021-09-21/documents/locality-working/"]:
        page.goto(seeded_live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at 360px"
    assert page.problems == []


def test_agenda_editor_keeps_the_focus_on_up_and_down_and_says_what_moved(seeded_live_server, page):
    officer, meeting = officer_and_meeting()
    sign_in(page, seeded_live_server.url, officer.email, PASSWORD)
    page.goto(seeded_live_server.url + f"/manage/panels/{meeting.panel.slug}/meetings/{meeting.date}/agenda/")
    items = list(meeting.agenda_items.order_by("position"))
    last = items[-1]
    button = page.locator(f"#move-item-{last.pk}-up")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id.startsWith('move-item-')")
    assert page.evaluate("document.activeElement.id") == f"move-item-{last.pk}-up"
    page.wait_for_function("() => document.getElementById('workspace-announcer').textContent.length > 0")
    said = page.evaluate("document.getElementById('workspace-announcer').textContent")
    assert f"now {len(items) - 1} of {len(items)}" in said
    page.keyboard.press("Enter")  # and again, from the keyboard, without touching the mouse
    page.wait_for_function(
        "n => document.getElementById('workspace-announcer').textContent.includes(`now ${n} of`)", arg=len(items) - 2
    )
    assert page.evaluate("document.activeElement.id").startswith(f"move-item-{last.pk}-")
    assert page.problems == []


def test_report_editor_toolbar_is_reachable_with_tab_and_the_editor_shows_its_focus(seeded_live_server, page):
    officer, meeting = officer_and_meeting()
    sign_in(page, seeded_live_server.url, officer.email, PASSWORD)
    item = meeting.agenda_items.first()
    page.goto(
        seeded_live_server.url
        + f"/manage/panels/{meeting.panel.slug}/meetings/{meeting.date}/agenda/items/{item.pk}/papers/write/"
    )
    page.wait_for_selector("trix-toolbar .trix-button")
    page.focus("#id_title")
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                "document.activeElement.getAttribute('data-trix-attribute') || "
                "document.activeElement.getAttribute('data-trix-action') || "
                "document.activeElement.tagName"
            )
        )
        if "TRIX-EDITOR" in reached:
            break
    visible = page.evaluate(
        "[...document.querySelectorAll('trix-toolbar .trix-button-row button')].filter(b => b.offsetParent)"
        ".map(b => b.getAttribute('data-trix-attribute') || b.getAttribute('data-trix-action'))"
    )
    enabled = page.evaluate(
        "[...document.querySelectorAll('trix-toolbar .trix-button-row button')].filter(b => b.offsetParent"
        " && !b.disabled).map(b => b.getAttribute('data-trix-attribute') || b.getAttribute('data-trix-action'))"
    )
    assert len(visible) >= 12
    assert set(enabled) <= reached, f"not reachable with Tab: {set(enabled) - reached}"
    assert "attachFiles" not in visible, "no attach button: papers are uploaded as PDFs"
    assert "TRIX-EDITOR" in reached
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle + ' ' + s.outlineColor; })()"
    )
    assert outline == "solid rgb(255, 221, 0)", outline
    assert page.problems == []
