"""Django's PostgreSQL backend, subclassed as Django's documentation allows, for two things settings cannot say:

- the embedded development server is started by the first connection, not when settings are imported, so a
  command that never queries (collectstatic in an image build, check) never boots PostgreSQL;
- a web process gives up on a database that stops answering (`ANSWER_DEADLINE` seconds for any one round trip),
  which the server's own statement_timeout cannot do when the server itself is stopped or a proxy stalls.
"""

from django.db.backends.postgresql import base
from psycopg import Connection, OperationalError
from psycopg.errors import _WaitTimeout

from portal.database import embedded_server_settings


class NoAnswer(OperationalError):
    """The database did not answer in time; the connection has been closed (Django then opens a new one)."""


class ConnectionWithDeadline(Connection):
    """A psycopg connection whose every wait for the server (query, fetch, commit) ends after `answer_deadline`."""

    answer_deadline: float

    def wait(self, gen, interval=None, timeout=None):
        try:
            deadline = self.answer_deadline if timeout is None else timeout
            if interval is None:
                return super().wait(gen, timeout=deadline)
            return super().wait(gen, interval, timeout=deadline)
        except _WaitTimeout:
            if timeout is not None:  # the caller's own timeout (e.g. waiting for notifications), not ours
                raise
            # Half-way through the protocol: the connection cannot be used again.
            self.close()
            raise NoAnswer(f"the database did not answer within {self.answer_deadline:g} seconds") from None


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        if self.settings_dict.get("EMBEDDED") and not self.settings_dict["HOST"]:
            # In place, so every thread's connection and every tool reading the settings (pg_dump) sees them.
            self.settings_dict.update(embedded_server_settings())
        return super().get_connection_params()

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        deadline = self.settings_dict.get("ANSWER_DEADLINE")
        if deadline and type(connection) is Connection:
            connection.__class__ = ConnectionWithDeadline
            connection.answer_deadline = deadline
        return connection
