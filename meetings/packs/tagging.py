"""PDF/UA fixes to the tagged PDF WeasyPrint writes, applied when a pack (or a paper) is assembled.

- Running headers and page numbers are page furniture: WeasyPrint marks them as content belonging to structure
  elements it never links into the tree, so screen readers read them at every page turn. They become
  /Artifact /Pagination marked content (ISO 14289-1 7.8; Matterhorn 18).
- Every table header cell gets a /Scope (ISO 14289-1 7.5; Matterhorn 15): Column for the cells of a header row,
  Row for a header cell in a row of data cells, as HTML's own rule for <th> without a scope attribute.
- Link annotations are printable (/F 4), so print and screen readers get the same links (7.18.1).
- The file declares the PDF version it is written in (PDF/UA-1 is based on PDF 1.7).
"""

import functools
import re

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NullObject, NumberObject

PDF_VERSION = b"%PDF-1.7"
MARKED_CONTENT = re.compile(rb"/([A-Za-z0-9]+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
PAGINATION = b"/Artifact <</Type /Pagination>> BDC"


def fix_tagging(writer: PdfWriter) -> None:
    writer.pdf_header = PDF_VERSION
    root = writer._root_object.get("/StructTreeRoot")
    if root is None:
        return
    root = root.get_object()
    linked = set()
    for element in _elements(root.get("/K")):
        linked.add(id(element))
    _pagination_artifacts(writer, root, linked)
    for element in _elements(root.get("/K")):
        if element.get("/S") == "/TR":
            _scope_header_cells(element)
    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                annotation[NameObject("/F")] = NumberObject(4)


def _elements(kids):
    """Every structure element under `kids`, depth first (each object once, as the same Python object)."""
    stack = [kids]
    seen = set()
    while stack:
        node = stack.pop()
        if node is None:
            continue
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            stack.extend(reversed(list(node)))
        elif isinstance(node, DictionaryObject) and "/S" in node and id(node) not in seen:
            seen.add(id(node))
            yield node
            stack.append(node.get("/K"))


def _pagination_artifacts(writer: PdfWriter, root: DictionaryObject, linked: set[int]) -> None:
    parent_tree = root.get("/ParentTree")
    if parent_tree is None:
        return
    nums = parent_tree.get_object().get("/Nums", ArrayObject())
    by_key = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums) - 1, 2)}
    for page in writer.pages:
        if "/StructParents" not in page:
            continue
        owners = by_key.get(int(page["/StructParents"]))
        if not isinstance(owners, ArrayObject):
            continue
        orphans = set()
        for mcid, owner in enumerate(owners):
            owner = owner.get_object() if hasattr(owner, "get_object") else owner
            if isinstance(owner, DictionaryObject) and id(owner) not in linked:
                orphans.add(mcid)
                owners[mcid] = NullObject()
        if not orphans:
            continue
        contents = page.get_contents()
        data = contents.get_data()

        rewritten = MARKED_CONTENT.sub(functools.partial(_as_artifact, orphans=orphans), data)
        if rewritten != data:
            contents.set_data(rewritten)
            page.replace_contents(contents)


def _as_artifact(match: re.Match, *, orphans: set[int]) -> bytes:
    return PAGINATION if int(match.group(2)) in orphans else match.group(0)


def _scope_header_cells(row: DictionaryObject) -> None:
    cells = [cell for cell in _children(row) if cell.get("/S") in ("/TH", "/TD")]
    header_row = all(cell.get("/S") == "/TH" for cell in cells)
    for cell in cells:
        if cell.get("/S") != "/TH":
            continue
        attributes = cell.get("/A")
        attributes = attributes.get_object() if attributes is not None else None
        if not isinstance(attributes, DictionaryObject):
            attributes = DictionaryObject({NameObject("/O"): NameObject("/Table")})
            cell[NameObject("/A")] = attributes
        if "/Scope" not in attributes:
            attributes[NameObject("/Scope")] = NameObject("/Column" if header_row else "/Row")


def _children(element: DictionaryObject) -> list[DictionaryObject]:
    kids = element.get("/K")
    kids = kids.get_object() if hasattr(kids, "get_object") else kids
    kids = list(kids) if isinstance(kids, ArrayObject) else [kids]
    children = []
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            children.append(kid)
    return children
