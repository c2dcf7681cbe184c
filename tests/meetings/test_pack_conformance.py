"""Agenda packs and single-paper PDFs checked with other people's PDF/UA checkers (outloud and pdfua, both pure
Python on pikepdf, no JVM) and pikepdf structure checks: page furniture is artifact, every header cell has a
scope, tables keep their captions and header rows, the file says PDF 1.7."""

import io

import pikepdf
import pytest
from outloud import check as outloud_check
from pdfua import Severity
from pdfua import validate as pdfua_validate

from meetings.models import AgendaPack, Document, Meeting
from meetings.packs.collect import collect
from meetings.packs.documents import rendered_paper_pdf
from meetings.packs.render import prepare_inserted_pages, render_html, render_pdf_document
from tests.pdfs import page_texts

pytestmark = pytest.mark.usefixtures("seed")


def seed_meeting() -> Meeting:
    return Meeting.objects.select_related("panel__council").get(panel__pk=1, date="2021-09-21")


def seed_pack_bytes() -> bytes:
    pack = AgendaPack.objects.filter(meeting=seed_meeting(), variant="public").order_by("-version").first()
    with pack.file.open("rb") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def pdfs(django_db_blocker, tmp_path_factory):
    """The seed pack and one authored paper on its own, as files for the checkers (built once per module)."""
    with django_db_blocker.unblock():
        folder = tmp_path_factory.mktemp("pdfs")
        paths = {"pack": folder / "pack.pdf", "paper": folder / "paper.pdf"}
        paths["pack"].write_bytes(seed_pack_bytes())
        paper = Document.objects.select_related("meeting__panel__council", "agenda_item").get(
            meeting=seed_meeting(), slug="locality-working"
        )
        paths["paper"].write_bytes(rendered_paper_pdf(paper))
    return paths


def structure_elements(pdf: pikepdf.Pdf):
    stack, seen = [pdf.Root.StructTreeRoot.K], set()
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node and node.objgen not in seen:
            seen.add(node.objgen)
            yield node
            if "/K" in node:
                stack.append(node.K)


@pytest.mark.parametrize("which", ["pack", "paper"])
def test_outloud_finds_no_pdfua_conformance_problem(pdfs, which):
    result = outloud_check(str(pdfs[which]), layers=["conformance"])
    assert result.error is None
    problems = [f"{f.rule} p.{f.page} {f.severity}: {f.message}" for f in result.findings]
    assert problems == []


@pytest.mark.parametrize("which", ["pack", "paper"])
def test_outloud_semantic_checks_raise_only_the_row_header_heuristic(pdfs, which):
    """Outloud's semantic layer is heuristic; its one error on these files, TBL-010 ("shredded" headers: more TH
    than TD), fires on two-column tables whose rows are headed by a TH (scope=row), which is correct markup."""
    result = outloud_check(str(pdfs[which]), layers=["semantic"])
    errors = [f"{f.rule} p.{f.page}: {f.message}" for f in result.findings if f.severity == "error"]
    assert [error for error in errors if not error.startswith("TBL-010")] == []


@pytest.mark.parametrize("which", ["pack", "paper"])
def test_pdfua_package_finds_nothing(pdfs, which):
    report = pdfua_validate(str(pdfs[which]))
    found = [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings if f.severity >= Severity.WARNING]
    assert found == []


def test_running_headers_and_page_numbers_are_pagination_artifacts(pdfs):
    with pikepdf.open(pdfs["pack"]) as pdf:
        linked = {element.objgen for element in structure_elements(pdf)}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for number, page in enumerate(pdf.pages, start=1):
            # No marked content on the page belongs to a structure element outside the tree.
            for owner in owners.get(int(page.obj.get("/StructParents", -1)), []):
                assert not isinstance(owner, pikepdf.Dictionary) or owner.objgen in linked, f"page {number}"
            artifacts = [
                operands
                for operands, operator in pikepdf.parse_content_stream(page)
                if str(operator) == "BDC" and operands[0] == "/Artifact" and operands[1].get("/Type") == "/Pagination"
            ]
            assert artifacts, f"page {number} has no pagination artifact (its page number)"


def test_every_table_header_cell_has_a_scope(pdfs):
    for which in ("pack", "paper"):
        with pikepdf.open(pdfs[which]) as pdf:
            cells = [element for element in structure_elements(pdf) if element.S == "/TH"]
            assert len(cells) > 20
            assert [cell for cell in cells if "/Scope" not in cell.get("/A", {})] == []


def test_header_rows_scope_columns_and_row_headers_scope_rows(pdfs):
    with pikepdf.open(pdfs["paper"]) as pdf:
        scopes = {str(cell.A.Scope) for cell in structure_elements(pdf) if cell.S == "/TH"}
    assert scopes == {"/Column", "/Row"}


def test_the_file_says_pdf_17_and_its_links_print(pdfs):
    for which in ("pack", "paper"):
        with pikepdf.open(pdfs[which]) as pdf:
            assert pdf.pdf_version >= "1.7"
            for page in pdf.pages:
                for annotation in page.obj.get("/Annots", []):
                    if annotation.Subtype == "/Link":
                        assert int(annotation.get("/F", 0)) & 4


def pack_layout():
    content = collect(seed_meeting(), "public")
    page_rules, _, _ = prepare_inserted_pages(content, read_file=None)
    return render_pdf_document(render_html(content, page_rules))


def descendants(box, table=None):
    """Every box under `box`, with the element of the table it is in (None outside tables)."""
    if getattr(box, "element_tag", None) == "table":
        table = box.element
    yield box, table
    for child in getattr(box, "children", []):
        yield from descendants(child, table)


def test_captions_and_header_rows_stay_with_their_tables():
    document = pack_layout()
    caption_pages, first_row_pages = {}, {}
    for number, page in enumerate(document.pages, start=1):
        for box, table in descendants(page._page_box):
            if table is None:
                continue
            if getattr(box, "element_tag", None) == "caption":
                caption_pages.setdefault(id(table), number)
            if getattr(box, "element_tag", None) == "td":
                first_row_pages.setdefault(id(table), number)
    assert caption_pages, "the seed papers have captioned tables"
    for table, page in caption_pages.items():
        assert first_row_pages[table] == page, "a caption was left on a page without its table"


def test_no_quote_box_starts_empty_or_with_one_line_at_a_page_foot():
    document = pack_layout()
    first_fragments: dict[int, tuple[int, int]] = {}
    for number, page in enumerate(document.pages, start=1):
        for box, _ in descendants(page._page_box):
            if getattr(box, "element_tag", None) == "blockquote" and type(box).__name__ == "BlockBox":
                lines = sum(type(line).__name__ == "LineBox" for line, _ in descendants(box))
                assert lines > 0, f"an empty quote box on page {number}"
                first_fragments.setdefault(id(box.element), (number, lines))
    assert first_fragments, "the seed report quotes the Commissioner"
    assert all(lines >= 2 for _, lines in first_fragments.values()), first_fragments


def test_the_front_sheet_table_repeats_its_column_headings_on_each_page(pdfs):
    texts = page_texts(pdfs["pack"].read_bytes())
    front = [text for text in texts[:3] if "Item" in text and "Business" in text]
    assert len(front) >= 2, "the seed agenda runs onto a second page, which repeats the headings"
    for text in front:
        assert "Pages" in text
    with pikepdf.open(io.BytesIO(pdfs["pack"].read_bytes())) as pdf:
        tables = [e for e in structure_elements(pdf) if e.S == "/Table"]
        heads = [kid for kid in tables[0].K if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/THead"]
        assert heads, "the front sheet's table has tagged column headings"
