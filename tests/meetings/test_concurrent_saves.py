"""Two saves at the same moment, on two real database connections (threads, committed data): one lock order means
no deadlock; a collision the database refuses anyway answers 409 with the typed text kept, never the 503 page; and
publication holds no row lock while it renders, so an officer's edit during a build saves at once."""

import re
import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection, connections
from django.test import Client

from meetings.models import AgendaItem, AgendaPack, PackBuildJob
from meetings.packs import fingerprint
from meetings.packs.collect import collect
from meetings.services import move_item, run_publication, update_item
from minutes import services as minutes_services
from portal.errors import SaveCollided, StaleEdit
from tests import factories
from tests.meetings.manage.test_agenda import future_meeting, url, version
from tests.pdfs import page_texts

pytestmark = pytest.mark.django_db(transaction=True)

LOCKS = re.compile(r"\bFOR (NO KEY )?UPDATE\b")


def pause_after_first_lock(seconds: float):
    """An execute wrapper: after the transaction's first row-locking statement, wait, so that the other
    transaction of the race starts in between (the interleaving that deadlocks when two orders differ)."""
    paused = threading.Event()

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not paused.is_set() and LOCKS.search(sql):
            paused.set()
            time.sleep(seconds)
        return result

    return wrapper


def race(*changes):
    """Run the changes at the same moment, each on its own connection; return what each ended with."""
    start = threading.Barrier(len(changes))
    outcomes: list = [None] * len(changes)

    def run(index, change):
        try:
            start.wait()
            with connection.execute_wrapper(pause_after_first_lock(0.5)):
                change()
            outcomes[index] = "saved"
        except StaleEdit:
            outcomes[index] = "stale"
        except SaveCollided:
            outcomes[index] = "collided"
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, change)) for index, change in enumerate(changes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_an_item_edit_racing_a_move_of_the_same_agenda_does_not_deadlock(officer_user):
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    agenda_version = version(meeting)
    outcomes = race(
        lambda: update_item(item, version=item.version, by=officer_user, title="Budget monitoring, quarter 2"),
        lambda: move_item(item, offset=-1, agenda_version=agenda_version, by=officer_user),
    )
    assert not any(isinstance(outcome, Exception) for outcome in outcomes), outcomes
    # Both ran, one after the other: the second saw the first (a stale edit, 409) or did not need to.
    assert "saved" in outcomes and set(outcomes) <= {"saved", "stale"}


def test_a_minute_edit_racing_a_reorder_of_the_same_minutes_does_not_deadlock(officer_user):
    from tests.minutes.builders import minutes_with_entries

    meeting = factories.published_meeting(factories.panel(minute_numbering="per_meeting"))
    minutes = minutes_with_entries(meeting, 3)
    entries = list(minutes.entries.order_by("position"))
    outcomes = race(
        lambda: minutes_services.update_entry(
            entries[2], by=officer_user, version=entries[2].version, heading="Budget", body_html="<p>Agreed.</p>"
        ),
        lambda: minutes_services.reorder_entries(
            minutes, by=officer_user, order=[entries[2].pk, entries[0].pk, entries[1].pk]
        ),
    )
    assert outcomes == ["saved", "saved"], outcomes


def waiting_for_a_lock(query_fragment: str, timeout: float = 10) -> None:
    """Until another backend waits for a row lock in a statement containing `query_fragment`."""
    deadline = time.monotonic() + timeout
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
                [f"%{query_fragment}%"],
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError(f"no backend waited for a lock in {query_fragment}")


def test_a_deadlock_answers_409_with_the_typed_text_kept_not_the_503_page(officer_user):
    """Another connection holds the item and then asks for the meeting while the officer's save holds the meeting
    and waits for the item: PostgreSQL kills the officer's transaction (it checks first). The officer is told to
    save again, with what they typed."""
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    client = Client()
    client.force_login(officer_user)
    typed = "Budget monitoring: what the officer typed"
    response = {}

    def officer_saves():
        prefix = f"item{item.pk}"
        response["page"] = client.post(
            url("item_edit", meeting, item_id=item.pk),
            {f"{prefix}-title": typed, f"{prefix}-kind": "report", f"{prefix}-version": item.version},
        )
        connections.close_all()

    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            # This session waits long before looking for deadlocks, so the officer's is the one PostgreSQL ends.
            cursor.execute("SET deadlock_timeout = '20s'")
            cursor.execute("SELECT id FROM meetings_agendaitem WHERE id = %s FOR UPDATE", [item.pk])
            save = threading.Thread(target=officer_saves)
            save.start()
            waiting_for_a_lock("meetings_agendaitem")  # the officer's save holds the meeting, waits for the item
            cursor.execute("SELECT id FROM meetings_meeting WHERE id = %s FOR UPDATE", [meeting.pk])
            save.join(timeout=30)
        other.rollback()
    finally:
        other.close()
    page = response["page"]
    assert page.status_code == 409
    body = page.content.decode()
    assert "Someone else was saving at the same moment" in body
    assert typed in body, "what the officer typed is given back"
    assert "busy or being maintained" not in body
    assert AgendaItem.objects.get(pk=item.pk).title == "Budget monitoring"


def test_a_raw_collision_in_a_view_without_its_own_screen_answers_409_with_the_text(officer_client, monkeypatch):
    from psycopg import errors

    def deadlocked(*args, **kwargs):
        raise OperationalError("deadlock detected") from errors.DeadlockDetected("deadlock detected")

    monkeypatch.setattr("meetings.manage.agenda.add_report", deadlocked)
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    response = officer_client.post(
        url("paper_write", meeting, item_id=item.pk),
        {"title": "Report typed during a collision", "kind": "report", "body_html": "<p>Long text</p>"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else was saving at the same moment" in body and "Report typed during a collision" in body
    assert 'type="hidden" name="title" value="Report typed during a collision"' in body  # to send it again


def test_an_edit_during_a_slow_build_saves_at_once_and_goes_into_the_pack(officer_user, monkeypatch):
    from meetings import packs

    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    job = PackBuildJob.objects.create(meeting=meeting, requested_by=officer_user)
    rendering, release = threading.Event(), threading.Event()
    real_render = packs.render_layout
    renders = []

    def slow_render(source):
        renders.append(source)
        rendering.set()
        release.wait(timeout=60)
        return real_render(source)

    monkeypatch.setattr("meetings.packs.render_layout", slow_render)

    def build():
        try:
            run_publication(PackBuildJob.objects.select_related("meeting", "requested_by").get(pk=job.pk))
        finally:
            connections.close_all()

    builder = threading.Thread(target=build)
    builder.start()
    assert rendering.wait(timeout=60), "the build started rendering"
    client = Client()
    client.force_login(officer_user)
    prefix = f"item{item.pk}"
    started = time.perf_counter()
    response = client.post(
        url("item_edit", meeting, item_id=item.pk),
        {f"{prefix}-title": "Budget monitoring, edited during the build", f"{prefix}-kind": "report",
         f"{prefix}-version": item.version},
    )  # fmt: skip
    edit_seconds = time.perf_counter() - started
    release.set()
    builder.join(timeout=120)
    close_old_connections()

    assert response.status_code == 302, "saved (and back to the agenda)"
    assert edit_seconds < 5, f"the edit waited {edit_seconds:.1f} s for the build"
    job.refresh_from_db()
    assert job.status == PackBuildJob.Status.DONE, job.error
    assert len(renders) == 2, "the content changed during the build, so the pack was built again"
    pack = AgendaPack.objects.get(meeting=meeting, variant="public")
    assert "Budget monitoring, edited during the build" in "\n".join(page_texts(pack.file.open("rb").read()))
    assert pack.fingerprint == fingerprint(collect(meeting, "public")), "the version says what it contains"
    print(f"\nAn item edit during a pack build saved in {edit_seconds * 1000:.0f} ms")
