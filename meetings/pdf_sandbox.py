"""Reading untrusted PDFs, run in a child process with limits on time and memory (see meetings/pdf_files.py).

    python -m meetings.pdf_sandbox inspect LIMITS_JSON CLEANED_PATH < upload.pdf   -> JSON facts on stdout
    python -m meetings.pdf_sandbox text LIMITS_JSON < upload.pdf                   -> JSON {"text": ...}
    python -m meetings.pdf_sandbox serve                 (a long-lived checker for many files, see `serve` below)

`inspect` checks everything a pack build will do to the file (every page's boxes, and every content stream
decoded, within a budget of decompressed bytes), then writes the copy the portal republishes: active content
(JavaScript, open and page actions, launches, embedded files, form submission) and links other than http(s)
removed, page boxes normalised. It imports pypdf only, never Django, so it starts quickly.
"""

import gc
import io
import json
import math
import os
import resource
import select
import signal
import sys
import time
import zlib

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, RectangleObject

POINTS_PER_INCH = 72
# Actions that stay: moving within the document, and named navigation (next page...). /URI is checked apart.
SAFE_ACTIONS = {"/GoTo", "/Named"}
# Annotations that carry media, files or scripts of their own: removed whole.
ACTIVE_ANNOTATIONS = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}


class Refused(Exception):
    """The PDF cannot be published; the message is for the officer."""


# --- checks -----------------------------------------------------------------------------------------------------


def normalised_box(page) -> tuple[float, float, float, float]:
    """The page's visible area (CropBox within MediaBox), corners in order: lower left, upper right."""

    def corners(box) -> tuple[float, float, float, float]:
        x1, y1, x2, y2 = (float(value) for value in box)
        return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)

    media = corners(page.get("/MediaBox") or page.mediabox)
    crop = corners(page["/CropBox"]) if "/CropBox" in page else media
    box = (max(media[0], crop[0]), max(media[1], crop[1]), min(media[2], crop[2]), min(media[3], crop[3]))
    if box[2] <= box[0] or box[3] <= box[1]:
        box = media  # a crop box outside the media box: viewers show the media box
    if not all(math.isfinite(value) for value in box):
        raise Refused("a page has a size that is not a number")
    return box


def check_page_size(number: int, box, max_side: float) -> tuple[float, float]:
    width, height = box[2] - box[0], box[3] - box[1]
    if width < 3 or height < 3:
        raise Refused(f"page {number} has no area to print on")
    if width > max_side or height > max_side:
        raise Refused(
            f"page {number} is {width / POINTS_PER_INCH:.3g} × {height / POINTS_PER_INCH:.3g} inches; "
            f"pages can be at most {max_side / POINTS_PER_INCH:.0f} inches on a side"
        )
    return width, height


class ContentBudget:
    """Decompressed bytes of content streams (pages and the forms they draw), counted each time they are used."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0

    def spend(self, stream) -> None:
        self.used += len(stream.get_data())
        if self.used > self.limit:
            raise Refused(
                f"its pages expand to more than {self.limit // 1_048_576} MB of drawing instructions "
                "(a file built to overload the server, or a very unusual one)"
            )

    def page(self, page) -> None:
        contents = page.get("/Contents")
        if contents is None:
            return
        contents = contents.get_object()
        for part in contents if isinstance(contents, ArrayObject) else [contents]:
            self.spend(part.get_object())
        self.forms(page.get("/Resources"), set())

    def forms(self, resources, seen: set) -> None:
        if resources is None:
            return
        xobjects = resources.get_object().get("/XObject")
        if xobjects is None:
            return
        for reference in xobjects.get_object().values():
            key = reference.idnum if isinstance(reference, IndirectObject) else id(reference)
            xobject = reference.get_object()
            if key in seen or xobject.get("/Subtype") != "/Form":
                continue
            seen.add(key)
            self.spend(xobject)
            self.forms(xobject.get("/Resources"), seen)


def open_pdf(data: bytes, max_pages: int) -> PdfReader:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if "/Encrypt" in reader.trailer:
        raise Refused("encrypted")
    count = len(reader.pages)
    if count == 0:
        raise Refused("it has no pages")
    if count > max_pages:
        raise Refused(f"it has {count} pages; papers can have at most {max_pages}")
    return reader


# --- cleaning ---------------------------------------------------------------------------------------------------


def is_web_link(uri) -> bool:
    return str(uri).strip().lower().startswith(("http://", "https://"))


class Cleaner:
    def __init__(self):
        self.removed: dict[str, int] = {}

    def note(self, what: str) -> None:
        self.removed[what] = self.removed.get(what, 0) + 1

    def action_is_safe(self, action) -> bool:
        action = action.get_object()
        kind = action.get("/S")
        if kind == "/URI":
            if is_web_link(action.get("/URI", "")):
                return True
            self.note(f"{str(action.get('/URI', '')).split(':')[0].strip() or 'empty'}: link")
            return False
        if kind in SAFE_ACTIONS:
            return True
        self.note(f"{str(kind).lstrip('/')} action")
        return False

    def clean_actions(self, holder) -> None:
        """Drop an object's additional actions (/AA) and an unsafe or chained /A."""
        if "/AA" in holder:
            del holder["/AA"]
            self.note("automatic action")
        if "/A" in holder:
            action = holder["/A"].get_object()
            if not self.action_is_safe(action):
                del holder["/A"]
            elif "/Next" in action:
                del action["/Next"]
                self.note("chained action")

    def clean(self, root: DictionaryObject, pages, boxes: list) -> None:
        for key, label in (("/OpenAction", "action on opening"), ("/AA", "automatic action")):
            if key in root:
                del root[key]
                self.note(label)
        names = root.get("/Names")
        if names is not None:
            names = names.get_object()
            for key, label in (("/JavaScript", "document JavaScript"), ("/EmbeddedFiles", "embedded files")):
                if key in names:
                    del names[key]
                    self.note(label)
        form = root.get("/AcroForm")
        if form is not None:
            form = form.get_object()
            if "/XFA" in form:
                del form["/XFA"]
                self.note("XFA form")
            self.clean_fields(form.get("/Fields"), set())
        self.clean_outline(root.get("/Outlines"), set())
        for page, box in zip(pages, boxes, strict=True):
            self.clean_actions(page)
            page[NameObject("/MediaBox")] = RectangleObject(box)
            page[NameObject("/CropBox")] = RectangleObject(box)
            annotations = page.get("/Annots")
            if annotations is None:
                continue
            kept = ArrayObject()
            for reference in annotations.get_object():
                annotation = reference.get_object()
                if annotation.get("/Subtype") in ACTIVE_ANNOTATIONS:
                    self.note(f"{str(annotation['/Subtype']).lstrip('/')} annotation")
                    continue
                self.clean_actions(annotation)
                kept.append(reference)
            page[NameObject("/Annots")] = kept

    def clean_fields(self, fields, seen: set) -> None:
        for reference in fields.get_object() if fields is not None else []:
            field = reference.get_object()
            if id(field) in seen or not isinstance(field, DictionaryObject):
                continue
            seen.add(id(field))
            self.clean_actions(field)
            self.clean_fields(field.get("/Kids"), seen)

    def clean_outline(self, outline, seen: set) -> None:
        node = outline.get_object().get("/First") if outline is not None else None
        while node is not None:
            item = node.get_object()
            if id(item) in seen:
                return
            seen.add(id(item))
            self.clean_actions(item)
            self.clean_outline(item, seen)
            node = item.get("/Next")


# --- operations -------------------------------------------------------------------------------------------------


def inspect(data: bytes, limits: dict, cleaned_path: str) -> dict:
    return inspect_reader(open_pdf(data, limits["max_pages"]), limits, cleaned_path)


def inspect_reader(reader: PdfReader, limits: dict, cleaned_path: str) -> dict:
    """The checks and the cleaned copy of an opened file; the reader itself is left as it was (the writer works
    on a clone), so its text can be read next without parsing the file again."""
    budget = ContentBudget(limits["max_content_bytes"])
    boxes, sizes = [], []
    for number, page in enumerate(reader.pages, start=1):
        box = normalised_box(page)
        width, height = check_page_size(number, box, limits["max_side_points"])
        budget.page(page)
        boxes.append(box)
        rotated = page.rotation % 180
        sizes.append((round(height, 2), round(width, 2)) if rotated else (round(width, 2), round(height, 2)))
    cleaner = Cleaner()
    writer = PdfWriter(clone_from=reader)
    cleaner.clean(writer._root_object, writer.pages, boxes)
    # Copied once more: a copy takes only what is still reachable, so what was cut loose (the scripts, the
    # embedded files) is not written out either.
    cleaned = io.BytesIO()
    writer.write(cleaned)
    copy = PdfWriter(clone_from=PdfReader(cleaned, strict=False))
    copy.pdf_header = reader.pdf_header  # keep the version the file declares (its features need it)
    with open(cleaned_path, "wb") as output:
        copy.write(output)
    return {"page_count": len(sizes), "page_sizes": sizes, "removed": cleaner.removed}


def text(data: bytes, limits: dict) -> dict:
    return text_of(open_pdf(data, limits["max_pages"]), limits)


def text_of(reader: PdfReader, limits: dict) -> dict:
    budget = ContentBudget(limits["max_content_bytes"])
    parts, size = [], 0
    for page in reader.pages[: limits["text_pages"]]:
        budget.page(page)
        part = page.extract_text() or ""
        parts.append(part)
        size += len(part)
        if size >= limits["text_chars"]:
            break
    return {"text": "\n".join(parts)[: limits["text_chars"]]}


def refusal(exc: BaseException) -> dict:
    if isinstance(exc, Refused):
        return {"refused": str(exc)}
    if isinstance(exc, MemoryError):
        return {"refused": "memory"}
    if isinstance(exc, RecursionError):
        return {"refused": "damaged"}
    return {"refused": "damaged", "detail": f"{type(exc).__name__}: {exc}"[:300]}


# --- serving many files -----------------------------------------------------------------------------------------
#
# Starting Python and importing pypdf costs more than checking a small paper, so an import of thousands of papers
# keeps a few of these servers. Each file is still read in a fresh child process (forked from the server, which
# never parses a file it was sent, only its own warm-up file) with its own limits on memory and CPU, killed when its
# time is up: nothing one file does can reach the next. The child parses the file once, for both steps. A request
# on stdin is a JSON line {"limits", "cleaned", "size", "seconds", "memory_bytes"} and then `size` bytes of the
# file; the answer on stdout is a JSON line {"inspect": facts or refusal, "text": {"text": ...} or refusal}.
# `seconds` is the time allowed to each of the two steps.


def _child(data: bytes, request: dict, answers: int) -> None:
    """In the forked child: the limits, then both steps, each answer a line on the pipe `answers`."""
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)  # the server's request and answer pipes are not this child's to touch
        os.dup2(devnull, 1)
        memory, cpu = request["memory_bytes"], 2 * (request["seconds"] + 1)
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        limits = request["limits"]
        try:
            reader = open_pdf(data, limits["max_pages"])  # parsed once, for both steps
            checked = inspect_reader(reader, limits, request["cleaned"])
        except BaseException as exc:  # noqa: BLE001 - any failure to read an untrusted file is a refusal
            checked = refusal(exc)
        _answer(answers, checked)
        if "refused" in checked:
            return
        try:
            read = text_of(reader, limits)
        except BaseException as exc:  # noqa: BLE001 - a file whose text cannot be read is still usable
            read = refusal(exc)
        _answer(answers, read)
    finally:
        os._exit(0)


def _answer(pipe: int, result: dict) -> None:
    line = memoryview((json.dumps(result) + "\n").encode())
    while line:
        line = line[os.write(pipe, line) :]


def _read_answers(pipe: int, seconds: float) -> list[dict]:
    """The child's answers, each within `seconds` of the one before; fewer if it died or ran out of time."""
    answers, buffer, deadline = [], b"", time.monotonic() + seconds
    while len(answers) < 2:
        wait = deadline - time.monotonic()
        if wait <= 0 or not select.select([pipe], [], [], wait)[0]:
            answers.append({"refused": "timeout"})
            break
        chunk = os.read(pipe, 65536)
        if not chunk:
            break  # it died: killed by its CPU limit, or out of memory before it could answer
        buffer += chunk
        while b"\n" in buffer and len(answers) < 2:
            line, buffer = buffer.split(b"\n", 1)
            answers.append(json.loads(line))
            deadline = time.monotonic() + seconds
            if "refused" in answers[-1]:
                return answers
    return answers


def check_in_child(data: bytes, request: dict) -> dict:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(data, request, write_end)
    os.close(write_end)
    try:
        answers = _read_answers(read_end, request["seconds"])
    finally:
        os.close(read_end)
        with_status = os.waitpid(pid, os.WNOHANG)
        if with_status[0] == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    inspected = answers[0] if answers else {"refused": "memory"}
    if "refused" in inspected:
        return {"inspect": inspected}
    return {"inspect": inspected, "text": answers[1] if len(answers) > 1 else {"refused": "memory"}}


def warm_up_pdf() -> bytes:
    """A one-page PDF of the portal's own making, in the shapes papers use (a compressed page, a font with a
    ToUnicode map), for the server to read once before it forks: what pypdf loads and caches on first use (its
    filters and codecs, compiled patterns) is then inherited by every child instead of made again in each."""
    to_unicode = zlib.compress(
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> "
        b"endcodespacerange 1 beginbfrange <20> <7E> <0020> endbfrange endcmap CMapName currentdict /CMap "
        b"defineresource pop end end"
    )
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Warm up) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(to_unicode), to_unicode),
    ]
    pdf, offsets = io.BytesIO(), []
    pdf.write(b"%PDF-1.7\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(pdf.tell())
        pdf.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = pdf.tell()
    pdf.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    pdf.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    pdf.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return pdf.getvalue()


def warm_up() -> None:
    """Read the portal's own warm-up PDF through both steps, then freeze what is loaded: the children forked
    next share those pages with the server, and their garbage collector does not walk (and so copy) them."""
    limits = {
        "max_pages": 1,
        "max_content_bytes": 1_048_576,
        "max_side_points": 14_400,
        "text_pages": 1,
        "text_chars": 1000,
    }
    reader = open_pdf(warm_up_pdf(), limits["max_pages"])
    inspect_reader(reader, limits, os.devnull)
    text_of(reader, limits)
    del reader
    gc.collect()
    gc.freeze()


def serve() -> None:
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    warm_up()
    while True:
        line = requests.readline()
        if not line:
            return
        request = json.loads(line)
        data = requests.read(request["size"])
        answers.write((json.dumps(check_in_child(data, request)) + "\n").encode())
        answers.flush()


def main() -> None:
    if sys.argv[1] == "serve":
        serve()
        return
    operation, limits = sys.argv[1], json.loads(sys.argv[2])
    data = sys.stdin.buffer.read()
    try:
        if operation == "inspect":
            result = inspect(data, limits, sys.argv[3])
        elif operation == "text":
            result = text(data, limits)
        else:
            raise SystemExit(f"unknown operation {operation}")
    except Exception as exc:  # noqa: BLE001 - any failure to read an untrusted file is a refusal, not a crash
        result = refusal(exc)
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
