"""The reads of site search: one page of the entries an audience may see, best match first (PostgreSQL full-text
search on SearchEntry), with their snippets."""

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchQueryField, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Count, F, Func, Subquery, TextField, Value, Window
from django.db.models.functions import Cast, Greatest, Left, NullIf, RowNumber
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.audience import Audience
from meetings.models import Document, Panel
from portal.compiled import compiled_once
from portal.models import SearchEntry
from portal.search_index import SEARCH_CONFIG, START_MARK, STOP_MARK

RESULTS_PER_PAGE = 20
# The most results a search ranks and lists (ten pages): ranking reads each candidate's whole vector, so a word
# found in most papers would otherwise rank tens of thousands of them. A phrase, or words that seldom meet, is
# found by reading the vectors of newer entries until this many match: at 500,000 entries, 200 keeps the slowest
# searches near 50 ms where 500 took 100 to 150 (the page says when there were more, and how to narrow them).
MAX_RESULTS = 200
SNIPPET_CHARS = 240  # the opening of each result, when listing by filters alone
# The stretch of a result's text searched for its snippet: from this many characters before the first match, this
# many in all. ts_headline parses every character it is given (about a tenth of a microsecond each), and the snippet
# shows at most 35 words, about 220 characters; the 100 after them leave room for a second fragment.
SNIPPET_BEFORE, SNIPPET_WINDOW = 120, 320
# Title matches outrank body matches: weights for D, C, B (body) and A (title).
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
DOCUMENT_KINDS = dict(Document.Kind.choices)


@dataclass
class SearchResults:
    query: str
    page: Page
    total: int  # capped at MAX_RESULTS + 1: more than MAX_RESULTS is all we say

    @property
    def count(self) -> int:
        return min(self.total, MAX_RESULTS)

    @property
    def is_capped(self) -> bool:
        return self.total > MAX_RESULTS

    @property
    def results(self) -> list["SearchHit"]:
        return self.page.object_list


class KnownCountPaginator(Paginator):
    """Pages of a queryset whose rows were counted by the search query itself (a window count)."""

    def __init__(self, object_list, per_page: int, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def marked(text: str) -> SafeString:
    """Escape everything, then turn only our own match markers into <mark>."""
    escaped = escape(text or "")
    escaped = re.sub(f"{START_MARK}(.*?){STOP_MARK}", r"<mark>\1</mark>", escaped, flags=re.DOTALL)
    return mark_safe(escaped.replace(START_MARK, "").replace(STOP_MARK, ""))  # noqa: S308 - escaped above


def kind_label(entry: "SearchEntry | SearchHit") -> str:
    """What a result is, in the words of the agenda: "Agenda item", "Report", "Appendix", "Minute"..."""
    if entry.kind != SearchEntry.Kind.DOCUMENT:
        return entry.get_kind_display()
    if entry.document_kind == Document.Kind.MINUTES:
        return "Minutes (paper)"
    return DOCUMENT_KINDS.get(entry.document_kind, "Paper")


class AroundFirstMatch(Func):
    """The stretch of a text around the first occurrence of a word's stem (or its opening), read from the table
    once: PostgreSQL reads a long value out of its TOAST storage again for each function given it, so the text is
    read into memory once, in a subquery that is kept whole (OFFSET 0), and searched and cut there. The stem is
    looked for as written in lower case, capitalised and in capitals (strpos, a plain substring search), and only
    when none of them occurs with a case-blind regular expression, which costs several times as much per character
    and for a word that only matched the title reads the whole text for nothing. The stretch starts at a word: the
    text is read with a space before it, the stretch taken from the character before its start, and whatever
    precedes its first space (the tail of a word cut in two, or that one space) left out."""

    output_field = TextField()

    def __init__(self, text, stem, *, before: int, length: int):
        super().__init__(text, stem)
        self.before, self.length = before, length

    def as_sql(self, compiler, connection, **extra_context):
        (text_sql, text_params), (stem_sql, stem_params) = (compiler.compile(e) for e in self.source_expressions)
        as_written = ", ".join(
            f"nullif(strpos(t.whole, {case}), 0)" for case in ("t.stem", "initcap(t.stem)", "upper(t.stem)")
        )
        # In any case, each character of the stem that is not a letter or digit escaped.
        case_blind = (
            r"nullif(regexp_instr(t.whole, regexp_replace(t.stem, '([^[:alnum:]])', '\\\1', 'g'), 1, 1, 0, 'i'), 0)"
        )
        found_at = f"coalesce(least({as_written}), {case_blind}, 1)"
        stretch = f"substr(t.whole, greatest({found_at} - 1 - {int(self.before)}, 1), {int(self.length) + 1})"
        sql = (
            rf"(SELECT regexp_replace({stretch}, '^\S*\s', '') "
            f"FROM (SELECT ' ' || {text_sql} AS whole, {stem_sql} AS stem OFFSET 0) AS t)"
        )
        return sql, (*text_params, *stem_params)


def around_first_match(field: str, words: SearchQuery) -> AroundFirstMatch:
    """The stretch of text around the first occurrence of the query's first word (or the opening, if it only
    matched the title). ts_headline parses all the text it is given, which for a long paper costs more than the
    whole search; the snippet only ever shows a few lines of it."""
    first_lexeme = Func(
        Cast(words, TextField()),
        Value(r"'((?:[^']|'')+)'"),
        Value(1),
        Value(1),
        Value(""),
        Value(1),
        function="regexp_substr",  # the first quoted lexeme of the parsed query: 'servic' for "services"
        output_field=TextField(),
    )
    unquoted = Func(first_lexeme, Value("''"), Value("'"), function="replace")  # o''brien is written o'brien
    return AroundFirstMatch(F(field), unquoted, before=SNIPPET_BEFORE, length=SNIPPET_WINDOW)


class RowAddress(Func):
    """A row's physical address (ctid) in the query's own table: within one statement, the candidates found in a
    subquery are fetched again by their address (a TID scan), not through the primary key's index, which for 200
    candidates reads some 600 index pages more."""

    output_field = TextField()  # a tid; it never leaves the database

    def as_sql(self, compiler, connection, **extra_context):
        return f"{own_table(compiler)}.ctid", ()


class AtAddressIn(Func):
    """True for the rows at the addresses a subquery gives."""

    arity = 1
    template = "%(table)s.ctid = ANY(ARRAY%(expressions)s)"
    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, table=own_table(compiler), **extra_context)


def own_table(compiler) -> str:
    """The name (or alias, in a subquery) of the table a query reads from."""
    return compiler.quote_name(compiler.query.get_initial_alias())


def any_word_of(words: SearchQuery) -> Cast:
    """The query's words joined by OR (leaving out the excluded ones), for snippets: ts_headline looks for a
    stretch holding every word of an AND query, which a short stretch of a long paper may not have, and would then
    mark nothing."""
    indexable = Func(words, function="querytree", output_field=TextField())  # 'T' when nothing is indexable
    joined = Func(indexable, Value(r"&|<\d*->"), Value("|"), Value("g"), function="regexp_replace")
    return Cast(NullIf(joined, Value("T")), SearchQueryField())


@dataclass
class SearchHit:
    """One result as the page shows it."""

    kind: str
    title: str
    date: datetime.date
    url: str
    document_kind: str
    published: bool
    exempt_paragraph: int | None
    panel_name: str
    snippet: str
    marked_title: str
    total: int

    def get_kind_display(self) -> str:
        return SearchEntry.Kind(self.kind).label

    @cached_property
    def kind_label(self) -> str:
        return kind_label(self)

    @cached_property
    def title_html(self) -> SafeString:
        return marked(self.marked_title)

    @cached_property
    def snippet_html(self) -> SafeString:
        return marked(self.snippet)


# Stand-ins for what a reader typed, in the one compilation of each kind of search: the compiled SQL is kept and
# the reader's values are put where these appear among its parameters.
SLOTS = {
    "query": "\x00query\x00",
    "panel": -(2**62),
    "date_from": datetime.date(1, 1, 2),
    "date_to": datetime.date(1, 1, 3),
    "kind": "\x00kind\x00",
    "document_kind": "\x00document_kind\x00",
}
COMPILED_LIMIT = 512


_compiled: dict[tuple, Callable[..., list[dict]]] = {}


def search(
    audience: Audience,
    query: str,
    *,
    panel: Panel | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    kind: str = "",
    document_kind: str = "",
    page_number: str | int | None = 1,
) -> SearchResults:
    """One page of the entries this audience may see, best match first (newest first without words to match).

    One query whatever the number of results (a second only for a page number past the end). Ranking reads every
    candidate's whole vector, so it is bounded: the candidates are the MAX_RESULTS newest matches (all of them,
    for any search specific enough to be read through), ranked; the page says when a search matched more."""
    given = {"query": query, "panel": panel.pk if panel else None, "date_from": date_from, "date_to": date_to}
    given |= {"kind": kind, "document_kind": document_kind}
    given = {name: value for name, value in given.items() if value}
    number = page_number_in_range(page_number)
    rows = page_of_hits(audience, given, number)
    if not rows and number > 1:  # past the end: the last page, as Paginator.get_page answers
        first = page_of_hits(audience, given, 1)
        number = math.ceil(min(first[0].total, MAX_RESULTS) / RESULTS_PER_PAGE) if first else 1
        rows = page_of_hits(audience, given, number)
    total = rows[0].total if rows else 0
    del rows[max(0, min(total, MAX_RESULTS) - (number - 1) * RESULTS_PER_PAGE) :]  # never the spare candidate
    for hit in rows:
        if not query and len(hit.snippet) == SNIPPET_CHARS:
            hit.snippet += "…"
    page = KnownCountPaginator((), RESULTS_PER_PAGE, count=min(total, MAX_RESULTS)).page(number)
    page.object_list = rows
    return SearchResults(query=query, page=page, total=total)


def page_of_hits(audience: Audience, given: dict, number: int) -> list[SearchHit]:
    """One page of hits, in one query. Django compiles a search's SQL in several times the time PostgreSQL takes to
    answer it, so each kind of search (the audience, which filters are given, the page) is compiled once, with
    stand-ins for the reader's values, and later searches of that kind only fill in their values."""
    key = (audience, tuple(given), number, MAX_RESULTS, RESULTS_PER_PAGE)
    if key not in _compiled:
        if len(_compiled) >= COMPILED_LIMIT:
            _compiled.clear()
        names = list(given)
        _compiled[key] = compiled_once(
            lambda *values: page_queryset(audience, dict(zip(names, values, strict=True)), number),
            *(SLOTS[name] for name in names),
            named=True,
        )
    return [SearchHit(**row) for row in _compiled[key](*given.values())]


def page_queryset(audience: Audience, given: dict, number: int):
    """The query of one page of results, with their snippets, the number of candidates and the spare one."""
    entries = SearchEntry.objects.visible_to(audience)
    if "panel" in given:
        entries = entries.filter(panel_id=given["panel"])
    if "date_from" in given:
        entries = entries.filter(date__gte=given["date_from"])
    if "date_to" in given:
        entries = entries.filter(date__lte=given["date_to"])
    if "kind" in given:
        entries = entries.filter(kind=given["kind"])
    if "document_kind" in given:
        entries = entries.filter(kind=SearchEntry.Kind.DOCUMENT, document_kind=given["document_kind"])
    if "query" in given:
        words = SearchQuery(given["query"], search_type="websearch", config=SEARCH_CONFIG)
        entries = entries.filter(search_vector=words)

    # One candidate more than we rank and list tells us that there were more; it sorts after all the others,
    # past the last page.
    newest_first = [F("date").desc(), F("pk").desc()]
    candidates = entries.order_by(*newest_first).values(address=RowAddress())[: MAX_RESULTS + 1]
    results = SearchEntry.objects.filter(AtAddressIn(Subquery(candidates))).annotate(
        total=Window(Count("*")),
        spare=Greatest(Window(RowNumber(), order_by=newest_first) - MAX_RESULTS, Value(0)),
    )
    if "query" in given:
        marks = {"start_sel": START_MARK, "stop_sel": STOP_MARK, "config": SEARCH_CONFIG}
        results = results.annotate(
            rank=SearchRank(F("search_vector"), words, weights=RANK_WEIGHTS),
            snippet=SearchHeadline(
                around_first_match("body", words),
                any_word_of(words),
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
            marked_title=SearchHeadline("title", words, highlight_all=True, **marks),
        ).order_by("spare", "-rank", "-date", "-pk")
    else:
        results = results.annotate(snippet=Left("body", SNIPPET_CHARS), marked_title=F("title")).order_by(
            "spare", "-date", "-pk"
        )
    # PostgreSQL works out the snippets for the page's rows alone (after the limit); neither the body nor the
    # vector leaves the database.
    fields = ["kind", "title", "date", "url", "document_kind", "published", "exempt_paragraph"]
    results = results.values(*fields, "snippet", "marked_title", "total", panel_name=F("panel__name"))
    return results[(number - 1) * RESULTS_PER_PAGE : number * RESULTS_PER_PAGE]


def page_number_in_range(value: str | int | None) -> int:
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, math.ceil(MAX_RESULTS / RESULTS_PER_PAGE)))
