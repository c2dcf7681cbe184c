#!/usr/bin/env python
"""Django's command-line utility for the scrutiny portal."""

import os
import sys

if sys.version_info < (3, 12):  # noqa: UP036 - says so clearly instead of failing later
    sys.exit(
        f"The portal needs Python 3.12 or newer; this is Python {sys.version.split()[0]}. "
        "Use `make run`, which finds a suitable interpreter."
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
