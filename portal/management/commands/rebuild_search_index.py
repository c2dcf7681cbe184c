"""Rebuild the search index from the agenda items, papers, minutes and resolutions."""

import time

from django.core.management import BaseCommand

from portal import search_index


class Command(BaseCommand):
    help = (
        "Rebuild the whole search index in one transaction (searches keep using the old index until it is done). "
        "Needed after loading fixtures, which bypass the signals that keep the index current."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = search_index.rebuild()
        if options["verbosity"]:
            seconds = time.perf_counter() - started
            self.stdout.write(self.style.SUCCESS(f"Indexed {count} search entries in {seconds:.1f} s."))
