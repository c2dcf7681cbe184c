"""Django's PostgreSQL backend with the portal's two additions (see base.py)."""
