"""WSGI entry point for gunicorn and other servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# Web requests get the database timeouts (portal/database.py), whatever role a parent process had.
os.environ["PORTAL_PROCESS_ROLE"] = "web"
application = get_wsgi_application()
