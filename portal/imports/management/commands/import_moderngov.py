"""Import a council's committees, meetings, agendas, papers, attendance and minutes from ModernGov."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.utils.text import slugify
from tqdm import tqdm

from meetings.models import Council
from portal.imports.models import ImportRun
from portal.imports.moderngov.run import execute
from portal.imports.moderngov.source import Folder, SourceError, WebService


def day(value: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CommandError(f"{value!r} is not a date: write it YYYY-MM-DD (or dd/mm/yyyy), such as 2026-02-10.")


class Command(BaseCommand):
    help = (
        "Import from a council's ModernGov web service ({BASE_URL}/mgWebService.asmx), or from a folder of saved "
        "responses. A second run updates what the first brought in (ModernGov's ids are kept), never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("base_url", nargs="?", help="The ModernGov site, e.g. https://democracy.example.gov.uk")
        parser.add_argument("--from-folder", type=Path, metavar="DIR", help="Saved responses instead of the site.")
        parser.add_argument("--committee", action="append", default=[], metavar="ID", help="Only this committee.")
        parser.add_argument("--from", dest="from_date", metavar="DATE", help="Meetings on or after DATE.")
        parser.add_argument("--to", dest="to_date", metavar="DATE", help="Meetings on or before DATE.")
        parser.add_argument("--council", metavar="NAME", help="The council (created if new).")
        parser.add_argument("--dry-run", action="store_true", help="Read and report; write nothing.")
        parser.add_argument("--report", type=Path, metavar="FILE", help="Where to write the JSON report.")
        parser.add_argument("--timeout", type=float, default=30.0, help="Seconds to wait for each answer.")
        parser.add_argument("--retries", type=int, default=3, help="Tries after a network error or 5xx.")
        parser.add_argument("--pause", type=float, default=0.2, help="Seconds between requests (politeness).")
        parser.add_argument(
            "--workers", type=int, default=0, help="PDF papers checked at a time (default: one per core, at most 4)."
        )

    def handle(self, *args, base_url=None, from_folder=None, **options):
        if bool(base_url) == bool(from_folder):
            raise CommandError("Give either the ModernGov site's address or --from-folder DIR (not both).")
        from_date = day(options["from_date"]) if options["from_date"] else None
        to_date = day(options["to_date"]) if options["to_date"] else None
        if from_date and to_date and from_date > to_date:
            raise CommandError("--from must be on or before --to.")
        if options["workers"] < 0:
            raise CommandError("--workers must be 0 (one per core) or more.")
        council = self.council(options["council"])
        try:
            if from_folder:
                source = Folder(from_folder)
            else:
                source = WebService(
                    base_url, timeout=options["timeout"], retries=options["retries"], pause=options["pause"]
                )
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        run = ImportRun.objects.create(
            council=council,
            base_url=source.label if not from_folder else "",
            folder=str(Path(from_folder).resolve()) if from_folder else "",
            committee_ids=[str(c) for c in options["committee"]],
            from_date=from_date,
            to_date=to_date,
            dry_run=options["dry_run"],
        )
        report_path = options["report"] or Path(settings.BASE_DIR) / "var" / "imports" / f"run-{run.pk}.json"

        def progress(queue):
            return tqdm(queue, desc="Meetings", unit="meeting", disable=None, file=self.stderr)

        report = execute(run, source, progress=progress, report_path=report_path, workers=options["workers"])
        run.refresh_from_db()
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(run.error)
        counts = report.counts
        self.stdout.write(
            ("Dry run (nothing written): " if run.dry_run else "") + f"{counts['committees']} committees, "
            f"{counts['meetings_created']} meetings added, {counts['meetings_updated']} updated, "
            f"{counts['meetings_unchanged']} unchanged, {counts['meetings_failed']} failed; "
            f"{counts['items_created'] + counts['items_updated']} items; "
            f"papers {counts['papers_downloaded']} downloaded, "
            f"{counts['papers_unchanged'] + counts['papers_skipped']} skipped, "
            f"{counts['papers_restricted']} restricted, {counts['papers_failed']} failed; "
            f"{len(report.warnings)} warnings, {len(report.tasks)} tasks for officers."
        )
        for failure in report.failures:
            self.stdout.write(f"  failed: {failure}")
        self.stdout.write(f"Report: {report_path}")

    def council(self, name: str | None) -> Council:
        if name:
            council = Council.objects.filter(name=name).first()
            if council is None:
                base = slugify(name)[:45] or "council"
                slug, n = base, 2
                while Council.objects.filter(slug=slug).exists():
                    slug, n = f"{base}-{n}", n + 1
                council = Council.objects.create(name=name, slug=slug)
            return council
        councils = list(Council.objects.all()[:2])
        if len(councils) != 1:
            raise CommandError("Say which council the record belongs to: --council NAME.")
        return councils[0]
