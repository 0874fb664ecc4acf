"""The project's settings, with the framework floor's URLs."""

from newsarchive.settings import *  # noqa: F403

ROOT_URLCONF = "bench.drf_floor.urls"
