"""A reading copy of an uploaded PDF paper: its text as plain HTML blocks, for screen readers, reflow and
translation tools (the accessible alternative the accessibility statement promises).

A tagged PDF gives its headings and paragraphs: each piece of text is attributed, through its marked-content id
and the structure tree's parent tree, to the structure element it belongs to, and page furniture (artifacts) is
left out. An untagged PDF gives its text page by page, in paragraphs."""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from meetings.models import Document

HEADINGS = {"/H": 1, "/H1": 1, "/H2": 2, "/H3": 3, "/H4": 4, "/H5": 5, "/H6": 6}
MAX_PAGES = 300


@dataclass(frozen=True)
class Block:
    """A heading (level 1-6, relative to the paper's own title) or a paragraph (level 0), or a page marker."""

    text: str
    level: int = 0
    page: int | None = None  # set on page markers of untagged papers

    @property
    def tag(self) -> str:
        return f"h{min(self.level + 1, 6)}" if self.level else "p"


@dataclass(frozen=True)
class ReadingCopy:
    blocks: list[Block]
    tagged: bool
    pages: int


def reading_copy_of(document: Document) -> ReadingCopy | None:
    """The paper's reading copy, as the background worker read it with the paper's text
    (meetings/text_extraction.py): a PDF is never parsed while a request waits. None until it has been read."""
    return from_stored(document.reading_copy) if document.reading_copy is not None else None


def to_stored(copy: ReadingCopy) -> dict:
    """The reading copy as JSON, for `Document.reading_copy`."""
    return {
        "tagged": copy.tagged,
        "pages": copy.pages,
        "blocks": [[block.text, block.level, block.page] for block in copy.blocks],
    }


def from_stored(stored: dict) -> ReadingCopy:
    return ReadingCopy(
        blocks=[Block(text=text, level=level, page=page) for text, level, page in stored["blocks"]],
        tagged=stored["tagged"],
        pages=stored["pages"],
    )


def reading_copy(data: bytes) -> ReadingCopy:
    reader = PdfReader(io.BytesIO(data))
    pages = reader.pages[:MAX_PAGES]
    owners = _marked_content_owners(reader)
    if owners is None:
        return ReadingCopy(blocks=_untagged_blocks(pages), tagged=False, pages=len(reader.pages))
    linked = _linked_elements(reader)
    blocks: list[tuple[Block, str | None]] = []
    for page in pages:
        chunks = _page_chunks(page)
        page_owners = owners.get(int(page.get("/StructParents", -1)), [])
        current_owner, parts = None, []
        for mcid, text in chunks:
            owner = page_owners[mcid] if mcid is not None and mcid < len(page_owners) else None
            if isinstance(owner, DictionaryObject) and id(owner) not in linked:
                continue  # content of an element outside the tree: page furniture (WeasyPrint's page numbers)
            element = _block_element(owner)
            if element is not current_owner and parts:
                blocks.append(_block(current_owner, parts))
                parts = []
            current_owner = element
            parts.append(text)
        if parts:
            blocks.append(_block(current_owner, parts))
    role_map = _role_map(reader)
    blocks = [
        Block(text=block.text, level=HEADINGS.get(role_map.get(kind, kind), 0)) for block, kind in blocks if block.text
    ]
    return ReadingCopy(blocks=blocks, tagged=True, pages=len(reader.pages))


def _linked_elements(reader: PdfReader) -> set[int]:
    """The structure elements reachable from the root (as object ids: pypdf resolves each object once)."""
    linked: set[int] = set()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object().get("/K")]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, DictionaryObject) and "/S" in node and id(node) not in linked:
            linked.add(id(node))
            stack.append(node.get("/K"))
    return linked


def _role_map(reader: PdfReader) -> dict[str, str]:
    """The file's own structure types mapped to the standard ones (Word writes /Heading1 for /H1, say)."""
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    role_map = tree.get("/RoleMap")
    return {str(key): str(value) for key, value in role_map.get_object().items()} if role_map else {}


def _marked_content_owners(reader: PdfReader) -> dict[int, list] | None:
    """StructParents key -> the structure element of each marked-content id on that page; None if untagged."""
    root = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    tree = root.get("/StructTreeRoot")
    if tree is None or not (mark_info and mark_info.get_object().get("/Marked")):
        return None
    parent_tree = tree.get_object().get("/ParentTree")
    if parent_tree is None:
        return None
    owners: dict[int, list] = {}
    stack = [parent_tree.get_object()]
    while stack:
        node = stack.pop()
        for kid in node.get("/Kids", []):
            stack.append(kid.get_object())
        nums = node.get("/Nums", [])
        for i in range(0, len(nums) - 1, 2):
            value = nums[i + 1].get_object()
            if isinstance(value, ArrayObject):
                owners[int(nums[i])] = [item.get_object() if item is not None else None for item in value]
    return owners


def _page_chunks(page) -> list[tuple[int | None, str]]:
    """The page's text in painting order, each piece with the marked-content id it is in; artifacts left out."""
    stack: list[tuple[str, int | None]] = []
    chunks: list[tuple[int | None, str]] = []

    def before(operator, operands, cm, tm):
        if operator == b"BDC":
            properties = operands[1] if len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
            stack.append((str(operands[0]), int(mcid) if mcid is not None else None))
        elif operator == b"BMC":
            stack.append((str(operands[0]), None))
        elif operator == b"EMC" and stack:
            stack.pop()

    def visit(text, cm, tm, font, size):
        if not text or any(tag == "/Artifact" for tag, _ in stack):
            return
        mcid = next((mcid for _, mcid in reversed(stack) if mcid is not None), None)
        chunks.append((mcid, text))

    page.extract_text(visitor_operand_before=before, visitor_text=visit)
    return chunks


def _block_element(owner):
    """The nearest block-level element (a heading, paragraph, list item, cell...) that owns the text: inline
    elements such as /Span belong to the block around them."""
    element = owner
    while isinstance(element, DictionaryObject) and element.get("/S") in ("/Span", "/Link", "/Em", "/Strong", "/Lbl"):
        parent = element.get("/P")
        element = parent.get_object() if parent is not None else None
    return element if isinstance(element, DictionaryObject) else owner


def _block(element, parts: list[str]) -> tuple[Block, str | None]:
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    kind = str(element.get("/S")) if isinstance(element, DictionaryObject) else None
    return Block(text=text), kind


def _untagged_blocks(pages) -> list[Block]:
    blocks = []
    for number, page in enumerate(pages, start=1):
        text = page.extract_text() or ""
        if text.strip():
            blocks.append(Block(text=f"Page {number}", level=1, page=number))
        paragraph: list[str] = []
        for line in text.splitlines() + [""]:
            line = line.strip()
            if line:
                paragraph.append(line)
            # A blank line, or a line that ends a sentence, ends the paragraph.
            if paragraph and (not line or line.endswith((".", ":", "?", "!"))):
                blocks.append(Block(text=" ".join(paragraph)))
                paragraph = []
    return blocks
