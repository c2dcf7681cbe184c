"""Checks on uploaded PDF papers: read by content, in a child process limited in time and memory, and refused
with a clear reason when unusable. The check also makes the copy the portal republishes (packs, the public
download): active content and non-web links removed, page boxes normalised. The original is kept byte for byte."""

import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

PDF_MAGIC = b"%PDF-"
BASE_DIR = Path(__file__).resolve().parent.parent
SAVE_A_FRESH_COPY = "Open it, save a fresh copy as a PDF (or print it to PDF), and upload that."


class UnusablePdf(ValueError):
    """The file cannot be published as a paper; the message says why, in words for the officer."""


@dataclass(frozen=True)
class PdfFacts:
    page_count: int
    sha256: str
    size: int
    # (width, height) in points of each page as displayed, rotation applied.
    page_sizes: tuple[tuple[float, float], ...]
    # The copy the portal republishes, and what was taken out of it ({"JavaScript action": 2, ...}).
    published: bytes = field(default=b"", repr=False)
    removed: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def max_upload_bytes() -> int:
    return settings.PORTAL_MAX_UPLOAD_BYTES


def limits() -> dict:
    return {
        "max_pages": settings.PORTAL_PDF_MAX_PAGES,
        "max_content_bytes": settings.PORTAL_PDF_MAX_CONTENT_MB * 1_048_576,
        "max_side_points": 200 * 72,  # 200 inches: the largest page the PDF format itself allows at 1:1
        "text_pages": 60,
        "text_chars": 60_000,
    }


def _limit_child() -> None:
    memory = settings.PORTAL_PDF_CHECK_MEMORY_MB * 1_048_576
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    seconds = settings.PORTAL_PDF_CHECK_SECONDS + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))


def run_sandboxed(operation: str, data: bytes, *extra: str) -> dict:
    """Run meetings/pdf_sandbox.py on `data` with the limits; UnusablePdf if it runs out of time or memory."""
    timeout = settings.PORTAL_PDF_CHECK_SECONDS
    try:
        result = subprocess.run(
            [sys.executable, "-m", "meetings.pdf_sandbox", operation, json.dumps(limits()), *extra],
            input=data,
            capture_output=True,
            timeout=timeout,
            cwd=BASE_DIR,
            env=sandbox_env(),
            preexec_fn=_limit_child,  # noqa: PLW1509 - only setrlimit, which is safe between fork and exec
        )
    except subprocess.TimeoutExpired as exc:
        raise UnusablePdf(_took_too_long(timeout)) from exc
    try:
        answer = json.loads(result.stdout or b"{}")
    except ValueError:
        answer = {}
    if result.returncode != 0 or not answer:
        # Killed by its CPU limit, or out of memory before it could answer.
        answer = {"refused": "memory"}
    return accepted(answer)


def sandbox_env() -> dict:
    return {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(BASE_DIR), "PYTHONHASHSEED": "0"}


def _took_too_long(timeout: float) -> str:
    return (
        f"The PDF took more than {timeout} seconds to read, so it cannot be published: it may be damaged, "
        f"or built to overload the server. {SAVE_A_FRESH_COPY}"
    )


def accepted(answer: dict) -> dict:
    """The sandbox's answer, or UnusablePdf with the officer's words for its refusal."""
    refused = answer.get("refused")
    if refused == "timeout":
        raise UnusablePdf(_took_too_long(settings.PORTAL_PDF_CHECK_SECONDS))
    if refused == "memory":
        raise UnusablePdf(
            "The PDF needs more memory or time to read than a paper may use, so it cannot be published: it may "
            f"be damaged, or built to overload the server. {SAVE_A_FRESH_COPY}"
        )
    if refused == "encrypted":
        raise UnusablePdf(
            "The PDF is password-protected or encrypted. Save an unprotected copy and upload that, "
            "so that it can be published and read by assistive technology."
        )
    if refused == "damaged":
        raise UnusablePdf(f"The PDF is damaged and cannot be read. {SAVE_A_FRESH_COPY}")
    if refused and refused.startswith("page "):
        raise UnusablePdf(
            f"The PDF cannot be published: {refused}. Set an ordinary page size (such as A4 or A3) in the "
            "program that made it, and save it as a PDF again."
        )
    if refused:
        raise UnusablePdf(f"The PDF cannot be published: {refused}. {SAVE_A_FRESH_COPY}")
    return answer


def inspect_pdf(data: bytes) -> PdfFacts:
    """Facts about a PDF, and its cleaned copy; or UnusablePdf if it is not one, is encrypted, broken, empty, too
    large, has absurd pages or takes too long to read."""
    refuse_at_sight(data)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pdf-check-") as folder:
        cleaned = Path(folder) / "published.pdf"
        answer = run_sandboxed("inspect", data, str(cleaned))
        published = cleaned.read_bytes()
    return pdf_facts(data, answer, published, started)


def refuse_at_sight(data: bytes) -> None:
    """UnusablePdf for a file too large to read or that is not a PDF at all, before any sandbox is started."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise UnusablePdf(
            f"The file is {len(data) / 1_048_576:.1f} MB; papers can be at most {limit / 1_048_576:.0f} MB. "
            "Reduce the size of images in it, or split it into appendices."
        )
    # The signature may follow a little junk, as the PDF specification allows, but it must be there.
    if PDF_MAGIC not in data[:1024]:
        raise UnusablePdf("The file is not a PDF. Save or export the paper as a PDF and upload that.")


def pdf_facts(data: bytes, answer: dict, published: bytes, started: float) -> PdfFacts:
    return PdfFacts(
        page_count=answer["page_count"],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        page_sizes=tuple(tuple(size) for size in answer["page_sizes"]),
        published=published,
        removed=answer["removed"],
        seconds=time.perf_counter() - started,
    )


def extract_text(data: bytes) -> str:
    """The text of a PDF's first pages (for the search index), within the same limits as the upload check."""
    return run_sandboxed("text", data)["text"]


def describe_removed(removed: dict[str, int]) -> str:
    """“2 JavaScript actions, 1 javascript: link” — what the published copy leaves out, for the officer."""
    return ", ".join(f"{count} × {what}" for what, count in sorted(removed.items()))


def published_copy(document) -> bytes:
    """The bytes the portal republishes for an uploaded paper: its cleaned copy, made at upload. A paper uploaded
    before cleaned copies existed is cleaned now (`manage.py prepare_papers` makes and stores them all)."""
    if document.published_file:
        with document.published_file.open("rb") as handle:
            return handle.read()
    with document.file.open("rb") as handle:
        return inspect_pdf(handle.read()).published
