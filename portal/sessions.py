"""Django's database sessions, read with their query compiled once (portal.compiled): reading the session is the
first thing every signed-in request does, and the ORM's compiling of it took longer than PostgreSQL's answer.
Everything else (saving, expiry, clearing) is Django's own."""

import datetime

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.compiled import compiled_once

ANY_KEY = "\x00session-key\x00"
ANY_MOMENT = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)

_session_data = compiled_once(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now).values_list("session_data"),
    ANY_KEY,
    ANY_MOMENT,
)


class SessionStore(db.SessionStore):
    def load(self):
        rows = _session_data(self.session_key, timezone.now()) if self.session_key else []
        if not rows:
            self._session_key = None  # unknown or expired: a new session, as Django's own store does
            return {}
        return self.decode(rows[0][0])
