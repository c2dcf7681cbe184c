"""Stage 4 of the pack pipeline: put each uploaded PDF page under its placeholder page, keeping the page numbers,
running header, outline, structure tree and metadata that WeasyPrint wrote.

A pack without uploaded PDFs is WeasyPrint's file as it stands. With them, the pages that receive an uploaded
page are written again as an incremental update appended to WeasyPrint's file; everything else stays as written."""

import io

from pypdf import PdfReader, PdfWriter, Transformation

from meetings.packs.render import Layout, UnreadablePaper


def assemble(layout: Layout) -> bytes:
    if not layout.inserted:
        return layout.pdf
    writer = PdfWriter(io.BytesIO(layout.pdf), incremental=True)
    # An update's trailer must name the document information again (ISO 32000-1 7.5.6); pypdf names it only when
    # it changed, so it is written again as a new object, holding what WeasyPrint wrote.
    information = dict(writer.metadata or {})
    writer.metadata = None
    writer.add_metadata(information)
    sources: dict[int, PdfReader] = {}
    for anchor, page_index in layout.inserted.items():
        data, source_index = layout.sources[anchor]
        try:
            if id(data) not in sources:
                sources[id(data)] = PdfReader(io.BytesIO(data))
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
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
