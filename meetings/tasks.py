"""Background tasks, run by the worker (`manage.py db_worker`) so no request waits for a pack to build."""

from django.tasks import task

from meetings.models import PackBuildJob


@task()
def publish_agenda_task(job_id: int, urgency_reason: str = "") -> str:
    from meetings.services import run_publication

    job = PackBuildJob.objects.select_related("meeting", "requested_by").get(pk=job_id)
    return run_publication(job, urgency_reason).status


@task()
def rebuild_packs_task(meeting_id: int, note: str, user_id: int | None = None) -> int:
    """A new version of a meeting's packs after exempt information in it was released (meetings/exemptions.py):
    the public pack then holds it. Unchanged packs are kept. Returns the number of versions built."""
    from django.contrib.auth import get_user_model

    from meetings.models import Meeting
    from meetings.services import build_meeting_packs

    meeting = Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory").get(pk=meeting_id)
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return sum(build.rebuilt for build in build_meeting_packs(meeting, by=by, note=note[:300]))
