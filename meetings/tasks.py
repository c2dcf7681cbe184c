"""Background tasks, run by the worker (`manage.py db_worker`) so no request waits for a pack to build."""

from django.tasks import task

from meetings.models import PackBuildJob


@task()
def publish_agenda_task(job_id: int, urgency_reason: str = "") -> str:
    from meetings.services import run_publication

    job = PackBuildJob.objects.select_related("meeting", "requested_by").get(pk=job_id)
    return run_publication(job, urgency_reason).status
