"""Back up the database and the stored files into a folder: `manage.py backup /path/to/folder`."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from portal.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write database.dump (pg_dump), media.tar (uploaded papers and packs) and manifest.json to a folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the database and {len(manifest['media']['files'])} stored files to {folder}."
            )
        )
