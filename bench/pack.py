"""Agenda pack build cost against plain WeasyPrint, measured in the same run.

Every figure is CPU seconds of this process (the machine is shared, so wall time says little), for the portal's
build (`build_pack`: collect, fingerprint, lay out, tag, assemble, store) and for plain WeasyPrint writing the
same HTML with the same options (tagged PDF/UA-1, custom metadata, the same URL fetcher), in interleaved
repeats; each line gives min/median/max of both sides and the ratio of the medians:

    seed pack (30 pages), no upload: 2.64 s (min 2.60, max 2.70), plain WeasyPrint 2.00 s (...), ratio 1.33

Figures: the seed meeting (authored papers only), a ~200-page synthetic pack of authored reports (no upload), the
same with a 20-page uploaded PDF, a rebuild after one item's title changes against a full build of the same pack,
a warm (unchanged) build, and peak resident memory of a build and of plain WeasyPrint, each in a fresh process,
at ~200 pages and (with --large) ~1,000 pages.

    .venv/bin/python bench/pack.py [--repeats 3] [--large] [--no-memory]
"""

import argparse
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from _django import ROOT, bench_database

WRITE_TO = None  # --write-to: a folder for the packs built, to look at
PAGES_PER_REPORT = 12.4  # pages the seed report body fills in the pack layout


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_seconds(function) -> float:
    started = cpu()
    function()
    return cpu() - started


def spread(values: list[float], unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
    values = [v * scale for v in values]
    median = statistics.median(values)
    return f"{median:.{digits}f} {unit} (min {min(values):.{digits}f}, max {max(values):.{digits}f})"


def figure(name: str, ours: list[float], reference_name: str, reference: list[float], **format) -> str:
    ratio = statistics.median(ours) / statistics.median(reference)
    return f"{name}: {spread(ours, **format)}, {reference_name} {spread(reference, **format)}, ratio {ratio:.2f}"


def synthetic_meeting(reports: int, *, upload_pages: int, day: int):
    """A meeting of the seed panel with `reports` long authored reports and, if asked, an uploaded PDF."""
    import datetime

    import weasyprint

    from meetings.models import AgendaItem, Document, Meeting
    from meetings.services import attach_pdf

    seed = Document.objects.get(slug="commissioners-12-month-review")
    meeting = Meeting.objects.create(
        panel=seed.meeting.panel,
        date=datetime.date(2031, 3, day),
        start_time=datetime.time(16),
        venue="Town Hall",
        agenda_published_at=seed.published_at,
        status="agenda_published",
        signatory=seed.meeting.signatory,
    )
    position = 0
    for n in range(1, reports + 1):
        position += 1
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            number=str(position),
            title=f"Synthetic report {n}",
            published_at=seed.published_at,
        )
        Document.objects.create(
            meeting=meeting,
            agenda_item=item,
            slug=f"report-{n}",
            title=f"Report {n}",
            body_html=seed.body_html,
            published_at=seed.published_at,
        )
    if upload_pages:
        upload = weasyprint.HTML(
            string="".join(
                f'<h1 style="break-before: page">Appendix page {n}</h1><p>{"Text. " * 300}</p>'
                for n in range(1, upload_pages + 1)
            )
        ).write_pdf()
        position += 1
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            number=str(position),
            title="Uploaded appendices",
            published_at=seed.published_at,
        )
        attach_pdf(item, upload, title="Appendix", published_at=seed.published_at)
    return fresh(meeting.pk)


def fresh(pk):
    from meetings.models import Meeting

    return Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory").get(pk=pk)


def plain_weasyprint(html: str) -> bytes:
    """WeasyPrint alone on the pack's HTML, with the options and URL fetcher the pack uses."""
    import weasyprint

    from meetings.packs.fetcher import StaticOnlyFetcher
    from meetings.packs.render import BASE_URL

    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(
        pdf_tags=True, pdf_variant="pdf/ua-1", custom_metadata=True
    )


def pack_html(meeting) -> str:
    from meetings.packs import plan_pack

    return plan_pack(meeting, "public", force=True).source.html


def build(meeting):
    from meetings.packs import build_pack

    return build_pack(meeting, "public", force=True).pack


def compare(name: str, meeting, repeats: int) -> list[str]:
    html = pack_html(meeting)
    ours, plain = [], []
    pack = None
    for _ in range(repeats):
        plain.append(cpu_seconds(lambda: plain_weasyprint(html)))

        def run():
            nonlocal pack
            pack = build(meeting)

        ours.append(cpu_seconds(run))
    if WRITE_TO:
        with pack.file.open("rb") as handle, open(os.path.join(WRITE_TO, f"{name.split(',')[0]}.pdf"), "wb") as out:
            out.write(handle.read())
    label = f"{name} ({pack.page_count} pages, {pack.size // 1024} KB)"
    return [figure(label, ours, "plain WeasyPrint", plain)]


def rebuild_after_edit(meeting, repeats: int) -> list[str]:
    """One item's title changes: the rebuild against a full (forced) build of the same pack."""
    from meetings.packs import build_pack

    item = meeting.agenda_items.filter(documents__isnull=False).order_by("position").first()
    full, rebuild = [], []
    for n in range(repeats):
        full.append(cpu_seconds(lambda: build(meeting)))
        item.title = f"{item.title.split(' (revised')[0]} (revised {n})"
        item.save(update_fields=["title"])

        def edited():
            assert build_pack(fresh(meeting.pk), "public").rebuilt

        rebuild.append(cpu_seconds(edited))
    warm = []
    for _ in range(repeats * 3):
        started = time.perf_counter()
        assert not build_pack(fresh(meeting.pk), "public").rebuilt
        warm.append(time.perf_counter() - started)
    return [
        figure("rebuild after one item's title changes", rebuild, "full build of the same pack", full),
        f"warm build, nothing changed (wall): {spread(warm, unit='ms', scale=1000, digits=1)}",
    ]


CHILD = """
import os, pickle, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
import django
django.setup()
import weasyprint
from meetings.packs import render_plan
from meetings.packs.fetcher import StaticOnlyFetcher
from meetings.packs.render import BASE_URL


def status(field):  # kB; VmHWM is this process's own peak (ru_maxrss would carry the parent's across exec)
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])


with open({path!r}, "rb") as handle:
    plan = pickle.load(handle)
base = status("VmRSS")
started = time.process_time()
if {which!r} == "pack":
    pages = render_plan(plan).layout.page_count
else:
    document = weasyprint.HTML(string=plan.source.html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    pages = len(document.pages)
    document.write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1", custom_metadata=True)
print(pages, base, status("VmHWM"), time.process_time() - started)
"""


def peak_memory(name: str, meeting) -> list[str]:
    """Peak resident memory of laying out, tagging and assembling the pack, and of plain WeasyPrint on the same
    HTML, each in a fresh process (ru_maxrss only ever grows)."""
    from meetings.packs import plan_pack

    plan = plan_pack(meeting, "public", force=True)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "plan.pickle")
        with open(path, "wb") as handle:
            pickle.dump(plan, handle)
        results = {}
        for which in ("plain", "pack"):
            script = CHILD.format(root=str(ROOT), path=path, which=which)
            output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
            pages, base, peak, seconds = output.stdout.split()
            results[which] = (int(pages), int(base) / 1024, int(peak) / 1024, float(seconds))
    pages = results["pack"][0]
    ours, plain = results["pack"], results["plain"]
    return [
        f"{name} ({pages} pages), peak RSS: {ours[2]:.0f} MB ({(ours[2] - ours[1]) / pages:.2f} MB/page above "
        f"start), plain WeasyPrint {plain[2]:.0f} MB ({(plain[2] - plain[1]) / pages:.2f} MB/page), "
        f"ratio {ours[2] / plain[2]:.2f}; CPU {ours[3]:.1f} s, plain {plain[3]:.1f} s, ratio {ours[3] / plain[3]:.2f}"
    ]


class Lines(list):
    """Each figure is printed as soon as it is measured (a full run takes minutes)."""

    def __iadd__(self, lines):
        for line in lines:
            print(line, flush=True)
        return super().__iadd__(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="also measure memory at ~1,000 pages")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory processes")
    parser.add_argument("--only", choices=["seed", "synthetic", "upload", "rebuild", "memory"], action="append")
    parser.add_argument("--write-to", metavar="FOLDER", help="keep a copy of each pack built here")
    args = parser.parse_args()
    global WRITE_TO
    WRITE_TO = args.write_to
    wanted = set(args.only or ["seed", "synthetic", "upload", "rebuild", "memory"])
    if args.no_memory:
        wanted.discard("memory")
    lines = Lines()
    print(f"CPU seconds of this process, {args.repeats} interleaved repeats, median (min, max):", flush=True)
    with bench_database():
        from meetings.models import Meeting

        seed = fresh(Meeting.objects.get(date="2021-09-21").pk)
        reports = 15
        plain_big = synthetic_meeting(reports, upload_pages=0, day=4)
        with_upload = synthetic_meeting(reports, upload_pages=20, day=5)
        if "seed" in wanted:
            lines += compare("seed pack, no upload", seed, args.repeats)
        if "synthetic" in wanted:
            lines += compare("synthetic pack, no upload", plain_big, args.repeats)
        if "upload" in wanted:
            lines += compare("synthetic pack with a 20-page upload", with_upload, args.repeats)
        if "rebuild" in wanted:
            lines += rebuild_after_edit(seed, args.repeats)
        if "memory" in wanted:
            lines += peak_memory("synthetic pack with a 20-page upload", with_upload)
            if args.large:
                large = synthetic_meeting(int(980 / PAGES_PER_REPORT), upload_pages=20, day=6)
                lines += peak_memory("large synthetic pack with a 20-page upload", large)
    print("done", flush=True)


if __name__ == "__main__":
    main()
