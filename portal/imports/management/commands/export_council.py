"""Write the whole council to a folder: every table as JSON, every stored file with its SHA-256, exempt apart."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from portal.imports.council_files import ExportError, export_council


class Command(BaseCommand):
    help = (
        "Export everything to DIR: public/, exempt/ (NOT FOR PUBLICATION), private/ (history, accounts), "
        "manifest.json with each file's SHA-256, and public/ocd/ in the API's Open Civic Data shapes."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path)
        parser.add_argument("--host", help="The host name the Open Civic Data files' links use.")

    def handle(self, *args, destination, host=None, **options):
        try:
            manifest = export_council(destination, host=host)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"{rows} rows in {len(manifest['tables'])} files, {len(manifest['files'])} stored files.")
