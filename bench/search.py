"""Search speed: ten years of twenty panels, about 50,000 search entries, on a throwaway database.

The text is the seed's own sentences (reports and minutes of a real panel) shuffled into new papers, with a
sprinkling of made-up place names as rare words. Prints the rows indexed, the index build time, and the median
and 95th percentile of about 200 representative searches (common and rare words, phrases, filters, pages; as the
public, a councillor and an officer), each beside the bare full-text query for the same words (`@@`, ts_rank,
LIMIT 20: no visibility, filters or snippets) measured beside it, three interleaved repeats, min/median/max,
with the ratio. Each pair takes turns at going first: whichever reads a word's rows first reads them from outside
PostgreSQL's buffers (about a millisecond for a rare word at 500,000 entries), and the second finds them there.
Then the fixed overhead: a rare word (a handful of hits) and a word found nowhere, as the public,
against the bare query. Targets: p95 of the mix at most 50 ms at 500,000 entries; a rare-word search at most
three times the bare query.

    .venv/bin/python bench/search.py [--scale 500000] [--repeats 3] [--keep]

--scale copies the generated index server-side (INSERT ... SELECT, each copy ten years further back) until it
holds about that many entries: a few minutes, not hours of generating and parsing text. --keep leaves the
database (one per scale) for the next run with --keep, which then measures at once instead of building again.
"""

import argparse
import datetime
import os
import random
import re
import statistics
import time

from _django import bench_database

# Its own throwaway database, so that it never meets another bench or test run on the same server.
os.environ.setdefault("PORTAL_TEST_DATABASE", "test_portal_bench_search")

PANELS = 20
YEARS = 10
FIRST_YEAR = 2017
MEETINGS_PER_YEAR = 7
ITEMS_PER_MEETING = 10
REPORTS_PER_MEETING = 6
APPENDICES_PER_MEETING = 2
RESOLUTIONS_PER_MEETING = 8
EXEMPT_SHARE = 0.05
RARE_WORDS = 4000
QUERIES = 200
TARGET_P95_MS = 50

rng = random.Random(20210921)


def seed_sentences() -> list[str]:
    """Every sentence of the seed's reports and minutes, as plain text."""
    from meetings.models import AgendaItem, Document
    from minutes.models import MinuteEntry, Resolution
    from portal.search_index import html_text

    texts = [html_text(body) for body in Document.objects.exclude(body_html="").values_list("body_html", flat=True)]
    texts += [html_text(body) for body in MinuteEntry.objects.values_list("body_html", flat=True)]
    texts += list(Resolution.objects.values_list("text", flat=True))
    texts += list(AgendaItem.objects.exclude(description="").values_list("description", flat=True))
    sentences = []
    for text in texts:
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 5]
    return sentences


def made_up_words(count: int) -> list[str]:
    """Place-like names ("Brackenthorpe"), each used by a handful of papers: the rare words."""
    starts = ["brack", "thorn", "ash", "hol", "wex", "marr", "dun", "fern", "kes", "orr", "gill", "sow", "tarn"]
    middles = ["en", "ing", "er", "ow", "ley", "am", "is", "ot", "ab", "ud"]
    ends = ["thorpe", "by", "wick", "ham", "ford", "dale", "mere", "combe", "stow", "field", "gate", "holm"]
    words = set()
    while len(words) < count:
        words.add(rng.choice(starts) + rng.choice(middles) + rng.choice(middles) + rng.choice(ends))
    return sorted(words)


class Writer:
    def __init__(self, sentences: list[str], rare: list[str]):
        self.sentences, self.rare = sentences, rare

    def sentence(self) -> str:
        text = rng.choice(self.sentences)
        if rng.random() < 0.08:
            text += f" This affects {rng.choice(self.rare).title()}."
        return text

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self) -> str:
        words = rng.choice(self.sentences).rstrip(".").split()
        start = rng.randrange(max(1, len(words) - 6))
        return " ".join(words[start : start + rng.randint(3, 8)]).strip(" ,;:").capitalize() or "Update"

    def html(self, paragraphs: int) -> str:
        return "".join(f"<p>{self.paragraph(rng.randint(3, 6))}</p>" for _ in range(paragraphs))


def build_content(writer: Writer) -> dict:
    """Twenty panels' ten years of meetings, items, papers and minutes, through bulk_create (no signals)."""
    from django.utils import timezone

    from meetings.models import AgendaItem, Council, Councillor, Document, Meeting, Membership, Panel
    from minutes.models import MinuteEntry, Minutes, Resolution

    council = Council.objects.first()
    today = timezone.localdate()
    panels = Panel.objects.bulk_create(
        Panel(council=council, name=f"Bench Scrutiny Panel {n}", slug=f"bench-panel-{n}") for n in range(PANELS)
    )
    councillor = Councillor.objects.create(council=council, slug="bench-councillor", initials="B", surname="Ench")
    Membership.objects.bulk_create(
        Membership(panel=panel, councillor=councillor, municipal_year=year)
        for panel in panels[:2]
        for year in range(FIRST_YEAR + YEARS - 3, FIRST_YEAR + YEARS)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            panel=panel,
            date=datetime.date(FIRST_YEAR + year, 6, 1) + datetime.timedelta(days=45 * n + rng.randint(0, 20)),
            status="held",
            agenda_published_at=timezone.now(),
        )
        for panel in panels
        for year in range(YEARS)
        for n in range(MEETINGS_PER_YEAR)
    )
    published = {m.pk: m.date < today - datetime.timedelta(days=14) for m in meetings}
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            number=str(position),
            title=writer.title(),
            description=writer.paragraph(rng.randint(1, 3)),
            exempt_paragraph=rng.choice([1, 3]) if rng.random() < EXEMPT_SHARE else None,
            published_at=meeting.agenda_published_at if published[meeting.pk] else None,
        )
        for meeting in meetings
        for position in range(1, ITEMS_PER_MEETING + 1)
    )
    by_meeting: dict[int, list] = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    documents = []
    for meeting in meetings:
        for n, item in enumerate(by_meeting[meeting.pk][2 : 2 + REPORTS_PER_MEETING + APPENDICES_PER_MEETING]):
            appendix = n >= REPORTS_PER_MEETING
            documents.append(
                Document(
                    meeting=meeting,
                    agenda_item=item,
                    slug=f"paper-{n}",
                    title=writer.title(),
                    kind="appendix" if appendix else "report",
                    summary=writer.sentence(),
                    body_html=writer.html(rng.randint(4, 10) if appendix else rng.randint(8, 24)),
                    exempt_paragraph=1 if appendix and rng.random() < 0.2 else None,
                    published_at=item.published_at,
                )
            )
    Document.objects.bulk_create(documents, batch_size=1000)
    held = [meeting for meeting in meetings if published[meeting.pk]]
    minutes = Minutes.objects.bulk_create(
        Minutes(meeting=meeting, status="draft" if rng.random() < 0.03 else "confirmed") for meeting in held
    )
    entries = MinuteEntry.objects.bulk_create(
        (
            MinuteEntry(
                minutes=record,
                position=position,
                number=str(position),
                heading=item.title,
                agenda_item=item,
                body_html=writer.html(rng.randint(1, 4)),
                exempt_paragraph=item.exempt_paragraph,
            )
            for record in minutes
            for position, item in enumerate(by_meeting[record.meeting_id], start=1)
        ),
        batch_size=1000,
    )
    resolutions = Resolution.objects.bulk_create(
        (
            Resolution(entry=entry, position=1, text=f"AGREED that {writer.sentence()}")
            for entry in entries
            if entry.position <= RESOLUTIONS_PER_MEETING
        ),
        batch_size=1000,
    )
    return {
        "panels": panels,
        "councillor": councillor,
        "sizes": {
            "meetings": len(meetings),
            "agenda items": len(items),
            "papers": len(documents),
            "minute entries": len(entries),
            "resolutions": len(resolutions),
        },
    }


def representative_queries(writer: Writer, panels) -> list[dict]:
    """About 200 searches, mixed as people search: words common and rare, phrases, filters, later pages."""
    from portal.models import SearchEntry

    common = ["council", "children", "services", "panel", "report", "support", "young people", "social care"]
    medium = ["locality", "commissioner", "fostering", "recruitment", "ofsted", "budget", "youth offending"]
    phrases = ['"social care"', '"in due course"', '"looked after children"', '"executive director"']
    words = [w for s in writer.sentences for w in re.findall(r"[a-z]{6,}", s.lower())]
    queries = []
    for n in range(QUERIES):
        shape = n % 10
        if shape in (0, 1):
            q = rng.choice(common)
        elif shape == 2:
            q = rng.choice(medium)
        elif shape in (3, 4):
            q = rng.choice(writer.rare)
        elif shape == 5:
            q = rng.choice(phrases)
        elif shape == 6:
            q = " ".join(rng.sample(words, 2))
        else:
            q = rng.choice(common + medium + words[:200])
        search = {"query": q}
        if n % 4 == 1:
            search["panel"] = rng.choice(panels)
        if n % 5 == 2:
            start = datetime.date(rng.randint(FIRST_YEAR, FIRST_YEAR + YEARS - 1), 5, 1)
            search["date_from"], search["date_to"] = start, start.replace(year=start.year + 1)
        if n % 7 == 3:
            search["kind"] = rng.choice(SearchEntry.Kind.values)
        if n % 11 == 4:
            search["kind"], search["document_kind"] = "document", "report"
        if n % 9 == 5:
            search["page_number"] = rng.choice([2, 3])
        queries.append(search)
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def spread(values: list[float], fmt: str) -> str:
    return "/".join(format(v, fmt) for v in (min(values), statistics.median(values), max(values)))


def scale_to(rows: int) -> int:
    """Copies of the index, server-side (one INSERT ... SELECT per copy: no text leaves the database), each a
    further ten years back, until the index holds about `rows` entries. A copy keeps its original's meeting,
    panel, text and vector; only its object id and date change, so the rare words are found in each copy too."""
    from django.db import connection

    from portal.models import SearchEntry

    have = SearchEntry.objects.count()
    columns = "kind, panel_id, meeting_id, title, body, document_kind, url, published, exempt_paragraph, search_vector"
    copy = 0
    with connection.cursor() as cursor:
        # A copy of 50,000 entries (their GIN index entries included) takes longer than the portal's own
        # statement deadline on a loaded machine: the bench lifts it for its session.
        cursor.execute("SET statement_timeout = 0")
        while have < rows:
            copy += 1
            cursor.execute(
                f"INSERT INTO portal_searchentry (object_id, date, indexed_at, {columns}) "
                f"SELECT object_id + %s, date - make_interval(years => %s), now(), {columns} "
                f"FROM portal_searchentry WHERE object_id < %s ORDER BY id LIMIT %s",
                [copy * 10**9, copy * YEARS, 10**9, rows - have],
            )
            have += cursor.rowcount
        cursor.execute("VACUUM ANALYZE portal_searchentry")
    return have


BARE_SQL = (
    "SELECT e.id, ts_rank(e.search_vector, q) AS rank FROM portal_searchentry e, "
    "websearch_to_tsquery(%s, %s) q WHERE e.search_vector @@ q ORDER BY rank DESC LIMIT 20"
)


def bare_query(cursor, words: str) -> float:
    """The bare full-text query for these words (match, rank, first page; no visibility, filters or snippets), in
    milliseconds."""
    from portal.search_index import SEARCH_CONFIG

    started = time.perf_counter()
    cursor.execute(BARE_SQL, [SEARCH_CONFIG, words])
    cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def build_index(writer: Writer, scale: int) -> tuple[list, object]:
    """Generate the content, index it and copy the index up to the scale asked for: the panels and the councillor
    who sits on two of them."""
    from django.db import connection

    from portal import search_index

    started = time.perf_counter()
    content = build_content(writer)
    generated = time.perf_counter() - started
    print(f"Generated {', '.join(f'{n} {what}' for what, n in content['sizes'].items())} in {generated:.1f} s")

    started = time.perf_counter()
    rows = search_index.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE portal_searchentry")
    build = time.perf_counter() - started
    print(f"Indexed {rows} search entries in {build:.1f} s (rebuild, then VACUUM ANALYZE)")
    if scale > rows:
        started = time.perf_counter()
        rows = scale_to(scale)
        print(f"Scaled the index to {rows} entries in {time.perf_counter() - started:.1f} s (copies, then VACUUM)")
    return content["panels"], content["councillor"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=0, help="copy the index until it holds about this many rows")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database for the next run with --keep")
    args = parser.parse_args()
    if args.keep:
        os.environ["PORTAL_TEST_DATABASE"] = f"test_portal_bench_search_{args.scale or 'base'}"

    with bench_database(keep=args.keep):
        from django.db import connection

        from meetings.audience import OFFICER, PUBLIC, audience_for
        from meetings.models import Panel
        from portal.models import SearchEntry, User
        from portal.search.selectors import MAX_RESULTS, search

        writer = Writer(seed_sentences(), made_up_words(RARE_WORDS))
        panels = list(Panel.objects.filter(slug__startswith="bench-panel-").order_by("pk"))
        user = User.objects.filter(email="bench@example.org").first()  # made last: the index is complete
        if user:
            print(f"Kept from an earlier run with --keep: {SearchEntry.objects.count()} search entries")
        elif panels:
            raise SystemExit(f"{connection.settings_dict['NAME']} was left half built: drop it and run again")
        else:
            panels, councillor = build_index(writer, args.scale)
            user = User.objects.create_user(email="bench@example.org", role="councillor", councillor=councillor)
        rng.seed(QUERIES)  # the same searches whether the index was built now or kept
        audiences = [("public", PUBLIC), ("councillor", audience_for(user)), ("officer", OFFICER)]
        queries = representative_queries(writer, panels)
        rare = [{"query": word} for word in writer.rare[:: len(writer.rare) // 40]][:40]
        zero = [{"query": f"zzqx{n}vuw"} for n in range(40)]
        cursor = connection.cursor()
        for query in queries[:10] + rare[:5]:  # warm the caches, as a running server has them
            search(PUBLIC, **query)
            bare_query(cursor, query["query"])

        def timed(audience, query) -> tuple[float, int]:
            started = time.perf_counter()
            results = search(audience, **query)
            return (time.perf_counter() - started) * 1000, results.count

        def in_turn(n: int, audience, query) -> tuple[float, int, float]:
            """The search and the bare query for the same words: the search first for even n, the bare query
            first for odd n. Milliseconds of each, and the results found."""
            if n % 2:
                bare = bare_query(cursor, query["query"])
                return (*timed(audience, query), bare)
            return (*timed(audience, query), bare_query(cursor, query["query"]))

        mix_p95, mix_bare_p95, mix_median = [], [], []
        by_audience: dict[str, list[float]] = {name: [] for name, _ in audiences}
        overhead = {"rare word": ([], []), "zero hits": ([], [])}
        found, slowest = [], []
        for repeat in range(args.repeats):
            # Interleaved: each search beside the bare query for the same words, taking turns at going first (in
            # fours in the mix, whose audiences go in fours; and the other way round in the next repeat).
            all_ms, bare_ms = [], []
            for n, query in enumerate(queries):
                name, audience = audiences[0] if n % 2 == 0 else audiences[1 + (n // 2) % 2]
                elapsed, count, bare = in_turn(n // 4 + repeat, audience, query)
                bare_ms.append(bare)
                by_audience[name].append(elapsed)
                all_ms.append(elapsed)
                found.append(count)
                slowest.append((elapsed, name, query))
            mix_p95.append(percentile(all_ms, 0.95))
            mix_median.append(statistics.median(all_ms))
            mix_bare_p95.append(percentile(bare_ms, 0.95))
            for label, words in (("rare word", rare), ("zero hits", zero)):
                page, bare = [], []
                for n, query in enumerate(words):
                    elapsed, _, bare_elapsed = in_turn(n + repeat, PUBLIC, query)
                    page.append(elapsed)
                    bare.append(bare_elapsed)
                overhead[label][0].append(statistics.median(page))
                overhead[label][1].append(statistics.median(bare))

        total = SearchEntry.objects.count()
        capped = sum(1 for count in found if count >= MAX_RESULTS)
        print(
            f"{len(queries)} searches x {args.repeats} repeats on {total} entries: {statistics.median(found):.0f} "
            f"results each (median); {capped // args.repeats} matched more than the {MAX_RESULTS} newest ranked"
        )
        for name, values in by_audience.items():
            print(f"  as {name:<11} median {statistics.median(values):6.1f} ms, p95 {percentile(values, 0.95):6.1f} ms")
        for elapsed, name, query in sorted(slowest, key=lambda row: row[0], reverse=True)[:5]:
            filters = {key: str(value) for key, value in query.items() if key != "query"}
            print(f"  slow: {elapsed:6.1f} ms as {name}: {query['query']!r} {filters or ''}")
        print("min/median/max of the repeats:")
        ratio = [p / b for p, b in zip(mix_p95, mix_bare_p95, strict=True)]
        print(
            f"search mix p95 ({total} entries): {spread(mix_p95, '.1f')} ms, bare @@ ts_rank LIMIT 20 p95 "
            f"{spread(mix_bare_p95, '.1f')} ms, ratio {spread(ratio, '.1f')} (target p95 <= {TARGET_P95_MS} ms)"
        )
        print(f"search mix median ({total} entries): {spread(mix_median, '.1f')} ms")
        for label, (page, bare) in overhead.items():
            ratio = [p / b for p, b in zip(page, bare, strict=True)]
            print(
                f"search, {label}, public, median of {len(rare)}: {spread(page, '.2f')} ms, bare @@ ts_rank LIMIT 20 "
                f"{spread(bare, '.2f')} ms, ratio {spread(ratio, '.1f')} (target <= 3)"
            )


if __name__ == "__main__":
    main()
