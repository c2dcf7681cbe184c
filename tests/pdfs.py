"""PDFs for tests: made with WeasyPrint, each page carrying a text marker that can be found again."""

import io

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
