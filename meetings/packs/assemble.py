"""Stage 4 of the pack pipeline: put each uploaded PDF page under its placeholder page, keeping the page
numbers, running header, outline and structure tree that WeasyPrint wrote, and set the document's metadata."""

import io

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, TextStringObject

from meetings.packs.render import Layout, UnreadablePaper
from meetings.packs.tagging import fix_tagging


def assemble(layout: Layout, *, title: str, author: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(layout.pdf)))
    sources: dict[int, PdfWriter] = {}
    for anchor, page_index in layout.inserted.items():
        data, source_index = layout.sources[anchor]
        try:
            if id(data) not in sources:
                sources[id(data)] = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
            source = sources[id(data)].pages[source_index]
            if source.rotation:
                # Bake /Rotate into the content, so the page lies the way it is read.
                source.transfer_rotation_to_content()
            box = source.mediabox
            # A box may lie anywhere, negative origins included: its lower left corner goes to the page's.
            left, bottom = min(float(box.left), float(box.right)), min(float(box.bottom), float(box.top))
            writer.pages[page_index].merge_transformed_page(
                source, Transformation().translate(-left, -bottom), over=False
            )
        except Exception as exc:  # noqa: BLE001 - whatever is wrong with the file, say which paper it is
            title, item_number = layout.papers.get(anchor, ("(unknown)", "?"))
            raise UnreadablePaper(title, item_number, exc) from exc
    fix_tagging(writer)
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "Scrutiny panels portal"})
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject("en-GB")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
