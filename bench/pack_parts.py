"""What a rebuild in parts would cost: the measurement behind the decision not to build one (issue 16).

A pack is one tagged PDF (one structure tree, which PDF/UA needs), and WeasyPrint cannot lay out part of a
document again. What it can do is lay out several documents and write their pages as one: `Document.copy(pages)`
and one `write_pdf` build a single structure tree from all the pages. So a rebuild after one item's edit could lay
out again only the front sheet and that item's papers, reuse the layout of the rest, and write the whole file.

This lays the pack's HTML out whole and in parts (the front sheet, then each item's papers), writes both, and
prints CPU seconds (median of the repeats, and the minimum): the full build, and a rebuild that lays out the front
sheet and one item's papers (the median part, then the largest) and writes everything again, as a share of the full
build. The pages laid out in parts are written to FOLDER with --write-to, beside the whole pack, to compare.

What the parts lose, and a design would have to give back: the front sheet's page ranges (CSS target-counter
cannot point into another document), and the page numbers, which start again at 1 in each part.

    .venv/bin/python bench/pack_parts.py [--repeats 3] [--write-to FOLDER]
"""

import argparse
import logging
import os
import re
import statistics
import time

from _django import bench_database
from pack import fresh, pack_html, synthetic_meeting

# Its own throwaway database, so that it never meets another bench or test run on the same server.
os.environ.setdefault("PORTAL_TEST_DATABASE", "test_portal_bench_pack_parts")


def cpu_seconds(function):
    started = time.process_time()
    result = function()
    return time.process_time() - started, result


def parts_of(html: str) -> list[str]:
    """The pack's HTML cut into documents of their own: the front sheet, then each item's papers."""
    head, body = html.split("<body", 1)
    body_tag, rest = body.split(">", 1)
    rest = rest.rsplit("</body>", 1)[0]
    cuts = [match.start() for match in re.finditer(r'<div class="item-papers"', rest)]
    pieces = [rest[: cuts[0]]] + [rest[start:end] for start, end in zip(cuts, [*cuts[1:], len(rest)], strict=True)]
    return [f"{head}<body{body_tag}>{piece}</body></html>" for piece in pieces]


def measure(name: str, meeting, repeats: int, write_to: str | None) -> None:
    import weasyprint

    from meetings.packs.fetcher import StaticOnlyFetcher
    from meetings.packs.render import BASE_URL

    def laid_out(html: str):
        return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()

    def written(document) -> bytes:
        return document.write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1", custom_metadata=True)

    html = pack_html(meeting)
    parts = parts_of(html)
    figures: dict[str, list[float]] = {
        key: [] for key in ("whole: layout", "whole: write", "parts: layout of all", "front sheet", "median part",
                            "largest part", "parts: one write")
    }  # fmt: skip
    for _ in range(repeats):
        seconds, whole = cpu_seconds(lambda: laid_out(html))
        figures["whole: layout"].append(seconds)
        seconds, whole_pdf = cpu_seconds(lambda whole=whole: written(whole))
        figures["whole: write"].append(seconds)
        part_seconds, documents = [], []
        for part in parts:
            seconds, document = cpu_seconds(lambda part=part: laid_out(part))
            part_seconds.append(seconds)
            documents.append(document)
        figures["parts: layout of all"].append(sum(part_seconds))
        figures["front sheet"].append(part_seconds[0])
        figures["median part"].append(statistics.median(part_seconds[1:]))
        figures["largest part"].append(max(part_seconds[1:]))
        combined = documents[0].copy([page for document in documents for page in document.pages])
        seconds, parts_pdf = cpu_seconds(lambda combined=combined: written(combined))
        figures["parts: one write"].append(seconds)
    median = {key: statistics.median(values) for key, values in figures.items()}
    pages = sum(len(document.pages) for document in documents)
    print(f"{name}: {len(whole.pages)} pages laid out whole, {pages} in {len(parts)} parts")
    for key, values in figures.items():
        print(f"  {key:<22} {median[key]:5.2f} s (min {min(values):.2f})")
    full = median["whole: layout"] + median["whole: write"]
    for part in ("median part", "largest part"):
        rebuild = median["front sheet"] + median[part] + median["parts: one write"]
        print(f"  rebuild, front sheet and the {part} laid out again, all written: {rebuild:.2f} s, full build "
              f"{full:.2f} s, ratio {rebuild / full:.2f}")  # fmt: skip
    first = median["parts: layout of all"] + median["parts: one write"]
    print(f"  first build in parts: {first:.2f} s, full build {full:.2f} s, ratio {first / full:.2f}")
    if write_to:
        for suffix, pdf in (("whole", whole_pdf), ("parts", parts_pdf)):
            with open(os.path.join(write_to, f"{name.split()[0]}-{suffix}.pdf"), "wb") as out:
                out.write(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--write-to", metavar="FOLDER", help="keep the packs laid out whole and in parts here")
    args = parser.parse_args()
    print(f"CPU seconds of this process, median of {args.repeats} repeats (min):", flush=True)
    with bench_database():
        # After Django's logging set-up: the parts' front sheet points at anchors in the other parts, and
        # WeasyPrint says so once for each.
        logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
        from meetings.models import Meeting

        measure("seed pack", fresh(Meeting.objects.get(date="2021-09-21").pk), args.repeats, args.write_to)
        measure("synthetic pack", synthetic_meeting(15, upload_pages=0, day=4), args.repeats, args.write_to)


if __name__ == "__main__":
    main()
