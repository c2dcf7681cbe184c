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
# The only classes a report may carry: those the report style gives a look (.prose and .report in
# static/css/portal.css and pack.css). Any other class could borrow the site's own look (an "exempt" banner, a
# button, a notice) on a public page. The Trix editor writes no classes of its own (attachments are refused).
REPORT_CLASSES = {"report-header", "previous-findings", "signature"}
ALLOWED_CLASSES = {tag: REPORT_CLASSES for tag in ALLOWED_TAGS}
_GENERIC = {"lang"}
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
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
