"""The source an import run reads: its site over HTTP, or its folder of saved responses."""

from pathlib import Path

from portal.imports.models import ImportRun
from portal.imports.moderngov.source import Folder, WebService


def source_for(run: ImportRun, **network) -> WebService | Folder:
    if run.folder:
        return Folder(Path(run.folder))
    return WebService(run.base_url, **network)
