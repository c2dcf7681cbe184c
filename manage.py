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
    from portal.database import allow_embedded_database, role_for_command

    # The development servers get the web timeouts; migrations, backups and the pack-building worker must never
    # be cut off. Decided from this command line, never inherited (`serve` starts `db_worker` as a child).
    os.environ["PORTAL_PROCESS_ROLE"] = role_for_command(sys.argv)
    # Without DATABASE_URL (development), the first query starts the embedded PostgreSQL; a command that never
    # queries (collectstatic, check) never starts it.
    allow_embedded_database()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
