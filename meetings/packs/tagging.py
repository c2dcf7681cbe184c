"""PDF/UA fixes to the tagged PDF WeasyPrint writes, applied to its objects before it writes the file (a
WeasyPrint "finisher"), so no second pass re-reads and re-writes the PDF.

- Running headers and page numbers are page furniture: WeasyPrint marks them as content belonging to structure
  elements it never links into the tree, so screen readers read them at every page turn. They become
  /Artifact /Pagination marked content (ISO 14289-1 7.8; Matterhorn 18).
- Every table header cell gets a /Scope (ISO 14289-1 7.5; Matterhorn 15): Column for the cells of a header row,
  Row for a header cell in a row of data cells, as HTML's own rule for <th> without a scope attribute.
- Link annotations are printable (/F 4), so print and screen readers get the same links (7.18.1).
The file declares PDF 1.7 (PDF/UA-1 is based on it): WeasyPrint writes that header for the pdf/ua-1 variant.
"""

import pydyf

PAGINATION = pydyf.Dictionary({"Type": "/Pagination"})


def fix_tagging(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint's finisher signature: the laid-out document and the PDF's objects, before they are written."""
    root_reference = pdf.catalog.get("StructTreeRoot")
    pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
    for page in pages:
        for reference in page.get("Annots") or []:
            annotation = _resolve(pdf, reference)
            if annotation.get("Subtype") == "/Link":
                annotation["F"] = 4
    if root_reference is None:
        return
    root = _resolve(pdf, root_reference)
    linked = _linked_elements(pdf, root)
    _pagination_artifacts(pdf, root, pages, linked)
    for number in linked:
        element = pdf.objects[number]
        if element.get("S") == "/TR":
            _scope_header_cells(pdf, element)


def _resolve(pdf: pydyf.PDF, value):
    """The object a reference (b"12 0 R") names; anything else as it is."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return pdf.objects[int(value.split()[0])]
    return value


def _linked_elements(pdf: pydyf.PDF, root: pydyf.Dictionary) -> set[int]:
    """The object numbers of every structure element reachable from the root."""
    linked: set[int] = set()
    stack = list(root.get("K") or [])
    while stack:
        kid = stack.pop()
        if not (isinstance(kid, bytes) and kid.endswith(b" R")):
            continue  # a marked-content id
        number = int(kid.split()[0])
        element = pdf.objects[number]
        if number in linked or not isinstance(element, pydyf.Dictionary) or "S" not in element:
            continue
        linked.add(number)
        stack.extend(element.get("K") or [])
    return linked


def _pagination_artifacts(pdf: pydyf.PDF, root: pydyf.Dictionary, pages: list, linked: set[int]) -> None:
    parent_tree = _resolve(pdf, root.get("ParentTree"))
    if not isinstance(parent_tree, pydyf.Dictionary):
        return
    nums = parent_tree.get("Nums") or []
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    for page in pages:
        if "StructParents" not in page:
            continue
        owners = by_key.get(int(page["StructParents"]))
        if not isinstance(owners, pydyf.Array):
            continue
        orphans = set()
        for mcid, owner in enumerate(owners):
            if isinstance(owner, bytes) and owner.endswith(b" R") and int(owner.split()[0]) not in linked:
                orphans.add(mcid)
                owners[mcid] = "null"
        if orphans:
            _mark_as_artifacts(_resolve(pdf, page["Contents"]), orphans)


def _mark_as_artifacts(stream: pydyf.Stream, orphans: set[int]) -> None:
    """`/Tag <</MCID n>> BDC` becomes `/Artifact <</Type /Pagination>> BDC` for each orphaned n."""
    operations = stream.stream
    for index, operation in enumerate(operations):
        if (
            isinstance(operation, pydyf.Dictionary)
            and operation.get("MCID") in orphans
            and index + 1 < len(operations)
            and operations[index + 1] == b"BDC"
        ):
            operations[index - 1] = "/Artifact"
            operations[index] = PAGINATION


def _scope_header_cells(pdf: pydyf.PDF, row: pydyf.Dictionary) -> None:
    cells = [cell for cell in (_resolve(pdf, kid) for kid in row.get("K") or []) if _is_cell(cell)]
    header_row = all(cell["S"] == "/TH" for cell in cells)
    for cell in cells:
        if cell["S"] != "/TH":
            continue
        attributes = _resolve(pdf, cell.get("A"))
        if not isinstance(attributes, pydyf.Dictionary):
            attributes = pydyf.Dictionary({"O": "/Table"})
            cell["A"] = attributes
        if "Scope" not in attributes:
            attributes["Scope"] = "/Column" if header_row else "/Row"


def _is_cell(value) -> bool:
    return isinstance(value, pydyf.Dictionary) and value.get("S") in ("/TH", "/TD")
