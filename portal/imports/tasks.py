"""Background tasks, run by the worker (`manage.py db_worker`): an import run queued from the officers' page."""

from django.tasks import task

from portal.imports.models import ImportRun
from portal.imports.moderngov.run import execute
from portal.imports.moderngov.source import SourceError
from portal.imports.moderngov.sources import source_for


@task()
def import_moderngov_task(run_id: int) -> str:
    run = ImportRun.objects.select_related("council").get(pk=run_id)
    try:
        source = source_for(run)
    except SourceError as exc:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED, error=str(exc))
        return ImportRun.Status.FAILED
    execute(run, source)
    return ImportRun.objects.get(pk=run.pk).status
