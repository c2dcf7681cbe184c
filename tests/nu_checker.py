"""The W3C Nu HTML Checker (vnu.jar, from the vnu-jar npm package that `make vnu` installs) run over many
documents in one Java process."""

import glob
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def vnu_jar() -> str:
    """Where `make vnu` put the checker (or PORTAL_VNU_JAR); the tests fail, never skip, without it."""
    configured = os.environ.get("PORTAL_VNU_JAR")
    if configured:
        return configured
    found = sorted(glob.glob(str(ROOT / ".venv" / "vnu-*" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")))
    if not found or not shutil.which("java"):
        raise RuntimeError("The HTML checks need Java and the Nu HTML Checker: run `make vnu` (or `make test`).")
    return found[-1]


def nu_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """Check each HTML document (name -> markup); return the names with errors and their messages."""
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{number:04d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        result = subprocess.run(
            ["java", "-Xss4m", "-jar", vnu_jar(), "--errors-only", "--format", "json", "--stdout", "--exit-zero-always"]
            + sorted(str(Path(folder) / file) for file in os.listdir(folder)),
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stdout)["messages"]:
        if message.get("type") != "error" and message.get("subType") != "fatal":
            continue
        name = names.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "?"))
        errors.setdefault(name, []).append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors
