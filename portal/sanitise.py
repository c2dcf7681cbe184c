"""HTML cleaning for authored reports and minutes: a fixed set of structural tags, nothing that runs."""

import nh3

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "sup",
    "sub",
    "abbr",
    "span",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "q",
    "cite",
    "a",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "section",
    "div",
    "figure",
    "figcaption",
}
_GENERIC = {"class", "lang"}
ALLOWED_ATTRIBUTES = {
    "*": _GENERIC,
    "a": _GENERIC | {"href", "title"},
    "abbr": _GENERIC | {"title"},
    "ol": _GENERIC | {"start", "type"},
    "li": _GENERIC | {"value"},
    "th": _GENERIC | {"scope", "colspan", "rowspan"},
    "td": _GENERIC | {"colspan", "rowspan"},
    "col": _GENERIC | {"span"},
    "colgroup": _GENERIC | {"span"},
}


def clean_html(html: str) -> str:
    """Keep the structure of a report (headings, lists, tables, links) and drop everything else."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
