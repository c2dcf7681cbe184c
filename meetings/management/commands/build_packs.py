"""Build (or rebuild) the agenda packs of one meeting or of every meeting whose agenda is published."""

import datetime
from pathlib import Path

from django.core.management import BaseCommand, CommandError
from tqdm import tqdm

from meetings.models import Meeting
from meetings.packs import plan_pack, render_plan
from meetings.services import build_published_packs, pack_variants, published_meetings


class Command(BaseCommand):
    help = (
        "Build agenda packs. Packs whose content has not changed are kept as they are; --force builds a new "
        "version anyway. Reports pages and seconds per pack."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--meeting", metavar="PANEL-SLUG/YYYY-MM-DD", help="One meeting.")
        target.add_argument("--all", action="store_true", help="Every meeting whose agenda is published.")
        parser.add_argument("--force", action="store_true", help="Build a new version even if nothing changed.")
        parser.add_argument(
            "--write-to",
            metavar="FOLDER",
            type=Path,
            help="Write the packs to FOLDER (<panel>_<date>_<variant>.pdf) instead of storing versions: to check "
            "what this machine's configuration builds, without publishing anything.",
        )

    def handle(self, *args, meeting=None, all=False, force=False, write_to=None, **options):
        if meeting:
            slug, _, date = meeting.partition("/")
            try:
                meetings = [
                    Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory").get(
                        panel__slug=slug, date=datetime.date.fromisoformat(date)
                    )
                ]
            except (ValueError, Meeting.DoesNotExist) as exc:
                raise CommandError(f"No meeting {meeting!r}: give it as panel-slug/YYYY-MM-DD.") from exc
        else:
            meetings = list(published_meetings())
        if write_to is not None:
            return self.write_packs(meetings, write_to)
        built = kept = 0
        progress = tqdm(meetings, unit="meeting", disable=options["verbosity"] == 0, file=self.stderr._out)
        for each, result in build_published_packs(progress, force=force):
            progress.set_description(f"{each.panel.slug} {each.date}")
            pack = result.pack
            state = "built" if result.rebuilt else "unchanged"
            built, kept = built + result.rebuilt, kept + (not result.rebuilt)
            progress.write(
                f"{each.panel.slug}/{each.date} {pack.variant} v{pack.version}: {pack.page_count} pages, "
                f"{result.seconds:.2f} s ({state})",
                file=self.stdout._out,
            )
        progress.close()
        self.stdout.write(self.style.SUCCESS(f"{built} pack(s) built, {kept} unchanged."))

    def write_packs(self, meetings, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for each in meetings:
            for variant in pack_variants(each):
                rendered = render_plan(plan_pack(each, variant, force=True))
                path = folder / f"{each.panel.slug}_{each.date}_{variant}.pdf"
                path.write_bytes(rendered.pdf)
                self.stdout.write(f"{path}: {rendered.layout.page_count} pages")
