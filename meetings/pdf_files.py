"""Checks on uploaded PDF papers: read by content with pypdf, refused with a clear reason when unusable."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF_MAGIC = b"%PDF-"


class UnusablePdf(ValueError):
    """The file cannot be published as a paper; the message says why, in words for the officer."""


@dataclass(frozen=True)
class PdfFacts:
    page_count: int
    sha256: str
    size: int
    # (width, height) in points of each page as displayed, rotation applied.
    page_sizes: tuple[tuple[float, float], ...]


def max_upload_bytes() -> int:
    return settings.PORTAL_MAX_UPLOAD_BYTES


def inspect_pdf(data: bytes) -> PdfFacts:
    """Facts about a PDF, or UnusablePdf if it is not one, is encrypted, broken, empty or too large."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise UnusablePdf(
            f"The file is {len(data) / 1_048_576:.1f} MB; papers can be at most {limit / 1_048_576:.0f} MB. "
            "Reduce the size of images in it, or split it into appendices."
        )
    # The signature may follow a little junk, as the PDF specification allows, but it must be there.
    if PDF_MAGIC not in data[:1024]:
        raise UnusablePdf("The file is not a PDF. Save or export the paper as a PDF and upload that.")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UnusablePdf(
                "The PDF is password-protected or encrypted. Save an unprotected copy and upload that, "
                "so that it can be published and read by assistive technology."
            )
        sizes = tuple(_displayed_size(page) for page in reader.pages)
    except UnusablePdf:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise UnusablePdf(
            "The PDF is damaged and cannot be read. Open it, save a fresh copy as a PDF, and upload that."
        ) from exc
    if not sizes:
        raise UnusablePdf("The PDF has no pages.")
    return PdfFacts(page_count=len(sizes), sha256=hashlib.sha256(data).hexdigest(), size=len(data), page_sizes=sizes)


def _displayed_size(page) -> tuple[float, float]:
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    if width <= 0 or height <= 0:
        raise ValueError("page has no area")
    if page.rotation % 180:
        width, height = height, width
    return round(width, 2), round(height, 2)
