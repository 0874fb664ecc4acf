"""Running the archive on more than one machine: read replicas, health, request logs, metrics.

- ``routing``: the database router and the per-request choice of where reads go.
- ``replicas``: whether each replica is up and how far behind it is (checked every few seconds).
- ``middleware``: picks the request's read database, logs the request, counts it for metrics.
- ``metrics``: Prometheus metrics and ``record_import`` for the importer.
- ``views``: ``/healthz``, ``/readyz``, ``/metrics``.
"""
