"""The seed documents as text, and a way to check that fixture text came from them verbatim."""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
PACK_TEXT = SEEDS / "000_7e1926c6d5a06969.txt"
COMMISSIONER_TEXT = SEEDS / "003_b9230ef78f97f091.txt"

_BULLETS = "\uf0b7\u2022\uf0a7"


def squash(text: str) -> str:
    """Delete whitespace, bullet glyphs and Markdown emphasis, so wrapped or broken words compare equal."""
    text = html.unescape(text)
    text = text.replace("**", "")
    return re.sub(rf"[\s{_BULLETS}]+", "", text)


# The page ranges printed on the original front sheet; the portal computes its own.
PRINTED_PAGE_RANGES = (" 3 - 10 ", " 11 - 26 ", " 27 - 40 ")


def squashed_seed(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    for printed in PRINTED_PAGE_RANGES:
        text = text.replace(printed, " ")
    # The Markdown source wraps its one URL in angle brackets.
    return squash(text.replace("<https://", "https://").replace("50143726>", "50143726"))


BLOCK_TAGS = {"p", "li", "td", "th", "h2", "h3", "h4", "h5", "h6", "caption", "dt", "dd"}


class _BlockCollector(HTMLParser):
    """Collects the text of each block element; a <br> starts a new line of the same block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._stack: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._stack.append([""])
        elif tag == "br" and self._stack:
            self._stack[-1].append("")
        elif tag in {"ul", "ol"} and self._stack:
            # A nested list ends the text of its parent item; the nested items are blocks of their own.
            self._flush()
            self._stack.append(None)

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS and self._stack:
            self._flush()
            self._stack.pop()
        elif tag in {"ul", "ol"} and self._stack and self._stack[-1] is None:
            self._stack.pop()

    def _flush(self):
        lines = self._stack[-1]
        if lines:
            self.blocks.extend(line for line in lines if line.strip())
            self._stack[-1] = [""]

    def handle_data(self, data):
        if self._stack and self._stack[-1] is not None:
            self._stack[-1][-1] += data


def text_blocks(fragment: str) -> list[str]:
    collector = _BlockCollector()
    collector.feed(fragment)
    collector.close()
    return [block.strip() for block in collector.blocks if block.strip()]
