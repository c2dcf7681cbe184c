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


@task()
def build_published_packs_task() -> int:
    """The packs of every meeting whose agenda is published and whose packs are missing or out of date, as
    `build_packs --all` builds them (`make run` queues this after loading the seed, so the server answers without
    waiting for them). Returns the number of versions built."""
    from meetings.services import build_published_packs, published_meetings

    return sum(result.rebuilt for _, result in build_published_packs(published_meetings()))
