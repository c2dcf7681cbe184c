"""Load the seed fixtures (fixtures/seed/*.yaml): the council documents the portal was specified from."""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.db import transaction

from meetings.models import Council

SEED_DIR = Path(settings.BASE_DIR) / "fixtures" / "seed"


def seed_fixture_paths() -> list[Path]:
    return sorted(SEED_DIR.glob("*.yaml"))


class Command(BaseCommand):
    help = (
        "Load the seed data once. Rows have fixed keys, so loading again never duplicates anything; "
        "--force reapplies the fixtures over edits made to the seed rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Reload even if the seed is already loaded.")

    def handle(self, *args, force: bool = False, **options):
        if not force and Council.objects.filter(pk=1).exists():
            if options["verbosity"]:
                self.stdout.write("Seed data already loaded (use --force to reload it).")
            return
        paths = seed_fixture_paths()
        with transaction.atomic():
            call_command("loaddata", *[str(path) for path in paths], verbosity=options["verbosity"])
            # Fixtures are saved raw, which the search index's signals skip.
            call_command("rebuild_search_index", verbosity=options["verbosity"])
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Loaded {len(paths)} seed fixtures from {SEED_DIR}."))
