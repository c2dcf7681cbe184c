"""PDFs for tests: made with WeasyPrint, each page carrying a text marker that can be found again."""

import io
import re
from dataclasses import dataclass

import pikepdf
import weasyprint
from pypdf import PdfReader


def make_pdf(markers: list[str], *, landscape_pages: tuple[int, ...] = ()) -> bytes:
    pages = []
    for index, marker in enumerate(markers):
        page = "landscape" if index in landscape_pages else "portrait"
        pages.append(f'<section style="page: {page}; break-before: page"><h1>{marker}</h1></section>')
    html = "<style>@page portrait { size: A4 } @page landscape { size: A4 landscape }</style>" + "".join(pages)
    return weasyprint.HTML(string=html).write_pdf()


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


# --- hostile PDFs, built here so the tests show exactly what each one is ----------------------------------------


def _write(writer) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def decompression_bomb(pages: int = 50, content_mb: int = 70, *, distinct: bool = False) -> bytes:
    """A few KB that inflate to `content_mb` MB of drawing operators (compressed twice), shared by every page
    (or, `distinct`, a copy of its own for each page, so that nothing can be decoded once for all): gigabytes to
    process for whoever draws or extracts the text of each page."""
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    operators = b"0 0 m 1 1 l S\n" * (content_mb * 1_048_576 // 14)
    compressed = zlib.compress(zlib.compress(operators, 9), 9)

    def stream():
        content = DecodedStreamObject()
        content._data = compressed
        content[NameObject("/Filter")] = ArrayObject([NameObject("/FlateDecode"), NameObject("/FlateDecode")])
        return writer._add_object(content)

    writer = PdfWriter()
    shared = stream()
    for _ in range(pages):
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Contents")] = stream() if distinct else shared
    return _write(writer)


def encrypted_pdf() -> bytes:
    """A PDF whose trailer says it is AES-encrypted (the standard security handler, V4 with AESV2)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Secret"]))))
    crypt_filter = DictionaryObject({NameObject("/CFM"): NameObject("/AESV2"), NameObject("/Length"): NumberObject(16)})
    encrypt = DictionaryObject(
        {
            NameObject("/Filter"): NameObject("/Standard"),
            NameObject("/V"): NumberObject(4),
            NameObject("/R"): NumberObject(4),
            NameObject("/Length"): NumberObject(128),
            NameObject("/P"): NumberObject(-4),
            NameObject("/O"): ByteStringObject(b"\x01" * 32),
            NameObject("/U"): ByteStringObject(b"\x02" * 32),
            NameObject("/CF"): DictionaryObject({NameObject("/StdCF"): crypt_filter}),
            NameObject("/StmF"): NameObject("/StdCF"),
            NameObject("/StrF"): NameObject("/StdCF"),
        }
    )
    writer._encrypt_entry = writer._add_object(encrypt)
    writer._ID = ArrayObject([ByteStringObject(b"0" * 16), ByteStringObject(b"0" * 16)])
    return _write(writer)


def active_content_pdf(marker: str = "Active content") -> bytes:
    """JavaScript run on opening (/OpenAction and a document-level script), a page action (/AA), an embedded
    file, a `javascript:` link and a `file:` link, beside an ordinary https link that must survive."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([marker]))))
    script = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.launchURL('https://evil.example/');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)
    names = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("opened"), writer._add_object(script.clone(writer))])}
    )
    writer._root_object.setdefault(NameObject("/Names"), DictionaryObject())[NameObject("/JavaScript")] = (
        writer._add_object(names)
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(script.clone(writer))})
    writer.add_attachment("payload.exe", b"MZ not really")
    for rect, uri in (
        ((50, 700, 250, 720), "javascript:alert(document.cookie)"),
        ((50, 650, 250, 670), "file:///etc/passwd"),
        ((50, 600, 250, 620), "https://www.example.gov.uk/report"),
    ):
        writer.add_annotation(0, Link(rect=rect, url=uri))
    return _write(writer)


def rotated_pdf(rotation: int, marker: str = "Turned page") -> bytes:
    """A portrait page shown turned by /Rotate (clockwise), as scanners write a landscape letter."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([marker]))))
    writer.pages[0].rotate(rotation)
    return _write(writer)


def page_box_pdf(box: tuple[float, float, float, float], marker: str = "Odd box") -> bytes:
    """A page whose MediaBox is `box`, its text moved so that it still lies inside that box."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([marker]))))
    page = writer.pages[0]
    left, bottom = min(box[0], box[2]), min(box[1], box[3])
    page.add_transformation(Transformation().translate(left, bottom))
    page.mediabox = RectangleObject(box)
    if "/CropBox" in page:
        del page["/CropBox"]
    return _write(writer)


def printed_page_ranges(texts: list[str]) -> list[tuple[int, int]]:
    """The page ranges the front sheet prints beside the items ("3 - 11"): the pages before the first paper."""
    front = []
    for text in texts:
        if "Agenda item" in text:  # every authored paper names its item on its first page
            break
        front.append(text)
    return [(int(first), int(last)) for first, last in re.findall(r"(\d+) - (\d+)", "\n".join(front))]


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font the pages use (also inside form XObjects), and whether its font program is embedded."""
    found: dict[str, bool] = {}

    def visit(resources, depth: int = 0) -> None:
        if resources is None or depth > 8:
            return
        for font in (resources.get("/Font") or {}).values():
            descriptor_holder = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descriptor_holder.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font.get("/BaseFont", "?"))] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"), depth + 1)

    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            visit(page.obj.get("/Resources"))
    return found


@dataclass
class PackFacts:
    """What two packs must share to be the same pack: pages, printed ranges, embedded fonts, text per page."""

    page_count: int
    printed_ranges: list[tuple[int, int]]
    fonts: dict[str, bool]
    texts: list[str]

    @property
    def all_fonts_embedded(self) -> bool:
        return bool(self.fonts) and all(self.fonts.values())


def pack_facts(pdf: bytes) -> PackFacts:
    texts = page_texts(pdf)
    # Subset fonts are named ABCDEF+Family: the prefix is random per build, the family is what matters.
    families = {name.split("+", 1)[-1]: embedded for name, embedded in fonts(pdf).items()}
    return PackFacts(page_count=len(texts), printed_ranges=printed_page_ranges(texts), fonts=families, texts=texts)
