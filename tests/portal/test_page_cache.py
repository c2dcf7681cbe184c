"""Public pages are cached for anonymous readers only, and any change makes the next reader see it."""

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.usefixtures("seed")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_second_anonymous_visit_is_served_from_the_cache():
    meeting = factories.published_meeting()
    factories.item(meeting, title="Budget")
    first, _ = queries_for(Client(), meeting.get_absolute_url())
    second, page = queries_for(Client(), meeting.get_absolute_url())
    # The only query of a cached visit reads the content version.
    assert first > 1 and second == 1 and "Budget" in page


def test_a_change_made_by_another_process_is_seen_at_once():
    """Each process may have its own in-memory cache; the version lives in the database, so a change saved by
    another web worker or by the pack-build worker invalidates this process's cached pages too."""
    meeting = factories.published_meeting()
    factories.item(meeting, title="Budget")
    queries_for(Client(), meeting.get_absolute_url())
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other_process:
        other_process.execute("SELECT nextval('portal_content_version')")
    again, _ = queries_for(Client(), meeting.get_absolute_url())
    assert again > 1


def test_any_change_is_seen_once_committed(committed):
    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Budget", description="Open text")
    Client().get(meeting.get_absolute_url())
    item.title, item.description, item.exempt_paragraph = "Contract award", "SECRET-CACHE-3141", 3
    with committed():
        item.save()
    page = Client().get(meeting.get_absolute_url()).content.decode()
    assert "Contract award" in page and "SECRET-CACHE-3141" not in page and "paragraph 3" in page


def test_signed_in_readers_are_never_served_or_stored_in_the_cache(officer_client):
    meeting = factories.published_meeting()
    factories.item(meeting, title="Contract award", description="SECRET-OFFICER-2718", exempt_paragraph=3)
    url = meeting.get_absolute_url()
    rendered, officer_page = queries_for(officer_client, url)
    assert "SECRET-OFFICER-2718" in officer_page
    # Not stored: the first anonymous visit after the officer's is rendered afresh, and without the secret...
    anonymous_first, anonymous_page = queries_for(Client(), url)
    assert anonymous_first > 1 and "SECRET-OFFICER-2718" not in anonymous_page
    # ...and stored for the next anonymous reader, who is served it with the one version query.
    assert queries_for(Client(), url)[0] == 1
    # Not served: with the public copy in the cache, the officer's page is rendered again, secret included.
    again, officer_page = queries_for(officer_client, url)
    assert again == rendered > 1 and "SECRET-OFFICER-2718" in officer_page


def test_queryset_updates_in_publication_move_the_version_on(officer_user, committed):
    from meetings.services import publish_agenda

    meeting = factories.meeting()
    factories.item(meeting, title="Not yet public", published_at=None)
    assert "Not yet public" not in Client().get(meeting.get_absolute_url()).content.decode()
    with committed():
        publish_agenda(meeting, by=officer_user)
    assert "Not yet public" in Client().get(meeting.get_absolute_url()).content.decode()


def test_anonymous_pages_carry_no_csrf_token():
    page = Client().get("/").content.decode()
    assert "csrfmiddlewaretoken" not in page and "X-CSRFToken" not in page


def test_cached_pages_keep_the_headers_their_view_set(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from portal.page_cache import cache_public_page

    @cache_public_page
    def view(request):
        response = HttpResponse("x", content_type="text/calendar")
        response["Cache-Control"] = "public, max-age=600"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    for _ in range(2):
        request = rf.get("/somewhere/")
        request.user = AnonymousUser()
        response = view(request)
        assert response["Content-Type"] == "text/calendar"
        assert response["Cache-Control"] == "public, max-age=600" and response["Access-Control-Allow-Origin"] == "*"


# --- which changes move the version on, and how often ---------------------------------------------------------------


@pytest.fixture
def bumps(committed):
    """How many times a change moves the content version on, its transaction's commit included."""
    from portal.page_cache import content_version

    def count(change) -> int:
        with committed():
            before = content_version()
            change()
        return content_version() - before

    return count


def test_a_public_change_moves_the_version_once_when_it_commits(bumps, officer_user):
    from django.db import transaction

    from meetings.services import update_item
    from portal.page_cache import content_version

    meeting = factories.published_meeting()
    items = [factories.item(meeting, title=f"Budget {n}") for n in range(3)]

    def three_edits_in_one_transaction():
        before = content_version()
        with transaction.atomic():
            for item in items:
                update_item(item, version=item.version, by=officer_user, title=f"{item.title} (revised)")
            assert content_version() == before  # nothing moves before the commit

    assert bumps(three_edits_in_one_transaction) == 1


def test_editing_a_draft_agenda_leaves_the_public_cache_in_place(bumps, committed, officer_user):
    from meetings.services import add_item, move_item, update_item

    with committed():
        meeting = factories.meeting()  # agenda not yet published
        item = factories.item(meeting, title="Draft item")
        factories.item(meeting, title="Another draft item")
    url = meeting.get_absolute_url()
    queries_for(Client(), url)
    assert bumps(lambda: update_item(item, version=item.version, by=officer_user, title="Draft, retitled")) == 0
    meeting.refresh_from_db()
    assert bumps(lambda: move_item(item, offset=1, agenda_version=meeting.agenda_version, by=officer_user)) == 0
    meeting.refresh_from_db()
    assert bumps(lambda: add_item(meeting, agenda_version=meeting.agenda_version, by=officer_user, title="New")) == 0
    assert queries_for(Client(), url)[0] == 1  # still served from the cache


def test_bookkeeping_history_and_jobs_do_not_move_the_version(bumps, officer_user):
    from meetings.models import Meeting, PackBuildJob

    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Budget")
    history = item.history.first()
    assert bumps(lambda: Meeting.objects.get(pk=meeting.pk).save(update_fields=["agenda_version"])) == 0
    assert bumps(lambda: PackBuildJob.objects.create(meeting=meeting, requested_by=officer_user)) == 0
    assert bumps(lambda: history.save()) == 0


def test_exempt_information_changing_alone_leaves_the_cache_but_becoming_exempt_moves_it(bumps):
    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Contract award", description="Open text")

    def edit(**fields):
        def change():
            for field, value in fields.items():
                setattr(item, field, value)
            item.save()

        return change

    assert bumps(edit(exempt_paragraph=3)) == 1  # its description leaves the public page
    assert bumps(edit(description="SECRET-CACHE-2024")) == 0  # the public never sees it
    assert bumps(edit(title="Contract award (revised)")) == 1  # the title is public, exempt or not
    assert bumps(edit(exempt_paragraph=None)) == 1


def test_minutes_move_the_version_while_public_and_when_they_stop_being(bumps):
    from minutes.models import Minutes

    meeting = factories.published_meeting()
    minutes = factories.minutes(meeting, status=Minutes.Status.DRAFT)
    entry = factories.minute_entry(minutes)
    assert bumps(lambda: factories.minute_entry(minutes, heading="A draft minute")) == 0
    minutes.status = Minutes.Status.PUBLISHED
    assert bumps(minutes.save) == 1
    entry.heading = "Revised"
    assert bumps(entry.save) == 1
    minutes.status = Minutes.Status.DRAFT
    assert bumps(minutes.save) == 1  # unpublished: its pages must go


def test_unpublished_and_members_only_things_deleted_leave_the_version(bumps):
    from meetings.models import AgendaItem

    meeting = factories.published_meeting()
    draft = factories.item(meeting, title="Late draft", published_at=None)
    published = factories.item(meeting, title="Published")
    assert bumps(lambda: AgendaItem.objects.get(pk=draft.pk).delete()) == 0
    assert bumps(lambda: AgendaItem.objects.get(pk=published.pk).delete()) == 1


# --- flash messages ---------------------------------------------------------------------------------------------------


def flash_view():
    from django.contrib import messages
    from django.template import engines

    from portal.page_cache import cache_public_page

    template = engines["django"].from_string("{% for message in messages %}<p>{{ message }}</p>{% endfor %}page")

    @cache_public_page
    def view(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({"messages": messages.get_messages(request)}, request))

    return view


def anonymous_request(rf, path="/flash/"):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore

    request = rf.get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_an_anonymous_page_showing_a_flash_message_is_never_cached(rf):
    from django.contrib import messages

    view = flash_view()
    request = anonymous_request(rf)
    messages.success(request, "Your apologies are sent.")
    assert "Your apologies are sent." in view(request).content.decode()
    # The next reader gets the page without that message: it was not stored for them.
    assert "Your apologies are sent." not in view(anonymous_request(rf)).content.decode()


def test_a_reader_with_a_message_waiting_is_not_served_the_cached_page(rf):
    from django.contrib import messages

    view = flash_view()
    view(anonymous_request(rf))  # cached, without any message
    request = anonymous_request(rf)
    messages.info(request, "You have signed out.")
    assert "You have signed out." in view(request).content.decode()


# --- the version kept in a shared cache (Redis), beside the pages -------------------------------------------------


@pytest.fixture
def shared_cache(tmp_path):
    """The default cache in a redis-server of the test's own, configured as in production."""
    import shutil

    from django.core.cache import caches
    from django.test import override_settings

    from tests import processes

    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = processes.RedisServer(tmp_path)
    server.start()
    config = {"BACKEND": "portal.cache_backend.FailSoftRedisCache", "LOCATION": server.url, "RETRY_AFTER": 5}
    try:
        with override_settings(CACHES={"default": config}):
            yield caches["default"]
    finally:
        server.stop()


def test_with_a_shared_cache_a_cached_visit_makes_no_query(shared_cache):
    from portal.page_cache import VERSION_KEY, content_version

    meeting = factories.published_meeting()
    factories.item(meeting, title="Budget")
    first, _ = queries_for(Client(), meeting.get_absolute_url())
    second, page = queries_for(Client(), meeting.get_absolute_url())
    assert first > 1 and second == 0 and "Budget" in page
    assert shared_cache.get(VERSION_KEY) == content_version()


def test_with_a_shared_cache_a_committed_change_is_seen_at_once(shared_cache, committed):
    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Budget", description="Open text")
    queries_for(Client(), meeting.get_absolute_url())
    assert queries_for(Client(), meeting.get_absolute_url())[0] == 0
    item.title, item.description, item.exempt_paragraph = "Contract award", "SECRET-SHARED-1618", 3
    with committed():
        item.save()
    rendered, page = queries_for(Client(), meeting.get_absolute_url())
    assert rendered > 0 and "Contract award" in page and "SECRET-SHARED-1618" not in page


def test_the_shared_version_only_ever_rises(shared_cache):
    """A reader who read the sequence before a move may store its value after the move: the larger one stays."""
    from portal.page_cache import VERSION_KEY, _raise_shared_version

    _raise_shared_version(7)
    _raise_shared_version(5)
    assert shared_cache.get(VERSION_KEY) == 7
    _raise_shared_version(8)
    assert shared_cache.get(VERSION_KEY) == 8


def test_with_the_shared_version_gone_a_visit_reads_the_sequence_and_stores_it(shared_cache):
    from portal.page_cache import VERSION_KEY, content_version

    meeting = factories.published_meeting()
    queries_for(Client(), meeting.get_absolute_url())
    shared_cache.delete(VERSION_KEY)  # as after a restart of Redis, or the key's expiry
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other_process:
        other_process.execute("SELECT nextval('portal_content_version')")
    again, _ = queries_for(Client(), meeting.get_absolute_url())
    assert again > 1  # the sequence read, then the page rendered under the new version
    assert shared_cache.get(VERSION_KEY) == content_version()
    assert queries_for(Client(), meeting.get_absolute_url())[0] == 0


# --- answered before the rest of the middleware ---------------------------------------------------------------------


def test_a_reader_without_a_session_is_answered_before_sessions_and_authentication_run():
    url = factories.published_meeting().get_absolute_url()
    rendered = Client().get(url)
    assert hasattr(rendered.wsgi_request, "user")  # the whole stack ran
    cached = Client().get(url)
    assert not hasattr(cached.wsgi_request, "session") and not hasattr(cached.wsgi_request, "user")
    # The page the whole stack sent, every header included: security headers, the content security policy, Vary.
    assert cached.content == rendered.content
    assert dict(cached.headers) == dict(rendered.headers)
    assert "Content-Security-Policy" in cached and "Cookie" in cached["Vary"] and cached["X-Frame-Options"] == "DENY"


def test_a_reader_with_a_session_cookie_gets_the_same_page_through_the_whole_stack():
    from django.conf import settings

    url = factories.published_meeting().get_absolute_url()
    cached = (Client().get(url), Client().get(url))[1]
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    stacked = client.get(url)
    assert hasattr(stacked.wsgi_request, "user") and not stacked.wsgi_request.user.is_authenticated
    assert stacked.content == cached.content and dict(stacked.headers) == dict(cached.headers)


def test_htmx_requests_go_through_the_whole_stack():
    url = factories.published_meeting().get_absolute_url()
    Client().get(url)
    assert hasattr(Client().get(url, headers={"HX-Request": "true"}).wsgi_request, "user")


def test_a_reader_with_a_flash_message_cookie_sees_it_and_it_is_never_stored(rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    Client().get("/")  # the page without a message, in the cache
    client = Client()
    client.cookies[CookieStorage.cookie_name] = CookieStorage(rf.get("/"))._encode(
        [Message(constants.INFO, "You have signed out.")]
    )
    assert "You have signed out." in client.get("/").content.decode()
    client = Client()
    client.cookies[CookieStorage.cookie_name] = CookieStorage(rf.get("/"))._encode(
        [Message(constants.INFO, "FLASH-ONLY-FOR-ONE-5051")]
    )
    client.get("/")
    assert "FLASH-ONLY-FOR-ONE-5051" not in Client().get("/").content.decode()


def test_a_cached_page_still_refuses_an_unknown_host():
    Client().get("/")
    assert Client().get("/", headers={"Host": "elsewhere.example"}).status_code == 400


def test_pages_that_are_never_cached_cost_no_version_read():
    Client().get("/healthz/live/")
    with CaptureQueriesContext(connection) as queries:
        assert Client().get("/healthz/live/").status_code == 200
    assert len(queries) == 0


def test_a_version_read_the_database_did_not_answer_is_logged_with_its_own_error(monkeypatch, caplog, rf):
    """The version read may be the request's first query: when the database does not answer it, the log says so,
    and not only the error of the view's next query on the connection it left closed."""
    from django.db import OperationalError
    from django.http import HttpResponse

    from portal import page_cache

    def no_answer(*args, **kwargs):
        raise OperationalError("the database did not answer within 7 seconds")

    monkeypatch.setattr(page_cache, "_version_and_page", no_answer)
    middleware = page_cache.PublicPageMiddleware(lambda request: HttpResponse("the view ran"))
    with caplog.at_level("ERROR", logger="portal.database"):
        response = middleware(rf.get("/"))
    assert response.content == b"the view ran"  # the view still has its chance (and its 503 page)
    assert [record.getMessage() for record in caplog.records] == [
        "Database unavailable during /: the database did not answer within 7 seconds"
    ]


@pytest.mark.parametrize("uses_nonce", [True, False])
def test_a_response_that_used_a_csp_nonce_is_not_kept(rf, uses_nonce):
    from django.http import HttpResponse
    from django.utils.csp import LazyNonce

    from portal.page_cache import PublicPageMiddleware

    rendered = []

    def rest_of_the_stack(request):
        request._csp_nonce = LazyNonce()
        rendered.append(str(request._csp_nonce) if uses_nonce else "no nonce")
        response = HttpResponse(f"page {rendered[-1]}")
        response._public_page = True
        return response

    middleware = PublicPageMiddleware(rest_of_the_stack)
    first, second = middleware(rf.get("/")), middleware(rf.get("/"))
    assert len(rendered) == (2 if uses_nonce else 1)
    assert (first.content == second.content) is not uses_nonce


# --- parts of a page shared between signed-in readers -----------------------------------------------------------------


def meeting_in_office(panel, days: int = 40):
    """A published meeting of `panel` held while the fixtures' councillors hold their seats."""
    import datetime

    from django.utils import timezone

    from meetings.municipal_year import MunicipalYear

    day = MunicipalYear.containing(timezone.localdate()).first_day + datetime.timedelta(days=days)
    return factories.published_meeting(panel, date=day)


def test_a_councillors_next_visit_shares_the_agenda_and_renders_only_their_own_parts(
    panel_with_councillors, councillor_client, councillor_user
):
    panel, _, _ = panel_with_councillors
    meeting = meeting_in_office(panel)
    factories.item(meeting, title="Contract award", description="SECRET-SHARED-4711", exempt_paragraph=3)
    url = meeting.get_absolute_url()
    rendered, _ = queries_for(councillor_client, url)
    again, page = queries_for(councillor_client, url)
    # Session, user, seats and the reader version (kept in Redis in production, where a visit makes three
    # queries): the agenda comes from the cache. The page is still the reader's own.
    assert rendered > 4 and again == 4
    assert "SECRET-SHARED-4711" in page and councillor_user.email in page and "csrfmiddlewaretoken" in page


def test_the_members_agenda_never_reaches_a_reader_who_may_not_read_it(
    panel_with_councillors, councillor_client, other_councillor_client
):
    """Whoever reads first, each reader gets the variant the exempt access rule gives them."""
    panel, _, _ = panel_with_councillors
    members_first, outsider_first = meeting_in_office(panel), meeting_in_office(panel, days=47)
    for meeting in (members_first, outsider_first):
        factories.item(meeting, title="Contract award", description=f"SECRET-VARIANT-{meeting.pk}", exempt_paragraph=3)
    secret = f"SECRET-VARIANT-{members_first.pk}"
    assert secret in councillor_client.get(members_first.get_absolute_url()).content.decode()
    for reader in (other_councillor_client, Client()):
        page = reader.get(members_first.get_absolute_url()).content.decode()
        assert secret not in page and "Contract award" in page
    secret = f"SECRET-VARIANT-{outsider_first.pk}"
    assert secret not in other_councillor_client.get(outsider_first.get_absolute_url()).content.decode()
    assert secret in councillor_client.get(outsider_first.get_absolute_url()).content.decode()


def test_exempt_information_changing_moves_the_reader_version_and_not_the_content_version(
    panel_with_councillors, councillor_client, committed
):
    from portal.page_cache import READERS, content_version

    panel, _, _ = panel_with_councillors
    with committed():
        meeting = meeting_in_office(panel)
        item = factories.item(meeting, title="Contract award", description="First secret", exempt_paragraph=3)
    url = meeting.get_absolute_url()
    assert "First secret" in councillor_client.get(url).content.decode()
    queries_for(Client(), url)  # the public's page, cached
    content, readers = content_version(), READERS.current()
    item.description = "SECRET-REVISED-1066"
    with committed():
        item.save()
    assert content_version() == content and READERS.current() == readers + 1
    assert queries_for(Client(), url)[0] == 1  # the public's page stays cached: it does not show the description
    assert "SECRET-REVISED-1066" in councillor_client.get(url).content.decode()


def test_a_seat_taken_after_the_agenda_was_shared_opens_the_members_agenda(
    panel_with_councillors, other_councillor_client
):
    """The variant is chosen from the reader's seats of this request, never from the cached parts."""
    from meetings.models import Membership
    from meetings.municipal_year import MunicipalYear

    panel, _, outsider = panel_with_councillors
    meeting = meeting_in_office(panel)
    factories.item(meeting, title="Contract award", description="SECRET-SEAT-1215", exempt_paragraph=3)
    url = meeting.get_absolute_url()
    assert "SECRET-SEAT-1215" not in other_councillor_client.get(url).content.decode()
    seat = Membership.objects.create(
        panel=panel, councillor=outsider, municipal_year=MunicipalYear.containing(meeting.date).start_year
    )
    assert "SECRET-SEAT-1215" in other_councillor_client.get(url).content.decode()
    seat.delete()
    assert "SECRET-SEAT-1215" not in other_councillor_client.get(url).content.decode()


def test_officers_are_never_served_the_shared_agenda(panel_with_councillors, councillor_client, officer_client):
    """Officers see drafts, which move neither version: their page is rendered every time."""
    panel, _, _ = panel_with_councillors
    meeting = meeting_in_office(panel)
    factories.item(meeting, title="Published item")
    url = meeting.get_absolute_url()
    councillor_client.get(url)
    officer_client.get(url)
    factories.item(meeting, title="A draft item", published_at=None)
    assert "A draft item" in officer_client.get(url).content.decode()
    assert "A draft item" not in councillor_client.get(url).content.decode()


def test_a_background_paper_listed_moves_the_content_version(bumps, officer_user):
    """The meeting page lists a public report's background papers."""
    from meetings.services import add_background_paper

    report = factories.document(factories.item(factories.published_meeting()))
    added = bumps(lambda: add_background_paper(report, title="Census tables", inspection="Town Hall", by=officer_user))
    assert added == 1


def test_with_a_shared_cache_a_councillors_next_visit_makes_three_queries(
    shared_cache, panel_with_councillors, councillor_client
):
    """Session, user and seats: the reader version and the agenda come from Redis."""
    from portal.page_cache import READERS

    panel, _, _ = panel_with_councillors
    meeting = meeting_in_office(panel)
    factories.item(meeting, title="Contract award", description="SECRET-REDIS-1815", exempt_paragraph=3)
    queries_for(councillor_client, meeting.get_absolute_url())
    again, page = queries_for(councillor_client, meeting.get_absolute_url())
    assert again == 3 and "SECRET-REDIS-1815" in page
    assert shared_cache.get(READERS.key) == READERS.current()
