"""Django database backend: PostgreSQL, on the embedded server, started on first use."""

from django.db.backends.postgresql import base

from .server import ensure_running


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["host"] = ensure_running()
        return params
