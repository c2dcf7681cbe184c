"""Make the published copy and read the text and reading copy of uploaded papers that lack them (papers uploaded
before the portal made them): `manage.py prepare_papers`."""

from django.core.files.base import ContentFile
from django.core.management import BaseCommand
from django.db.models import Q

from meetings.models import Document
from meetings.pdf_files import UnusablePdf, inspect_pdf
from meetings.text_extraction import extract_paper_text


class Command(BaseCommand):
    help = "Make missing published copies (no scripts or non-web links) and read missing text of uploaded PDFs."

    def handle(self, *args, **options):
        papers = Document.objects.exclude(file="").filter(
            Q(published_file="") | Q(text_extracted_at__isnull=True) | Q(reading_copy__isnull=True)
        )
        done = refused = 0
        for document in papers.order_by("pk").iterator():
            if not document.published_file:
                with document.file.open("rb") as handle:
                    data = handle.read()
                try:
                    facts = inspect_pdf(data)
                except UnusablePdf as exc:
                    refused += 1
                    self.stderr.write(f"{document.meeting} – “{document.title}”: {exc}")
                    continue
                document.published_file.save("published.pdf", ContentFile(facts.published), save=False)
                document.skip_history_when_saving = True
                document.save(update_fields=["published_file"])
            if document.text_extracted_at is None or document.reading_copy is None:
                extract_paper_text(document)
            done += 1
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Prepared {done} paper(s); {refused} could not be read."))
