"""Stages 2 and 3 of the pack pipeline: lay out the whole pack with WeasyPrint, then measure where each item's
papers fell.

The front sheet's page ranges are filled by WeasyPrint itself (CSS target-counter), in the same layout as the
papers, so they cannot disagree with it. Uploaded PDFs are represented by empty placeholder pages of the same
size; WeasyPrint's write puts the uploaded pages under them (assemble.py). One layout pass gives one tagged
structure tree, written once.
"""

import io
import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from pypdf import PdfReader

from meetings.models import PARAGRAPH_NOT_SET, paragraph_wording
from meetings.packs.assemble import Underlays
from meetings.packs.collect import PackContent
from meetings.packs.tagging import fix_tagging
from portal.formats import long_date, short_date

if TYPE_CHECKING:
    import weasyprint

BASE_URL = "https://pack.invalid/"
# The pack's own address for the portal's static files: templates name files by their logical names under it
# (/static/css/pack.css), whatever STATIC_URL and the static files storage are, so a pack never depends on DEBUG,
# hashed names or collectstatic.
STATIC_PREFIX = "/static/"
MAX_PAGE_SIDE = 200 * 72  # points: as the upload check (meetings/pdf_files.py)


class PackAssetsMissing(Exception):
    """The pack's stylesheet, fonts or images did not load: a pack built without them would be unreadable."""

    def __init__(self, failures: list[str]):
        self.failures = failures
        super().__init__(
            "the pack's stylesheet, fonts or images could not be loaded, so it would have come out without its "
            "layout and page numbers (" + "; ".join(failures) + ")"
        )


def static_file(name: str) -> Path | None:
    """The portal's own static file of this name, read from the app's files (no collectstatic needed).

    A hashed name (css/pack.33eea2e6dd75.css), as `{% static %}` gives with the manifest storage, is read as the
    file it was made from, so a template written either way renders the same pack."""
    found = finders.find(name)
    if found:
        return Path(found)
    hashed_files = getattr(staticfiles_storage, "hashed_files", None) or {}
    for original, hashed in hashed_files.items():
        if hashed == name and (found := finders.find(original)):
            return Path(found)
    return None


class _LoadFailures(logging.Handler):
    """WeasyPrint's own reports of resources it could not use (a font file that does not parse, say), from the
    thread that renders, so two builds in one process never see each other's."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.thread = threading.get_ident()
        self.failures: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if record.thread == self.thread and ("Failed to load" in message or "cannot be loaded" in message):
            self.failures.append(message)


@contextmanager
def weasyprint_load_failures():
    handler = _LoadFailures()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.failures
    finally:
        logger.removeHandler(handler)


class UnreadablePaper(ValueError):
    """An uploaded paper could not be put into the pack; the message names it, for the officer."""

    def __init__(self, title: str, item_number: str, reason: object):
        self.title, self.item_number = title, item_number
        super().__init__(
            f"The paper “{title}” (item {item_number}) could not be put into the pack ({reason}). "
            "Replace it with a fresh copy of the PDF, then publish again."
        )


@dataclass(frozen=True)
class InsertedPage:
    anchor: str
    page_name: str
    width: float
    height: float


@dataclass
class Layout:
    """The rendered pack, uploaded PDFs in place."""

    pdf: bytes
    page_count: int
    page_ranges: dict[int, tuple[int, int]]  # agenda item pk -> first and last page (1-based)
    inserted: dict[str, int]  # placeholder anchor -> page index (0-based)


def _page_name(width: float, height: float, exempt_paragraph: int | None) -> str:
    name = f"pdf-{round(width)}x{round(height)}"
    return f"{name}-exempt-{exempt_paragraph}" if exempt_paragraph is not None else name


def _not_for_publication(paragraph: int) -> str:
    # In place of the running header, so the marking has the whole width of the page.
    marking = css_string(f"NOT FOR PUBLICATION: exempt under {paragraph_wording(paragraph)} of Schedule 12A")
    return f'@top-left {{ content: {marking}; font: bold 10pt "Pack Sans"; color: #8b0000; }}'


def css_string(value: str) -> str:
    """A CSS string literal, safe whatever the value holds."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    return f'"{escaped}"'


def running_header(content: PackContent) -> str:
    meeting = content.meeting
    text = f"{meeting.panel.name} – {long_date(meeting.date)}"
    return f"@page {{ @top-left {{ content: {css_string(text)}; }} }}"


def prepare_inserted_pages(content: PackContent, read_file) -> tuple[str, dict, dict]:
    """Give each uploaded paper its placeholder pages; return the @page rules the pack needs (running header,
    exempt markings, placeholder sizes), where each placeholder's content comes from, and which paper it is.
    A paper that cannot be read raises UnreadablePaper, naming it."""
    rules = {"header": running_header(content)}
    rules |= {
        f"exempt-{n}": f"@page exempt-{n} {{ {_not_for_publication(n)} }}" for n in [PARAGRAPH_NOT_SET, *range(1, 8)]
    }
    sources: dict[str, tuple[bytes, int]] = {}
    papers: dict[str, tuple[str, str]] = {}
    for entry in content.entries_with_papers:
        for paper in entry.papers:
            if not paper.is_uploaded_pdf:
                continue
            try:
                data = read_file(paper.document)
                reader = PdfReader(io.BytesIO(data))
                boxes = [
                    (page, abs(float(page.mediabox.width)), abs(float(page.mediabox.height))) for page in reader.pages
                ]
            except Exception as exc:  # noqa: BLE001 - whatever is wrong with the file, say which paper it is
                raise UnreadablePaper(paper.document.title, entry.item.number, exc) from exc
            pages = []
            for index, (page, width, height) in enumerate(boxes):
                if not (3 <= width <= MAX_PAGE_SIDE and 3 <= height <= MAX_PAGE_SIDE):
                    reason = f"page {index + 1} is {width / 72:.3g} × {height / 72:.3g} inches"
                    raise UnreadablePaper(paper.document.title, entry.item.number, reason)
                if page.rotation % 180:
                    width, height = height, width
                name = _page_name(width, height, paper.exempt_paragraph)
                if name not in rules:
                    marking = _not_for_publication(paper.exempt_paragraph) if paper.exempt_paragraph is not None else ""
                    rules[name] = f"@page {name} {{ size: {width:.2f}pt {height:.2f}pt; {marking} }}"
                anchor = f"{paper.anchor}-page-{index + 1}"
                pages.append(InsertedPage(anchor=anchor, page_name=name, width=width, height=height))
                sources[anchor] = (data, index)
                papers[anchor] = (paper.document.title, entry.item.number)
            paper.inserted_pages = pages
    return "\n".join(rules.values()), sources, papers


def pack_title(content: PackContent) -> str:
    meeting = content.meeting
    return f"Agenda pack: {meeting.panel.name}, {short_date(meeting.date)}"


def render_html(content: PackContent, page_rules: str, page_ranges: dict | None = None) -> str:
    """The whole pack as one HTML document. With `page_ranges`, the front sheet prints them as text (for the
    HTML preview); without, WeasyPrint fills them in from the layout."""
    return render_to_string(
        "meetings/pack/pack.html",
        {
            "content": content,
            "meeting": content.meeting,
            "variant": content.variant,
            "page_rules": page_rules,
            "page_ranges": page_ranges,
            "title": pack_title(content),
        },
    )


def render_pdf_document(html: str) -> "weasyprint.Document":
    """Lay the HTML out, or raise PackAssetsMissing if any stylesheet, font or image failed to load.

    WeasyPrint is imported here, when a PDF is first made, not with the module: the pipeline is imported by every
    process that has the URLs (each web worker, each command), and importing WeasyPrint costs 1.5 to 3 s and 20 MB
    of memory in a process that, serving pages, never makes a PDF."""
    import weasyprint

    from meetings.packs.fetcher import StaticOnlyFetcher

    fetcher = StaticOnlyFetcher()
    with weasyprint_load_failures() as logged:
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    if failures := list(dict.fromkeys(fetcher.failures + logged)):
        raise PackAssetsMissing(failures)
    return document


def write_tagged_pdf(document: "weasyprint.Document", uploaded_pages: list[tuple] = ()) -> bytes:
    """The final file: PDF/UA-1 (tagged structure, /MarkInfo, PDF 1.7), /Lang from <html lang>, title, author and
    creator from the <head> (shown in the window bar), the PDF/UA fixes applied to WeasyPrint's objects before
    they are written (tagging.py), and each uploaded page (page index, (PDF bytes, its page index), (paper title,
    item number)) drawn under its placeholder. A page that cannot be drawn raises UnreadablePaper, naming it."""

    def finish(document: "weasyprint.Document", pdf) -> None:
        fix_tagging(document, pdf)
        underlays = Underlays(pdf)
        for page_index, (data, source_index), (title, item_number) in uploaded_pages:
            try:
                underlays.place(page_index, data, source_index)
            except Exception as exc:  # noqa: BLE001 - whatever is wrong with the file, say which paper it is
                raise UnreadablePaper(title, item_number, exc) from exc

    return document.write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1", custom_metadata=True, finisher=finish)


@dataclass
class PackSource:
    """The whole pack as HTML with the uploaded pages it needs: made from the database, then laid out without
    touching it (so no transaction stays open while WeasyPrint works)."""

    html: str
    sources: dict[str, tuple[bytes, int]]  # placeholder anchor -> (uploaded PDF bytes, its page index)
    item_anchors: dict[int, tuple[str, str]]  # agenda item pk -> anchors of the start and end of its papers
    papers: dict[str, tuple[str, str]] = field(default_factory=dict)  # anchor -> (paper title, item number)


def compose(content: PackContent, read_file) -> PackSource:
    page_rules, sources, papers = prepare_inserted_pages(content, read_file)
    return PackSource(
        html=render_html(content, page_rules),
        sources=sources,
        item_anchors={entry.item.pk: (entry.anchor, entry.end_anchor) for entry in content.entries_with_papers},
        papers=papers,
    )


def render_layout(source: PackSource) -> Layout:
    document = render_pdf_document(source.html)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            # An element split over pages is anchored on each of them; its start is the first.
            anchors.setdefault(name, index)
    inserted = {anchor: anchors[anchor] for anchor in source.sources}
    uploaded_pages = [
        (index, source.sources[anchor], source.papers.get(anchor, ("(unknown)", "?")))
        for anchor, index in inserted.items()
    ]
    return Layout(
        pdf=write_tagged_pdf(document, uploaded_pages),
        page_count=len(document.pages),
        page_ranges={
            item: (anchors[start] + 1, anchors[end] + 1) for item, (start, end) in source.item_anchors.items()
        },
        inserted=inserted,
    )


def layout(content: PackContent, read_file) -> Layout:
    return render_layout(compose(content, read_file))
