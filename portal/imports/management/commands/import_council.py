"""Load a folder written by `export_council` into an empty portal."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError, call_command

from portal.imports.council_files import ExportError, import_council


class Command(BaseCommand):
    help = "Load an export_council folder into this portal, which must hold no council yet."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)

    def handle(self, *args, source, **options):
        try:
            manifest = import_council(source)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        call_command("rebuild_search_index", verbosity=0)
        self.stdout.write(f"Loaded {sum(manifest['tables'].values())} rows and {len(manifest['files'])} files.")
