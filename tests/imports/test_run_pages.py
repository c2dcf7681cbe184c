"""The officers' page of import runs: runs with their warnings and tasks, "run again" queued on the worker,
officers only, within a query budget, and valid HTML."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import PARAGRAPH_NOT_SET, Council
from portal.imports.models import ImportRun
from tests import factories
from tests.imports.cases import CAPTURED
from tests.nu_checker import nu_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_run() -> ImportRun:
    council = Council.objects.create(name="Imported Borough Council", slug="imported-borough")
    meeting = factories.meeting(date=datetime.date(2025, 3, 4))
    restricted = factories.item(meeting, title="Land disposal", exempt_paragraph=PARAGRAPH_NOT_SET)
    settled = factories.item(meeting, title="Settled since", exempt_paragraph=3)
    return ImportRun.objects.create(
        council=council,
        folder=str(CAPTURED),
        status=ImportRun.Status.DONE,
        summary={"meetings_created": 2, "papers_failed": 1},
        warnings=["Meeting 4966: the time 'TBC' is not a time."],
        failures=[{"meeting": "4970", "error": "The meeting date '31/02/2026' is not a date written dd/mm/yyyy."}],
        tasks=[
            {"task": "exempt_paragraph", "meeting": "4967", "item": restricted.pk, "title": restricted.title},
            {"task": "exempt_paragraph", "meeting": "4967", "item": settled.pk, "title": settled.title},
            {
                "task": "restricted_paper",
                "meeting": "4967",
                "item": restricted.pk,
                "paper": "6095",
                "title": "Valuation",
            },
            {"task": "paper_failed", "meeting": "4967", "paper": "60860", "title": "Minutes", "detail": "503"},
        ],
    )


def test_officers_read_runs_their_warnings_and_the_tasks_still_to_do(
    officer_client, finished_run, django_assert_max_num_queries
):
    listing = officer_client.get(reverse("imports:run_list")).content.decode()
    assert str(CAPTURED) in listing and finished_run.get_absolute_url() in listing
    with django_assert_max_num_queries(8):
        page = officer_client.get(finished_run.get_absolute_url()).content.decode()
    assert "Land disposal" in page and "Settled since" not in page  # a task done is no longer listed
    assert "Valuation (attachment 6095)" in page and "Minutes (attachment 60860): 503" in page
    assert "ModernGov meeting 4970: The meeting date" in page and "the time &#x27;TBC&#x27; is not a time" in page
    assert "Meetings created" in page


@pytest.mark.parametrize("who", ["anonymous", "councillor", "other_councillor"])
def test_nobody_else_reads_or_repeats_runs(who, request, finished_run):
    client = request.getfixturevalue(f"{who}_client")
    for url in (reverse("imports:run_list"), finished_run.get_absolute_url()):
        assert client.get(url).status_code in (302, 404)
    response = client.post(reverse("imports:run_again", kwargs={"pk": finished_run.pk}))
    assert response.status_code in (302, 404) and ImportRun.objects.count() == 1


def test_run_again_queues_the_same_import_on_the_worker(officer_client, officer_user, finished_run):
    response = officer_client.post(reverse("imports:run_again", kwargs={"pk": finished_run.pk}))
    again = ImportRun.objects.exclude(pk=finished_run.pk).get()
    assert response.status_code == 302 and response["Location"] == again.get_absolute_url()
    # The tests' task backend runs the task at once: the repeated run has read the folder.
    assert again.repeat_of == finished_run and again.requested_by == officer_user and again.task_id
    assert again.status == ImportRun.Status.DONE and again.summary["meetings_created"] == 2
    assert officer_client.get(again.get_absolute_url()).status_code == 200


def test_import_pages_pass_the_nu_html_checker(officer_client, finished_run):
    pages = {
        url: officer_client.get(url).content.decode()
        for url in (reverse("imports:run_list"), finished_run.get_absolute_url())
    }
    assert nu_errors(pages) == {}
