"""Stage 4 of the pack pipeline: put each uploaded PDF page under its placeholder page, keeping the page numbers,
running header, outline, structure tree and metadata that WeasyPrint wrote.

It runs inside WeasyPrint's own write (a finisher, after the PDF/UA fixes), on WeasyPrint's objects: each uploaded
page becomes a form XObject drawn first on its placeholder page, with its links, and the file is written once.
Nothing re-reads or re-writes the pack (a second pass with pypdf cost about a third of a 200-page build)."""

import io
from dataclasses import dataclass

import pydyf
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject, StreamObject

# An annotation's fields that name objects of the uploaded file's own page tree or structure.
LEFT_OUT = {"/P", "/StructParent", "/Parent", "/Popup"}
PRINTABLE = 4  # annotation flag: links print, as WeasyPrint's own (tagging.py)


@dataclass(frozen=True)
class Placement:
    """Where an uploaded page goes on its placeholder: its box (which may lie anywhere, negative origins
    included) moved to the page's lower left corner, then turned by its /Rotate (clockwise), so that the page lies
    the way it is read on a placeholder of the turned size."""

    left: float
    bottom: float
    width: float
    height: float
    rotation: int  # 0, 90, 180 or 270

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.left, y - self.bottom
        return {
            0: (x, y),
            90: (y, self.width - x),
            180: (self.width - x, self.height - y),
            270: (self.height - y, x),
        }[self.rotation]

    @property
    def operators(self) -> str:
        """The content-stream operators that make the placement: the turn, applied after the move."""
        turn = {
            0: (1, 0, 0, 1, 0, 0),
            90: (0, -1, 1, 0, 0, self.width),
            180: (-1, 0, 0, -1, self.width, self.height),
            270: (0, 1, -1, 0, self.height, 0),
        }[self.rotation]
        numbers = " ".join(f"{value:f}" for value in turn)
        return f"{numbers} cm 1 0 0 1 {-self.left:f} {-self.bottom:f} cm"


class Underlays:
    """Draws uploaded pages under pages of one pack as it is written; each object of an uploaded file is copied
    into the pack once, however many of its pages go in."""

    def __init__(self, pdf: pydyf.PDF):
        self.pdf = pdf
        self.page_numbers = pdf.pages["Kids"][::3]
        self.readers: dict[int, PdfReader] = {}
        self.copied: dict[tuple, bytes] = {}

    def place(self, page_index: int, data: bytes, source_index: int) -> None:
        """Draw page `source_index` of the uploaded PDF `data` under the pack's page `page_index`, its box's lower
        left corner on the page's (a box may lie anywhere, negative origins included)."""
        if id(data) not in self.readers:
            self.readers[id(data)] = PdfReader(io.BytesIO(data))
        source = self.readers[id(data)].pages[source_index]
        box = source.mediabox
        left, bottom = min(float(box.left), float(box.right)), min(float(box.bottom), float(box.top))
        right, top = max(float(box.left), float(box.right)), max(float(box.bottom), float(box.top))
        place = Placement(left, bottom, right - left, top - bottom, source.rotation % 360)
        contents = source.get_contents()
        form = self._add(
            pydyf.Stream(
                [contents.get_data()] if contents is not None else [],
                extra={
                    "Type": "/XObject",
                    "Subtype": "/Form",
                    "BBox": pydyf.Array([left, bottom, right, top]),
                    "Resources": self._copy(source.get("/Resources") or DictionaryObject()),
                },
                compress=True,
            )
        )
        page = self.pdf.objects[self.page_numbers[page_index]]
        name = f"Upload{form.number}"
        resources = pydyf.Dictionary(self._resolve(page.get("Resources")) or {})
        resources["XObject"] = pydyf.Dictionary(self._resolve(resources.get("XObject")) or {})
        resources["XObject"][name] = form.reference
        page["Resources"] = self._add(resources).reference
        underlay = self._add(pydyf.Stream([f"q {place.operators} /{name} Do Q".encode()]))
        page["Contents"] = pydyf.Array([underlay.reference, *self._listed(page.get("Contents"))])
        links = [self._annotation(annotation, place, page_index) for annotation in source.get("/Annots") or []]
        if links:
            page["Annots"] = pydyf.Array([*self._listed(page.get("Annots")), *links])

    def _annotation(self, reference, place: Placement, page_index: int) -> bytes:
        annotation = reference.get_object()
        copy = pydyf.Dictionary(
            {self._name(key): self._copy(value) for key, value in annotation.items() if key not in LEFT_OUT}
        )
        x1, y1, x2, y2 = (float(value) for value in annotation["/Rect"])
        corners = [place.point(x, y) for x, y in ((x1, y1), (x2, y2))]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        copy[b"Rect"] = pydyf.Array([min(xs), min(ys), max(xs), max(ys)])
        if "/QuadPoints" in annotation:
            points = [float(value) for value in annotation["/QuadPoints"]]
            moved = [place.point(points[n], points[n + 1]) for n in range(0, len(points) - 1, 2)]
            copy[b"QuadPoints"] = pydyf.Array([value for point in moved for value in point])
        copy[b"P"] = f"{self.page_numbers[page_index]} 0 R".encode()
        if annotation.get("/Subtype") == "/Link":
            copy[b"F"] = PRINTABLE
        return self._add(copy).reference

    def _copy(self, value: PdfObject):
        """The uploaded file's object as one of the pack's: dictionaries and arrays rebuilt, streams copied as
        they are encoded, everything else as the uploaded file writes it; each indirect object once."""
        if isinstance(value, IndirectObject):
            key = (id(value.pdf), value.idnum, value.generation)
            if key not in self.copied:
                target = value.get_object()
                if isinstance(target, StreamObject):
                    copy = self._add(pydyf.Stream([target._data]))
                    self.copied[key] = copy.reference  # before its dictionary, which may lead back to it
                    copy.extra = {self._name(k): self._copy(v) for k, v in target.items() if k != "/Length"}
                elif isinstance(target, (DictionaryObject, ArrayObject)):
                    copy = self._add(pydyf.Dictionary() if isinstance(target, DictionaryObject) else pydyf.Array())
                    self.copied[key] = copy.reference
                    self._fill(copy, target)
                else:
                    self.copied[key] = self._copy(target)
            return self.copied[key]
        if isinstance(value, DictionaryObject):
            return self._fill(pydyf.Dictionary(), value)
        if isinstance(value, ArrayObject):
            return self._fill(pydyf.Array(), value)
        written = io.BytesIO()
        value.write_to_stream(written)
        return written.getvalue()

    def _fill(self, copy, value):
        if isinstance(value, DictionaryObject):
            copy.update({self._name(key): self._copy(item) for key, item in value.items()})
        else:
            copy.extend(self._copy(item) for item in value)
        return copy

    @staticmethod
    def _name(key) -> bytes:
        written = io.BytesIO()
        key.write_to_stream(written)
        return written.getvalue()[1:]  # pydyf writes the slash

    def _add(self, pdf_object):
        self.pdf.add_object(pdf_object)
        return pdf_object

    def _resolve(self, value):
        if isinstance(value, bytes) and value.endswith(b" R"):
            return self.pdf.objects[int(value.split()[0])]
        return value

    def _listed(self, value) -> list:
        """A page's /Contents or /Annots as a list of references, whichever way WeasyPrint wrote it."""
        if value is None:
            return []
        resolved = self._resolve(value)
        return list(resolved) if isinstance(resolved, pydyf.Array) else [value]
