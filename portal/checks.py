"""System checks run by `manage.py migrate` (and `check --database`) before it touches a database."""

from django.core.checks import Error, Tags, register
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

OWN_APPS = {"portal", "meetings", "minutes", "scrutiny", "imports"}


@register(Tags.database)
def squashed_migrations_taken_over_whole(app_configs=None, databases=None, **kwargs) -> list[Error]:
    """Each squashed migration of the portal's apps creates its app's final models at once, so it can stand for the
    migrations it replaces when all of them are applied (a database made before the squash) or none (a new one),
    and not when a database stopped part-way through them: Django would then run the rest of the old ones on top
    of the squashed models and fail part-way through `migrate` (adding a column the squash already made). This says
    so first, before anything is changed."""
    errors = []
    squashes = [
        migration
        for migration in MigrationLoader(None, ignore_no_migrations=True).replacements.values()
        if migration.app_label in OWN_APPS
    ]
    for alias in databases or ():
        recorder = MigrationRecorder(connections[alias])
        if not recorder.has_table():
            continue
        applied = set(recorder.applied_migrations())
        for squash in squashes:
            missing = [name for app, name in squash.replaces if (app, name) not in applied]
            if missing and len(missing) < len(squash.replaces):
                errors.append(
                    Error(
                        f"The database {alias!r} has only some of the migrations that {squash.app_label} "
                        f"{squash.name} replaces applied; not {', '.join(missing)}.",
                        hint="Migrate it first with a release from before the squash (commit 914b25d or earlier), "
                        "then with this one: docs/operations.md, One or several app servers.",
                        id="portal.E001",
                    )
                )
    return errors
