"""Site search: matching, ranking, filters and pages, the index following changes, and no exempt leaks."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Document
from meetings.municipal_year import MunicipalYear
from meetings.services import attach_pdf
from minutes.models import Minutes, ResolutionPart
from portal.models import SearchEntry
from portal.search.selectors import marked
from portal.search_index import START_MARK, STOP_MARK, html_text
from tests import factories
from tests.pdfs import make_pdf
from tests.portal.test_page_structure import Structure

SEARCH = "/search/"


def this_year(days: int = 30) -> datetime.date:
    """A day in the current municipal year, when `panel_with_councillors`' member sits on the panel."""
    return MunicipalYear.containing(timezone.localdate()).first_day + datetime.timedelta(days=days)


def result_titles(response) -> list[str]:
    """The result titles in page order, without highlighting."""
    html = response.content.decode()
    titles = re.findall(r'<h3 class="search-result__title"><a href="[^"]*">(.*?)</a></h3>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


def text_of(response) -> str:
    """The page without highlighting, lower case: what a reader could read."""
    return re.sub(r"</?mark>", "", response.content.decode()).lower()


def result_count(response) -> int:
    match = re.search(r'<div role="status"><h2 id="results-heading">(\d+) results?', response.content.decode())
    return int(match.group(1)) if match else 0


def search(client, q: str = "", **params):
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    return response


# --- matching and ranking -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_title_match_ranks_above_body_match(client):
    meeting = factories.published_meeting()
    factories.item(meeting, title="Update on fostering", description="The gorseland estate was discussed.")
    factories.item(meeting, title="The Gorseland estate review")
    assert result_titles(search(client, "gorseland")) == ["The Gorseland estate review", "Update on fostering"]


@pytest.mark.django_db
def test_stemming_finds_other_forms_of_a_word(client):
    meeting = factories.published_meeting()
    factories.item(meeting, title="Annual review of quillbridge fostering")
    assert result_titles(search(client, "quillbridge reviews")) == ["Annual review of quillbridge fostering"]
    assert result_titles(search(client, "quillbridge reviewing")) == ["Annual review of quillbridge fostering"]


@pytest.mark.django_db
def test_phrase_search_needs_the_words_together(client):
    meeting = factories.published_meeting()
    factories.item(meeting, title="Support for marrowdale foster carers")
    factories.item(meeting, title="Marrowdale carers who foster")
    assert result_titles(search(client, '"marrowdale foster carers"')) == ["Support for marrowdale foster carers"]
    assert len(result_titles(search(client, "marrowdale foster carers"))) == 2


@pytest.mark.django_db
def test_excluded_word_leaves_results_out(client):
    meeting = factories.published_meeting()
    factories.item(meeting, title="Tillingham parks")
    factories.item(meeting, title="Tillingham libraries")
    assert result_titles(search(client, "tillingham -libraries")) == ["Tillingham parks"]


@pytest.mark.django_db
def test_snippet_and_title_highlight_the_match_and_escape_the_text(client):
    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Wexcombe <script>alert(1)</script> & plans")
    factories.document(item, body_html="<p>Fences &amp; gates at Wexcombe &lt;img src=x onerror=alert(2)&gt;.</p>")
    html = search(client, "wexcombe").content.decode()
    assert "<mark>Wexcombe</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; plans" in html
    assert "Fences &amp; gates at <mark>Wexcombe</mark>" in html
    assert "<script>alert" not in html and "<img" not in html


@pytest.mark.django_db
def test_snippet_of_a_long_paper_shows_the_words_where_they_are(client):
    filler = "<p>The panel considered the budget for the coming year in some detail.</p>" * 150
    item = factories.item(factories.published_meeting(), title="Long report")
    factories.document(item, body_html=f"<p>Kilnsey opening.</p>{filler}<p>Later the Ravenseat depot.</p>")
    html = search(client, "ravenseat").content.decode()
    assert "<mark>Ravenseat</mark> depot" in html
    # Words far apart: each is marked where the snippet finds it.
    assert "<mark>Kilnsey</mark>" in search(client, "kilnsey ravenseat").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["ravenseat", "Ravenseat", "RAVENSEAT", "RaVenSeat", "RaVen-Seat"])
def test_snippet_finds_a_word_deep_in_a_long_paper_however_it_is_written(client, written):
    # Lower case, capitalised and capitals are found as written; any other case by the case-blind fallback.
    filler = "<p>The panel considered the budget for the coming year in some detail.</p>" * 150
    item = factories.item(factories.published_meeting(), title="Long report")
    factories.document(item, body_html=f"<p>Opening.</p>{filler}<p>Later the {written} depot.</p>")
    html = search(client, written.lower()).content.decode()
    assert re.search(r"Later the (<mark>[^<]*</mark>-?)+ depot", html), html


@pytest.mark.django_db
@pytest.mark.parametrize("offset", range(11))
def test_snippet_of_a_long_paper_starts_at_a_word(client, offset):
    # The stretch searched for the snippet starts a fixed number of characters before the match. With the match
    # moved one character at a time against the eleven-character words before it, that start falls inside a word
    # at ten of the eleven offsets; the snippet shows the first whole word after it (six showed a cut word).
    filler = "considered " * 60 + "x" * (offset + 1)
    item = factories.item(factories.published_meeting(), title="Long report")
    factories.document(item, body_html=f"<p>{filler} Ravenseat depot.</p>")
    html = search(client, "ravenseat").content.decode()
    snippet = re.search(r'<p class="search-result__snippet">(.*?)</p>', html, re.S).group(1)
    assert re.fullmatch(r"(considered )+x+ <mark>Ravenseat</mark> depot", snippet), snippet


@pytest.mark.django_db
def test_snippet_of_a_short_paper_keeps_its_first_word(client):
    item = factories.item(factories.published_meeting(), title="Short report")
    factories.document(item, body_html="<p>Ravenseat depot reopens.</p>")
    html = search(client, "ravenseat").content.decode()
    assert '<p class="search-result__snippet"><mark>Ravenseat</mark> depot reopens</p>' in html, html


@pytest.mark.django_db
def test_a_long_papers_text_is_kept_uncompressed_and_its_snippet_found(client):
    """Each result's snippet reads its whole text: kept out of line uncompressed, it is read without being
    decompressed first (portal migration 0009)."""
    from django.db import connection

    item = factories.item(factories.published_meeting(), title="Long report")
    words = " ".join(f"paragraph{n} of the long report on highways." for n in range(600))
    factories.document(item, body_html=f"<p>{words} Thrunscoe depot reopens.</p>")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(body), pg_column_size(body), octet_length(body) "
            "FROM portal_searchentry WHERE kind = 'document' AND body LIKE '%%Thrunscoe%%'"
        )
        [(compression, stored, length)] = cursor.fetchall()
    assert length > 20000 and compression is None and stored >= length
    assert "<mark>Thrunscoe</mark> depot reopens" in search(client, "thrunscoe").content.decode()


def test_marked_turns_only_its_own_markers_into_mark():
    text = f"<script>x</script> {START_MARK}found{STOP_MARK} & {START_MARK}stray"
    assert str(marked(text)) == "&lt;script&gt;x&lt;/script&gt; <mark>found</mark> &amp; stray"


def test_html_text_keeps_words_apart_and_drops_scripts():
    text = html_text("<h2>Title</h2><p>One&nbsp;two</p><p>three</p><script>alert(1)</script><ul><li>four</li></ul>")
    assert text.split() == ["Title", "One", "two", "three", "four"]
    assert "alert" not in text


# --- filters and pages ----------------------------------------------------------------------------------------


@pytest.fixture
def spread(db):
    """Items, papers and minutes about "brackenfold" in two panels and two years."""
    panel, other = factories.panel(), factories.panel()
    early = factories.published_meeting(panel, date=datetime.date(2030, 6, 1))
    late = factories.published_meeting(other, date=datetime.date(2031, 6, 1))
    report_item = factories.item(early, title="Brackenfold report")
    factories.document(report_item, title="Brackenfold report paper", kind="report")
    factories.document(report_item, title="Brackenfold appendix paper", kind="appendix")
    factories.item(late, title="Brackenfold later item")
    entry = factories.minute_entry(factories.minutes(late), heading="Brackenfold minute")
    factories.resolution(entry, text="AGREED that the brackenfold plan be noted.")
    return panel, other


def test_filter_by_panel(client, spread):
    panel, other = spread
    assert set(result_titles(search(client, "brackenfold", panel=panel.slug))) == {
        "Brackenfold report",
        "Brackenfold report paper",
        "Brackenfold appendix paper",
    }
    assert len(result_titles(search(client, "brackenfold", panel=other.slug))) == 3


def test_filter_by_dates(client, spread):
    assert len(result_titles(search(client, "brackenfold", date_from="2031-01-01"))) == 3
    assert len(result_titles(search(client, "brackenfold", date_to="2030-12-31"))) == 3
    assert result_titles(search(client, "brackenfold", date_from="2030-06-02", date_to="2031-05-31")) == []
    assert len(result_titles(search(client, "brackenfold", date_from="2030-06-01", date_to="2031-06-01"))) == 6


def test_filter_by_kind_of_result_and_of_paper(client, spread):
    assert result_titles(search(client, "brackenfold", kind="minute")) == ["Brackenfold minute"]
    assert result_titles(search(client, "brackenfold", kind="resolution")) == ["Brackenfold minute"]
    assert len(result_titles(search(client, "brackenfold", kind="document"))) == 2
    assert result_titles(search(client, "brackenfold", document_kind="appendix")) == ["Brackenfold appendix paper"]
    assert result_titles(search(client, "brackenfold", kind="document", document_kind="report")) == [
        "Brackenfold report paper"
    ]


def test_filters_alone_list_newest_first(client, spread):
    panel, _ = spread
    response = search(client, "", panel=panel.slug, kind="agenda_item")
    assert result_titles(response) == ["Brackenfold report"]


def test_unknown_panel_is_a_message_not_an_error(client, spread):
    response = search(client, "brackenfold", panel="no-such-panel")
    assert "Select a valid choice" in response.content.decode()
    assert result_titles(response) == []


@pytest.mark.django_db
def test_results_are_paginated_with_the_total_count(client):
    meeting = factories.published_meeting()
    for n in range(45):
        factories.item(meeting, title=f"Hollowmere topic {n}")
    first = search(client, "hollowmere")
    assert result_count(first) == 45 and len(result_titles(first)) == 20
    assert "Page 1 of 3" in first.content.decode()
    last = search(client, "hollowmere", page=3)
    assert len(result_titles(last)) == 5
    assert set(result_titles(first)).isdisjoint(result_titles(search(client, "hollowmere", page=2)))
    # Nonsense page numbers give a page, not an error.
    assert len(result_titles(search(client, "hollowmere", page="x"))) == 20
    assert len(result_titles(search(client, "hollowmere", page=99))) == 5


@pytest.mark.django_db
def test_searches_matching_too_much_say_so_and_rank_the_newest_matches(client, monkeypatch):
    monkeypatch.setattr("portal.search.selectors.MAX_RESULTS", 5)
    panel = factories.panel()
    for day in range(1, 9):
        meeting = factories.published_meeting(panel, date=datetime.date(2030, 3, day))
        factories.item(meeting, title=f"Quarrendon update {day}", description="quarrendon " * (9 - day))
    response = search(client, "quarrendon")
    assert "More than 5 results" in response.content.decode()
    assert "best matches among the 5 most recent" in response.content.decode()
    # The five newest (days 4 to 8), best first: the older ones mention the word more often.
    assert result_titles(response) == [f"Quarrendon update {day}" for day in (4, 5, 6, 7, 8)]


# --- the index follows changes --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_edited_title_is_found_by_its_new_words(client):
    item = factories.item(factories.published_meeting(), title="Ashcombe libraries")
    item.title = "Ashcombe leisure centres"
    item.save()
    assert result_titles(search(client, "leisure ashcombe")) == ["Ashcombe leisure centres"]
    assert result_titles(search(client, "ashcombe libraries")) == []


@pytest.mark.django_db
def test_deleted_things_leave_the_index(client, committed):
    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Dunmarsh transport")
    factories.document(item, title="Dunmarsh transport paper")
    entry = factories.minute_entry(factories.minutes(meeting), heading="Dunmarsh minute")
    factories.resolution(entry, text="AGREED dunmarsh")
    assert result_count(search(client, "dunmarsh")) == 4
    with committed():  # the public's search pages are cached until a change commits
        entry.delete()
    assert result_count(search(client, "dunmarsh")) == 2
    with committed():
        item.delete()
    assert result_count(search(client, "dunmarsh")) == 0
    assert not SearchEntry.objects.filter(title__icontains="dunmarsh").exists()


@pytest.mark.django_db
def test_resolution_parts_are_searchable_and_follow_changes(client):
    entry = factories.minute_entry(factories.minutes(factories.published_meeting()), heading="Budget")
    resolution = factories.resolution(entry, text="AGREED that:")
    part = ResolutionPart.objects.create(resolution=resolution, position=1, label="a", text="the pennyford bid")
    assert result_titles(search(client, "pennyford", kind="resolution")) == ["Budget"]
    part.delete()
    assert result_titles(search(client, "pennyford")) == []


@pytest.mark.django_db
def test_draft_and_unpublished_minutes_are_not_public(client, officer_client, committed):
    minutes = factories.minutes(factories.published_meeting(), status=Minutes.Status.DRAFT)
    entry = factories.minute_entry(minutes, heading="Fernlow minute", body_html="<p>Fernlow draft text.</p>")
    factories.resolution(entry, text="AGREED fernlow")
    assert result_count(search(client, "fernlow")) == 0
    assert result_count(search(officer_client, "fernlow")) == 2

    minutes.status = Minutes.Status.PUBLISHED
    with committed():  # the public's search pages are cached until a change commits
        minutes.save()
    assert result_count(search(client, "fernlow")) == 2

    minutes.status = Minutes.Status.DRAFT  # unpublished again
    with committed():
        minutes.save()
    assert result_count(search(client, "fernlow")) == 0
    assert "Not published" in search(officer_client, "fernlow").content.decode()


@pytest.mark.django_db
def test_unpublished_agenda_is_found_once_the_meeting_is_published(client, officer_client, committed):
    meeting = factories.meeting()
    item = factories.item(meeting, title="Kestrelby consultation")
    factories.document(item, title="Kestrelby paper")
    assert result_count(search(client, "kestrelby")) == 0
    assert result_count(search(officer_client, "kestrelby")) == 2
    # As publish_agenda does: items and papers in bulk, then the meeting saved.
    now = timezone.now()
    AgendaItem.objects.filter(meeting=meeting).update(published_at=now)
    Document.objects.filter(meeting=meeting).update(published_at=now)
    meeting.agenda_published_at = now
    with committed():  # the meeting is re-indexed in the background once the save commits
        meeting.save()
    assert result_count(search(client, "kestrelby")) == 2


@pytest.mark.django_db
def test_uploaded_pdf_text_is_searchable_once_read_in_the_background(
    client, django_capture_on_commit_callbacks, committed
):
    item = factories.item(factories.published_meeting(), title="Appendices")
    with django_capture_on_commit_callbacks() as callbacks:
        attach_pdf(item, make_pdf(["Heathwick audit findings"]), title="Audit appendix", published_at=item.published_at)
    # The upload itself never reads the text: the paper is found by its title until the task has run.
    assert result_count(search(client, "heathwick")) == 0
    assert result_titles(search(client, "audit appendix")) == ["Audit appendix"]
    with committed():  # the worker runs the queued extraction, which commits
        for callback in callbacks:
            callback()
    response = search(client, "heathwick")
    assert result_titles(response) == ["Audit appendix"]
    assert "<mark>Heathwick</mark>" in response.content.decode()


@pytest.mark.django_db
def test_rebuild_command_indexes_everything(client, committed):
    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Orrisford item")
    factories.document(item, title="Orrisford paper")
    SearchEntry.objects.all().delete()
    assert result_count(search(client, "orrisford")) == 0
    with committed():  # and the public's cached search pages with it, once the rebuild commits
        call_command("rebuild_search_index", verbosity=0)
    assert result_count(search(client, "orrisford")) == 2


# --- exempt information never leaks ---------------------------------------------------------------------------


@pytest.fixture
def exempt_content(panel_with_councillors):
    """Exempt text about "porcupine" four ways, each with its own marker word; and one public item."""
    panel, _, _ = panel_with_councillors
    meeting = factories.published_meeting(panel, date=this_year())
    factories.item(meeting, title="Porcupine public update", description="Open to all.")
    exempt_item = factories.item(
        meeting, title="Porcupine contract award", exempt_paragraph=3, description="Porcupine leakmarkerdesc bids."
    )
    factories.document(
        exempt_item,
        title="Porcupine tender evaluation",
        body_html="<p>Porcupine leakmarkerpaper scores.</p>",
    )
    public_item = factories.item(meeting, title="Budget monitoring")
    factories.document(
        public_item,
        title="Porcupine salary appendix",
        exempt_paragraph=1,
        kind="appendix",
        body_html="<p>Porcupine leakmarkerappendix grades.</p>",
    )
    entry = factories.minute_entry(
        factories.minutes(meeting),
        heading="Porcupine contract award",
        exempt_paragraph=3,
        body_html="<p>Porcupine leakmarkerminute discussion.</p>",
    )
    factories.resolution(entry, text="AGREED that porcupine leakmarkerresolution be accepted.")
    return meeting


MARKERS = ["leakmarkerdesc", "leakmarkerpaper", "leakmarkerappendix", "leakmarkerminute", "leakmarkerresolution"]
EXEMPT_TITLES = ["Porcupine tender evaluation", "Porcupine salary appendix", "Porcupine contract award"]


@pytest.mark.parametrize("role", ["anonymous", "other_councillor"])
def test_exempt_text_never_reaches_those_not_allowed(request, role, exempt_content):
    client = request.getfixturevalue("client" if role == "anonymous" else "other_councillor_client")
    response = search(client, "porcupine")
    assert result_titles(response) == ["Porcupine public update"]
    assert result_count(response) == 1
    for secret in MARKERS + EXEMPT_TITLES:
        assert secret.lower() not in text_of(response), secret
    for marker in MARKERS:
        marked_response = search(client, marker)
        assert result_count(marked_response) == 0
        assert "No results" in marked_response.content.decode()
    # Nor by listing with filters alone.
    listing = search(client, "", panel=exempt_content.panel.slug)
    assert result_count(listing) == 2  # the two items that are not exempt
    assert [secret for secret in MARKERS + EXEMPT_TITLES if secret.lower() in text_of(listing)] == []


@pytest.mark.parametrize("role", ["councillor", "officer"])
def test_exempt_text_is_found_by_those_allowed(request, role, exempt_content):
    client = request.getfixturevalue(f"{role}_client")
    response = search(client, "porcupine")
    assert result_count(response) == 6
    for secret in MARKERS + EXEMPT_TITLES:
        assert secret.lower() in text_of(response), secret
    assert "Exempt: paragraph 3" in response.content.decode()
    for marker in MARKERS:
        marked_response = search(client, marker)
        assert result_count(marked_response) == 1, marker
        assert f"<mark>{marker}</mark>" in marked_response.content.decode().lower()


def test_exempt_results_end_with_the_municipal_year(councillor_client, exempt_content, committed):
    exempt_content.date = MunicipalYear.containing(exempt_content.date).first_day - datetime.timedelta(days=1)
    with committed():  # moved into the previous municipal year, when the councillor did not sit
        exempt_content.save()
    assert result_count(search(councillor_client, "porcupine")) == 1


@pytest.mark.parametrize("role", ["councillor", "officer"])
def test_cached_public_search_is_never_served_to_or_stored_from_a_signed_in_reader(
    request, role, client, exempt_content
):
    """Anonymous search pages and fragments are cached; a signed-in reader's (which list exempt papers) never are,
    and a signed-in reader is never served the public's copy."""
    reader = request.getfixturevalue(f"{role}_client")
    fragment = {"HX-Request": "true"}
    for headers in ({}, fragment):
        first = reader.get(SEARCH, {"q": "porcupine"}, headers=headers)
        assert all(marker in text_of(first) for marker in MARKERS)
        for _ in range(2):  # rendered afresh (the signed-in page was not stored), then served from the cache
            public = client.get(SEARCH, {"q": "porcupine"}, headers=headers)
            assert result_count(public) == 1 and not any(m in text_of(public) for m in MARKERS + ["paragraph 3"])
        again = reader.get(SEARCH, {"q": "porcupine"}, headers=headers)
        assert all(marker in text_of(again) for marker in MARKERS)
    # The cached fragment and the cached page are kept apart.
    assert "<html" in client.get(SEARCH, {"q": "porcupine"}).content.decode()
    assert "<html" not in client.get(SEARCH, {"q": "porcupine"}, headers=fragment).content.decode()


# That the index finds exactly what the models' own visibility rules allow, for every audience, is the property
# tested over random worlds in tests/meetings/test_visibility_property.py.


# --- the seed data --------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("seed")
def test_seed_locality_finds_the_locality_working_report(client):
    response = search(client, "Locality")
    assert "Locality Working: Background and Business Case" in result_titles(response)
    assert "/meetings/2021-09-21/documents/locality-working/" in response.content.decode()


@pytest.mark.usefixtures("seed")
def test_seed_phrase_finds_the_july_minutes(client):
    response = search(client, '"in due course"')
    assert result_count(response) >= 1
    assert "/meetings/2021-07-27/minutes/#minute-" in response.content.decode()
    assert "<mark>due</mark> <mark>course</mark>" in response.content.decode()


# --- bad input ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q",
    ["!!! ??? ...", "the and of", "café Ωmega 子供 😀", '"unclosed phrase', "-", "a | b & !c <-> d", "' OR 1=1 --"],
)
def test_odd_queries_are_answered(client, q):
    response = search(client, q)
    assert "There is a problem" not in response.content.decode()


@pytest.mark.django_db
def test_very_long_query_gets_a_message(client):
    response = search(client, "word " * 200)
    assert "Enter a search of 200 characters or fewer." in response.content.decode()


@pytest.mark.django_db
def test_html_in_the_query_is_escaped(client):
    response = search(client, '<script>alert("x")</script>')
    html = response.content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2021-02-30"}, "Enter a real date for ‘From’"),
        ({"date_to": "2021-13-01"}, "Enter a real date for ‘To’"),
        ({"date_from": "yesterday"}, "Enter a real date for ‘From’"),
        ({"date_from": "2022-01-01", "date_to": "2021-01-01"}, "must be the same as or after"),
        ({"kind": "minute", "document_kind": "report"}, "only applies to papers"),
        ({"kind": "everything"}, "Select a valid choice"),
    ],
)
def test_bad_filters_get_a_clear_message(client, params, message):
    response = search(client, "council", **params)
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html


# --- the page -------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("seed")
@pytest.mark.parametrize("query", ["", "?q=locality", "?q=zzzznothing", "?date_from=2021-02-30"])
def test_search_page_structure(client, query):
    response = client.get(SEARCH + query)
    page = Structure()
    page.feed(response.content.decode())
    assert page.tags["h1"] == 1
    assert [id_ for id_, count in page.ids.items() if count > 1] == []
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1


@pytest.mark.usefixtures("seed")
def test_header_has_a_search_box(client):
    html = client.get("/").content.decode()
    form = re.search(r'<form class="site-search"[^>]*>(.*?)</form>', html, re.DOTALL)
    assert form and 'role="search"' in form.group(0) and f'action="{reverse("search")}"' in form.group(0)
    assert '<label class="visually-hidden" for="site-search-q">' in form.group(1) and 'name="q"' in form.group(1)


@pytest.mark.usefixtures("seed")
def test_htmx_request_gets_the_results_alone(client):
    response = client.get(SEARCH, {"q": "locality"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search-results"') and "<html" not in html
    assert "HX-Request" in response["Vary"]
    restore = client.get(
        SEARCH, {"q": "locality"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("how_many", [1, 30])
def test_query_count_does_not_grow_with_results(client, django_assert_num_queries, how_many):
    meeting = factories.published_meeting()
    for n in range(how_many):
        item = factories.item(meeting, title=f"Wraybrook item {n}")
        factories.document(item, title=f"Wraybrook paper {n}")
    # The content version (the page cache), the panels for the filter; the page of results with their count and
    # snippets. The next visit is the cached page: the version alone.
    with django_assert_num_queries(3):
        response = client.get(SEARCH, {"q": "wraybrook"})
    assert result_count(response) == 2 * how_many
    with django_assert_num_queries(1):
        assert result_count(client.get(SEARCH, {"q": "wraybrook"})) == 2 * how_many


@pytest.mark.parametrize("how_many", [1, 30])
def test_councillor_query_count_does_not_grow_with_results(
    councillor_client, panel_with_councillors, django_assert_num_queries, how_many
):
    panel, _, _ = panel_with_councillors
    meeting = factories.published_meeting(panel, date=this_year())
    for n in range(how_many):
        factories.item(meeting, title=f"Wraybrook item {n}", exempt_paragraph=1)
    # Session, user and seats (the audience), then the panels and the page of results.
    with django_assert_num_queries(5):
        response = councillor_client.get(SEARCH, {"q": "wraybrook"})
    assert result_count(response) == how_many


def test_searches_of_one_kind_share_their_compiled_query_but_not_their_values(exempt_content, councillor_user):
    """The SQL of each kind of search is compiled once; the words, filters and audience of each search are its
    own: a member's compiled search is never the public's, nor one word's another's."""
    from meetings.audience import PUBLIC, audience_for
    from portal.search import selectors

    member = audience_for(councillor_user)
    assert selectors.search(PUBLIC, "porcupine").count == 1
    assert selectors.search(member, "porcupine").count == 6
    assert selectors.search(PUBLIC, "leakmarkerpaper").count == 0
    assert selectors.search(member, "leakmarkerpaper").count == 1
    assert selectors.search(member, "leakmarkerminute").count == 1
    panel = exempt_content.panel
    assert selectors.search(PUBLIC, "", panel=panel).count == 2
    assert selectors.search(PUBLIC, "", panel=factories.panel()).count == 0
    assert selectors.search(member, "", panel=panel).count == 7
