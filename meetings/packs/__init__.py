"""The agenda pack pipeline: collect → compose (the front sheet with page ranges and the papers, as HTML) → lay
out, measure and write (uploaded PDFs drawn in as it writes) → store a frozen version. It never sees a request, so
a view, a command or a background task can run it.

`plan_pack` reads everything a pack needs from the database; `render_plan` turns it into a PDF without touching
the database, so no transaction (and no row lock) is held while WeasyPrint works; `store` freezes it in a short
transaction of its own. A version always says exactly what it contains: it keeps the fingerprint of the content
it was built from."""

import contextlib
import contextvars
import functools
import hashlib
import os
import time
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction

from meetings.locking import lock_meeting_agenda
from meetings.models import AgendaPack, Document, Meeting
from meetings.packs.collect import PackContent, collect
from meetings.packs.render import Layout, PackSource, compose, pack_title, render_html, render_layout
from meetings.packs.renderer import RENDERER_VERSIONS
from meetings.pdf_files import published_copy
from portal.after_commit import waiting_on_commit
from portal.page_cache import BUMP, content_version

# Bump when the pipeline's output changes for the same input, so packs are rebuilt.
PIPELINE_VERSION = "2"  # 2: uploaded papers enter packs as their cleaned copies
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
    # The cleaned copy (no scripts or non-web links, boxes normalised), never the file as uploaded.
    return published_copy(document)


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


FINGERPRINT_CACHE_SECONDS = 24 * 60 * 60


def current_public_fingerprint(meeting: Meeting) -> str:
    """The fingerprint of the public pack's content as it stands now, worked out once per agenda version (the
    agenda editor asks on every edit whether the published pack is still current). The key holds everything the
    public pack can change with: the agenda version (every agenda edit moves it on), the public content version
    (everything else the public pack prints is public, so its changes move that on: published minutes, the
    panel's members, names and addresses, publication itself), the pipeline's and renderer's versions and the
    stylesheet's and fonts' dates. `meeting.agenda_version` must be fresh."""
    if waiting_on_commit(BUMP):
        # A public change not yet committed: the content may still roll back, so nothing is kept.
        return fingerprint(collect(meeting, AgendaPack.Variant.PUBLIC))
    assets = ",".join(str(os.stat(finders.find(asset)).st_mtime_ns) for asset in PACK_ASSETS)
    # The version is read before the content: a change committed in between moves it on, away from this key.
    stamp = f"{meeting.pk}|{meeting.agenda_version}|{content_version()}|{PIPELINE_VERSION}|{RENDERER_VERSIONS}|{assets}"
    key = f"pack-fingerprint:public:{hashlib.sha256(stamp.encode()).hexdigest()}"
    current = cache.get(key)
    if current is None:
        current = fingerprint(collect(meeting, AgendaPack.Variant.PUBLIC))
        cache.set(key, current, FINGERPRINT_CACHE_SECONDS)
    return current


@functools.cache
def asset_digest(path: str, modified: int) -> bytes:
    """The stylesheet and fonts are read once per process, and again only when they change on disk."""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).digest()


@dataclass
class PackPlan:
    """What one build of one variant will render, read from the database; `source` is None when the latest
    version already has this content."""

    meeting: Meeting
    variant: str
    fingerprint: str
    title: str
    latest: AgendaPack | None
    source: PackSource | None
    contents: dict  # what the version prints, by id: see AgendaPack.contents

    @property
    def unchanged(self) -> bool:
        return self.source is None


@dataclass
class RenderedPack:
    plan: PackPlan
    pdf: bytes
    layout: Layout


def plan_pack(meeting: Meeting, variant: str, *, force: bool = False) -> PackPlan:
    content = collect(meeting, variant)
    current = fingerprint(content)
    # A withdrawn version is no longer served: the same content is built again as a new version if asked for.
    latest = AgendaPack.objects.filter(meeting=meeting, variant=variant).current().order_by("-version").first()
    unchanged = latest is not None and latest.fingerprint == current and not force
    return PackPlan(
        meeting=meeting,
        variant=variant,
        fingerprint=current,
        title=pack_title(content),
        latest=latest,
        source=None if unchanged else compose(content, read_uploaded_pdf),
        contents=content.manifest,
    )


def render_plan(plan: PackPlan) -> RenderedPack:
    """The slow part, without the database: lay out, measure, write with the uploaded pages."""
    laid_out = render_layout(plan.source)
    return RenderedPack(plan=plan, pdf=laid_out.pdf, layout=laid_out)


def build_pack(meeting: Meeting, variant: str, *, by=None, note: str = "", force: bool = False) -> PackBuild:
    """The latest pack of this variant, built and stored as a new version only if its content changed."""
    started = time.perf_counter()
    plan = plan_pack(meeting, variant, force=force)
    if plan.unchanged:
        return PackBuild(pack=plan.latest, rebuilt=False, seconds=time.perf_counter() - started)
    rendered = render_plan(plan)
    seconds = time.perf_counter() - started
    return PackBuild(pack=store(rendered, seconds=seconds, by=by, note=note), rebuilt=True, seconds=seconds)


def store(rendered: RenderedPack, *, seconds: float, by, note: str) -> AgendaPack:
    """Freeze a new version: the file is written once under a name no other version can have."""
    plan, laid_out, pdf = rendered.plan, rendered.layout, rendered.pdf
    with transaction.atomic():
        lock_meeting_agenda(plan.meeting)  # one new version of a meeting's packs at a time
        latest = AgendaPack.objects.filter(meeting=plan.meeting, variant=plan.variant).order_by("-version").first()
        pack = AgendaPack(
            meeting=plan.meeting,
            variant=plan.variant,
            version=(latest.version + 1) if latest else 1,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            page_count=laid_out.page_count,
            page_ranges={str(item): list(pages) for item, pages in laid_out.page_ranges.items()},
            fingerprint=plan.fingerprint,
            build_seconds=round(seconds, 3),
            published_by=by,
            note=note,
            contents=plan.contents,
        )
        pack.file.save("pack.pdf", ContentFile(pdf), save=False)
        if (written := _written_files.get()) is not None:
            written.append((pack.file.storage, pack.file.name))
        pack.save()
    return pack
