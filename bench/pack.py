"""Agenda pack build speed: the seed meeting of 21 September 2021 and a synthetic pack of about 200 pages.

Prints pages, cold build seconds, warm (nothing changed) seconds and milliseconds per page, and checks the
targets: seed cold build under 3 s, warm under 50 ms, build time linear in pages.

    .venv/bin/python bench/pack.py
"""

import statistics
import time

from _django import bench_database

RUNS = 3


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def synthetic_meeting(target_pages: int = 200):
    """A meeting of the seed panel with long authored reports and a 20-page uploaded PDF."""
    import datetime

    import weasyprint

    from meetings.models import AgendaItem, Document, Meeting
    from meetings.services import attach_pdf

    seed = Document.objects.get(slug="commissioners-12-month-review")
    meeting = Meeting.objects.create(
        panel=seed.meeting.panel,
        date=datetime.date(2031, 3, 4),
        start_time=datetime.time(16),
        venue="Town Hall",
        agenda_published_at=seed.published_at,
        status="agenda_published",
        signatory=seed.meeting.signatory,
    )
    upload = weasyprint.HTML(
        string="".join(
            f'<h1 style="break-before: page">Appendix page {n}</h1><p>{"Text. " * 300}</p>' for n in range(1, 21)
        )
    ).write_pdf()
    position = 0
    for n in range(1, 16):
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
    position += 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        number=str(position),
        title="Uploaded appendices",
        published_at=seed.published_at,
    )
    attach_pdf(item, upload, title="Appendix", published_at=seed.published_at)
    return Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory").get(pk=meeting.pk)


def measure(meeting) -> dict:
    from meetings.packs import build_pack

    cold = []
    pages = 0
    for _ in range(RUNS):
        build = None

        def cold_build():
            nonlocal build
            build = build_pack(meeting, "public", force=True)

        cold.append(timed(cold_build))
        pages = build.pack.page_count
    warm = [timed(lambda: build_pack(meeting, "public")) for _ in range(RUNS * 3)]
    cold_s = statistics.median(cold)
    return {
        "pages": pages,
        "cold_s": cold_s,
        "warm_ms": statistics.median(warm) * 1000,
        "ms_per_page": cold_s * 1000 / pages,
    }


def main() -> None:
    with bench_database():
        from meetings.models import Meeting

        seed = Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory").get(
            date="2021-09-21"
        )
        results = {"seed 2021-09-21": measure(seed), "synthetic": measure(synthetic_meeting())}
    print(f"{'pack':<18}{'pages':>7}{'cold s':>9}{'warm ms':>10}{'ms/page':>10}   (median of {RUNS} cold builds)")
    for name, r in results.items():
        print(f"{name:<18}{r['pages']:>7}{r['cold_s']:>9.2f}{r['warm_ms']:>10.1f}{r['ms_per_page']:>10.1f}")
    seed, big = results["seed 2021-09-21"], results["synthetic"]
    linear_limit = 5 * seed["ms_per_page"] * big["pages"] / 1000
    print()
    print(f"seed cold build {seed['cold_s']:.2f} s (target < 3 s): {'ok' if seed['cold_s'] < 3 else 'MISSED'}")
    print(f"warm, unchanged {seed['warm_ms']:.1f} ms (target < 50 ms): {'ok' if seed['warm_ms'] < 50 else 'MISSED'}")
    print(
        f"{big['pages']}-page build {big['cold_s']:.2f} s (limit 5 x seed ms/page x pages = {linear_limit:.2f} s): "
        f"{'ok' if big['cold_s'] < linear_limit else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
