"""Back up the database and the stored files into a folder: `manage.py backup /path/to/folder`."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from portal.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write database.sql.gz (plain SQL), media.tar (uploaded papers and packs) and manifest.json to a folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the database (PostgreSQL {manifest['database']['server_version']}, with "
                f"{manifest['database']['made_with']}) and {len(manifest['media']['files'])} stored files to {folder}."
            )
        )
