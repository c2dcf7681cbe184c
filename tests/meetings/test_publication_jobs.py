"""Publication jobs never stick: the job and its task are queued together, a job that will never finish is given
up with the reason, the officer sees it and can try again, and the back office lists the jobs."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meetings.models import AgendaPack, PackBuildJob
from meetings.services import fail_stuck_jobs, request_publication
from tests.meetings.manage.test_agenda import future_meeting, url, version

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def queued_job(meeting, officer) -> PackBuildJob:
    with override_settings(TASKS=DATABASE_QUEUE):
        return request_publication(meeting, by=officer, agenda_version=version(meeting))


def test_the_job_and_its_task_are_queued_in_one_transaction(officer_user):
    meeting = future_meeting()
    job = queued_job(meeting, officer_user)
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.args_kwargs["args"] == [job.pk] and job.status == PackBuildJob.Status.QUEUED

    # If the transaction that asks for the publication rolls back, neither the job nor its task is left.
    other = future_meeting(days=40)
    tasks_before = DBTaskResult.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        queued_job(other, officer_user)
        raise RuntimeError("the request failed after queuing")
    assert not PackBuildJob.objects.filter(meeting=other).exists()
    assert DBTaskResult.objects.count() == tasks_before


def test_a_build_whose_worker_stopped_beating_is_given_up_and_the_officer_sees_why(officer_client, officer_user):
    meeting = future_meeting()
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    job = PackBuildJob.objects.create(
        meeting=meeting, requested_by=officer_user, status="running", started_at=long_ago, heartbeat_at=long_ago
    )
    page = officer_client.get(url("publish_status", meeting, job_id=job.pk)).content.decode()
    job.refresh_from_db()
    assert job.status == PackBuildJob.Status.FAILED and job.finished_at
    assert "The background worker building the pack stopped" in job.error
    assert "Publishing failed" in page and "Building the agenda pack" not in page and "Try again" in page


def test_a_build_that_is_alive_is_left_alone(officer_user):
    meeting = future_meeting()
    job = PackBuildJob.objects.create(
        meeting=meeting, requested_by=officer_user, status="running", started_at=timezone.now()
    )
    PackBuildJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    assert fail_stuck_jobs(meeting) == []
    job.refresh_from_db()
    assert job.status == PackBuildJob.Status.RUNNING


def test_a_build_whose_task_failed_is_given_up_with_the_reason(officer_user):
    meeting = future_meeting()
    job = queued_job(meeting, officer_user)
    DBTaskResult.objects.get(id=job.task_id).set_failed(MemoryError("the worker ran out of memory"))
    with override_settings(TASKS=DATABASE_QUEUE):
        assert fail_stuck_jobs(meeting) == [job]
    job.refresh_from_db()
    assert job.status == PackBuildJob.Status.FAILED and "builtins.MemoryError" in job.error


def test_a_build_no_worker_takes_up_is_given_up_after_the_queue_timeout(officer_user):
    meeting = future_meeting()
    job = queued_job(meeting, officer_user)
    with override_settings(TASKS=DATABASE_QUEUE):
        assert fail_stuck_jobs(meeting) == []  # queued a moment ago: waiting for the worker is normal
        with override_settings(PACK_BUILD_QUEUE_SECONDS=0):
            assert fail_stuck_jobs(meeting) == [job]
    job.refresh_from_db()
    assert "No background worker started the build" in job.error


def test_publishing_is_not_refused_for_ever_after_a_worker_died(officer_client, officer_user):
    meeting = future_meeting()
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    PackBuildJob.objects.create(meeting=meeting, status="running", started_at=long_ago, heartbeat_at=long_ago)
    response = officer_client.post(url("publish", meeting), {"agenda_version": version(meeting)})
    job = PackBuildJob.objects.filter(meeting=meeting).latest("created_at")
    assert response.status_code == 302 and job.status == PackBuildJob.Status.DONE
    assert AgendaPack.objects.filter(meeting=meeting, variant="public").exists()


def test_a_failed_publication_can_be_tried_again_with_its_reason_for_urgency(officer_client, officer_user):
    meeting = future_meeting(days=3)
    failed = PackBuildJob.objects.create(
        meeting=meeting, requested_by=officer_user, status="failed", urgency_reason="Budget deadline", error="x"
    )
    response = officer_client.post(url("publish_retry", meeting, job_id=failed.pk))
    retry = PackBuildJob.objects.get(retry_of=failed)
    assert response.url == url("publish_status", meeting, job_id=retry.pk)
    assert retry.status == PackBuildJob.Status.DONE and retry.urgency_reason == "Budget deadline"
    assert meeting.agenda_items.filter(published_at__isnull=True).count() == 0
    meeting.refresh_from_db()
    assert meeting.urgency_reason == "Budget deadline"


def test_only_a_failed_publication_is_tried_again(officer_client, officer_user):
    meeting = future_meeting()
    done = PackBuildJob.objects.create(meeting=meeting, requested_by=officer_user, status="done")
    response = officer_client.post(url("publish_retry", meeting, job_id=done.pk), follow=True)
    assert "Only a publication that failed can be tried again." in response.content.decode()
    assert not PackBuildJob.objects.filter(retry_of=done).exists()


def test_a_build_given_up_meanwhile_stores_nothing(officer_user, monkeypatch):
    """The worker looked dead (no heartbeat) but was only slow: once given up, its late result is discarded, as
    the officer may already have started another publication."""
    from meetings import packs

    meeting = future_meeting()
    real = packs.render_layout

    def slow_render(source):
        PackBuildJob.objects.filter(meeting=meeting).update(status="failed", error="given up")
        return real(source)

    monkeypatch.setattr("meetings.packs.render_layout", slow_render)
    with override_settings(TASKS=DATABASE_QUEUE):
        job = request_publication(meeting, by=officer_user, agenda_version=version(meeting))
    from meetings.services import run_publication

    job = run_publication(job)
    assert job.status == PackBuildJob.Status.FAILED and job.error == "given up"
    assert not AgendaPack.objects.filter(meeting=meeting).exists()
    assert not meeting.agenda_items.filter(published_at__isnull=False).exists()


def test_the_back_office_lists_pack_builds_and_gives_up_stuck_ones(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="admin@example.org", password="a-long-password-1")
    client.force_login(admin)
    meeting = future_meeting()
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    stuck = PackBuildJob.objects.create(meeting=meeting, status="running", started_at=long_ago, heartbeat_at=long_ago)
    changelist = reverse("admin:meetings_packbuildjob_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(reverse("admin:meetings_packbuildjob_change", args=[stuck.pk])).status_code == 200
    client.post(changelist, {"action": "give_up_stuck", "_selected_action": [stuck.pk]})
    stuck.refresh_from_db()
    assert stuck.status == PackBuildJob.Status.FAILED
