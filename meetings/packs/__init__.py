"""The agenda pack pipeline: collect → lay out (front sheet with page ranges, papers) → measure → assemble
(insert uploaded PDFs, metadata) → store a frozen version. It never sees a request, so a view, a command or a
background task can run it."""

import contextlib
import contextvars
import functools
import hashlib
import os
import time
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction

from meetings.models import AgendaPack, Document, Meeting
from meetings.packs.assemble import assemble
from meetings.packs.collect import PackContent, collect
from meetings.packs.render import layout, pack_title, render_html
from meetings.packs.renderer import RENDERER_VERSIONS

# Bump when the pipeline's output changes for the same input, so packs are rebuilt.
PIPELINE_VERSION = "1"
PACK_ASSETS = ["css/pack.css", "fonts/LiberationSans-Regular.ttf", "fonts/LiberationSans-Bold.ttf"]


# The pack files written inside `discard_files_on_failure()`, so they can be removed if the block fails.
_written_files: contextvars.ContextVar[list | None] = contextvars.ContextVar("written_pack_files", default=None)


@contextlib.contextmanager
def discard_files_on_failure():
    """Delete the pack files written inside the block if it raises. Their rows roll back with the transaction;
    without this the files would stay in storage for ever, belonging to no version."""
    written: list = []
    token = _written_files.set(written)
    try:
        yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _written_files.reset(token)


@dataclass
class PackBuild:
    pack: AgendaPack
    rebuilt: bool
    seconds: float


def read_uploaded_pdf(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def fingerprint(content: PackContent) -> str:
    """A hash of everything the pack shows: its HTML, the uploaded files, the stylesheet and fonts, the tools."""
    digest = hashlib.sha256()
    digest.update(f"{PIPELINE_VERSION}|{RENDERER_VERSIONS}".encode())
    digest.update(render_html(content, page_rules="").encode())
    for entry in content.entries_with_papers:
        for paper in entry.papers:
            if paper.is_uploaded_pdf:
                digest.update(paper.document.file_sha256.encode() or paper.document.file.name.encode())
    for asset in PACK_ASSETS:
        path = finders.find(asset)
        digest.update(asset_digest(path, os.stat(path).st_mtime_ns))
    return digest.hexdigest()


@functools.cache
def asset_digest(path: str, modified: int) -> bytes:
    """The stylesheet and fonts are read once per process, and again only when they change on disk."""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).digest()


def build_pack(meeting: Meeting, variant: str, *, by=None, note: str = "", force: bool = False) -> PackBuild:
    """The latest pack of this variant, built and stored as a new version only if its content changed."""
    started = time.perf_counter()
    content = collect(meeting, variant)
    current = fingerprint(content)
    latest = AgendaPack.objects.filter(meeting=meeting, variant=variant).order_by("-version").first()
    if latest is not None and latest.fingerprint == current and not force:
        return PackBuild(pack=latest, rebuilt=False, seconds=time.perf_counter() - started)

    laid_out = layout(content, read_uploaded_pdf)
    pdf = assemble(laid_out, title=pack_title(content), author=meeting.panel.council.name)
    seconds = time.perf_counter() - started
    pack = store(meeting, variant, pdf, laid_out.page_count, laid_out.page_ranges, current, seconds, by, note)
    return PackBuild(pack=pack, rebuilt=True, seconds=seconds)


def store(meeting, variant, pdf: bytes, page_count: int, page_ranges, fingerprint_: str, seconds: float, by, note):
    """Freeze a new version: the file is written once under a name no other version can have."""
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        latest = AgendaPack.objects.filter(meeting=meeting, variant=variant).order_by("-version").first()
        pack = AgendaPack(
            meeting=meeting,
            variant=variant,
            version=(latest.version + 1) if latest else 1,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            page_count=page_count,
            page_ranges={str(item): list(pages) for item, pages in page_ranges.items()},
            fingerprint=fingerprint_,
            build_seconds=round(seconds, 3),
            published_by=by,
            note=note,
        )
        pack.file.save("pack.pdf", ContentFile(pdf), save=False)
        if (written := _written_files.get()) is not None:
            written.append((pack.file.storage, pack.file.name))
        pack.save()
    return pack
