"""Queuing an import run for the background worker."""

from django.db import transaction

from portal.imports.models import ImportRun
from portal.imports.tasks import import_moderngov_task


def queue_run_again(run: ImportRun, *, by) -> ImportRun:
    """A new run with the same source and options, queued for the worker. The queue is a table in this same
    database (django-tasks-db), so the run and its task are written together or not at all, as pack builds are."""
    with transaction.atomic():
        again = ImportRun.objects.create(
            council=run.council,
            base_url=run.base_url,
            folder=run.folder,
            committee_ids=run.committee_ids,
            from_date=run.from_date,
            to_date=run.to_date,
            dry_run=run.dry_run,
            requested_by=by,
            repeat_of=run,
        )
        result = import_moderngov_task.enqueue(again.pk)
        ImportRun.objects.filter(pk=again.pk).update(task_id=str(result.id))
    again.refresh_from_db()
    return again
