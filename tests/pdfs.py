"""PDFs for tests: made with WeasyPrint, each page carrying a text marker that can be found again."""

import io
import re
from dataclasses import dataclass

import pikepdf
import weasyprint
from pypdf import PdfReader


def make_pdf(markers: list[str], *, landscape_pages: tuple[int, ...] = ()) -> bytes:
    pages = []
    for index, marker in enumerate(markers):
        page = "landscape" if index in landscape_pages else "portrait"
        pages.append(f'<section style="page: {page}; break-before: page"><h1>{marker}</h1></section>')
    html = "<style>@page portrait { size: A4 } @page landscape { size: A4 landscape }</style>" + "".join(pages)
    return weasyprint.HTML(string=html).write_pdf()


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def printed_page_ranges(texts: list[str]) -> list[tuple[int, int]]:
    """The page ranges the front sheet prints beside the items ("3 - 11"): the pages before the first paper."""
    front = []
    for text in texts:
        if "Agenda item" in text:  # every authored paper names its item on its first page
            break
        front.append(text)
    return [(int(first), int(last)) for first, last in re.findall(r"(\d+) - (\d+)", "\n".join(front))]


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font the pages use (also inside form XObjects), and whether its font program is embedded."""
    found: dict[str, bool] = {}

    def visit(resources, depth: int = 0) -> None:
        if resources is None or depth > 8:
            return
        for font in (resources.get("/Font") or {}).values():
            descriptor_holder = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descriptor_holder.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font.get("/BaseFont", "?"))] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"), depth + 1)

    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            visit(page.obj.get("/Resources"))
    return found


@dataclass
class PackFacts:
    """What two packs must share to be the same pack: pages, printed ranges, embedded fonts, text per page."""

    page_count: int
    printed_ranges: list[tuple[int, int]]
    fonts: dict[str, bool]
    texts: list[str]

    @property
    def all_fonts_embedded(self) -> bool:
        return bool(self.fonts) and all(self.fonts.values())


def pack_facts(pdf: bytes) -> PackFacts:
    texts = page_texts(pdf)
    # Subset fonts are named ABCDEF+Family: the prefix is random per build, the family is what matters.
    families = {name.split("+", 1)[-1]: embedded for name, embedded in fonts(pdf).items()}
    return PackFacts(page_count=len(texts), printed_ranges=printed_page_ranges(texts), fonts=families, texts=texts)
