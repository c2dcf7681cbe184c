"""Release the exempt information whose release date has come: run it every day (docs/operations.md)."""

import datetime

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from meetings.exemptions import release_due


class Command(BaseCommand):
    help = (
        "Release every exempt item and paper whose release date is today or earlier: it becomes public, the history "
        "says when and why, and the meeting's packs are queued to be built again. Safe to run as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="Release what is due on this day instead (to catch up after a gap)."
        )

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today {today!r} is not a date: give it as YYYY-MM-DD.") from exc
        if day > timezone.localdate():
            raise CommandError("--today cannot be in the future: nothing may be released before its release date.")
        released = release_due(day)
        for exemption in released:
            record = exemption.record
            self.stdout.write(f"Released {exemption.kind} “{record.title}” ({record.meeting}).")
        self.stdout.write(self.style.SUCCESS(f"{len(released)} released."))
