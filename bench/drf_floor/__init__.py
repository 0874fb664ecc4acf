"""The framework floor: the floor's SQL and JSON, answered through Django and DRF.

``urls.py`` serves ``/api/v1/articles/`` and ``/api/v1/articles/<id>/`` with a DRF view
that runs the raw floor's queries (``api_bench.floor_list`` and ``floor_detail``,
psycopg, no ORM) under the project's own settings: its middleware, DRF's request,
authentication, throttling and content negotiation, ``Response`` and ``JSONRenderer``.
What it costs beyond the raw floor is Django's and DRF's; what the uncached API costs
beyond it is the API's own work (the ORM, django-filter, pagination, serializers).
gunicorn serves it with ``DJANGO_SETTINGS_MODULE=bench.drf_floor.settings``.
"""
