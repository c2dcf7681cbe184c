"""Restore a backup made by `manage.py backup`: `manage.py restore /path/to/folder --yes`."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from portal.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and stored files with a backup's, after checking its checksums."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--yes", action="store_true", help="Confirm: the current data will be replaced.")

    def handle(self, *args, folder: Path, yes: bool = False, **options):
        if not yes:
            raise CommandError("Restoring replaces all current data. Run again with --yes to go ahead.")
        try:
            report = restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
