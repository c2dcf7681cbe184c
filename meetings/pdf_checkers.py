"""Checking many PDFs in a row (an import of a council's papers): a pool of long-lived sandbox servers
(`python -m meetings.pdf_sandbox serve`), so that each paper costs a fork rather than two Python start-ups.

Each paper is still read in a fresh child process with the same limits on memory, CPU and time as an upload
(meetings/pdf_files.py), and both steps an upload makes in two runs, the check with its cleaned copy and the
text for search, are made in that one child. A server that stops answering is killed and replaced."""

import json
import os
import queue
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from meetings.pdf_files import (
    BASE_DIR,
    PdfFacts,
    UnusablePdf,
    accepted,
    limits,
    pdf_facts,
    refuse_at_sight,
    sandbox_env,
)

# Beyond the child's own time limits (which the server enforces), how long a server may take to answer at all.
SERVER_GRACE_SECONDS = 10


@dataclass(frozen=True)
class CheckedPdf:
    facts: PdfFacts
    text: str
    # Why the text could not be read (the file itself is usable), or "".
    text_refused: str = ""


class _Server:
    def __init__(self):
        memory = settings.PORTAL_PDF_CHECK_MEMORY_MB * 1_048_576
        self.process = subprocess.Popen(
            [sys.executable, "-m", "meetings.pdf_sandbox", "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=BASE_DIR,
            env=sandbox_env(),
            preexec_fn=lambda: _limit_memory(memory),  # noqa: PLW1509 - only setrlimit, safe between fork and exec
        )
        self.buffer = b""

    def ask(self, request: dict, data: bytes, timeout: float) -> dict | None:
        """The server's answer, or None if it died or did not answer within `timeout` (it is then unusable)."""
        try:
            self.process.stdin.write((json.dumps(request) + "\n").encode())
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            return None
        output, deadline = self.process.stdout.fileno(), time.monotonic() + timeout
        while b"\n" not in self.buffer:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([output], [], [], wait)[0]:
                return None
            chunk = os.read(output, 1 << 20)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            return None

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass


def _limit_memory(memory: int) -> None:
    """The server's own soft limit; each child sets its hard limits from the settings of the moment."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, resource.RLIM_INFINITY))


class PdfCheckers:
    """`size` sandbox servers shared by the threads that use them; close() (or `with`) stops them."""

    def __init__(self, size: int):
        self.size = max(1, size)
        self._idle: queue.LifoQueue[_Server | None] = queue.LifoQueue()
        for _ in range(self.size):
            self._idle.put(None)  # started when first needed

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def check(self, data: bytes) -> CheckedPdf:
        """The paper's facts, cleaned copy and text; UnusablePdf as inspect_pdf would raise it."""
        refuse_at_sight(data)
        started = time.perf_counter()
        seconds = settings.PORTAL_PDF_CHECK_SECONDS
        server = self._idle.get()
        try:
            with tempfile.TemporaryDirectory(prefix="pdf-check-") as folder:
                cleaned = Path(folder) / "published.pdf"
                request = {
                    "limits": limits(),
                    "cleaned": str(cleaned),
                    "size": len(data),
                    "seconds": seconds,
                    "memory_bytes": settings.PORTAL_PDF_CHECK_MEMORY_MB * 1_048_576,
                }
                if server is not None and server.process.poll() is not None:
                    server.close()  # ended since its last answer (killed from outside): a fresh one
                    server = None
                server = server or _Server()
                answer = server.ask(request, data, 2 * seconds + SERVER_GRACE_SECONDS)
                if answer is None:
                    server.close()
                    server = None
                    answer = {"inspect": {"refused": "timeout"}}
                facts = accepted(answer["inspect"])
                published = cleaned.read_bytes()
        finally:
            self._idle.put(server)
        text, refused = "", ""
        try:
            text = accepted(answer.get("text", {"refused": "memory"}))["text"]
        except UnusablePdf as exc:
            refused = str(exc)
        return CheckedPdf(pdf_facts(data, facts, published, started), text, refused)

    def close(self) -> None:
        for _ in range(self.size):
            server = self._idle.get()
            if server is not None:
                server.close()
        for _ in range(self.size):
            self._idle.put(None)
