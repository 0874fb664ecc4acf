"""The embedded default database: a real PostgreSQL server from a pip wheel.

Used when ``DATABASE_URL`` is unset, so a newcomer, the tests and production all
run the same SQL (Arabic full-text search, constraints) on PostgreSQL. Django
reaches it through the ``base`` backend in this package, which starts the
server on the first connection rather than when settings are imported.
"""
