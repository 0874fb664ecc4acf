"""Anonymous clients get a fixed number of requests per period (NEWSARCHIVE_API_ANON_RATE)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Requests per client address without a login. Counted in the default cache, which is
    per process unless a shared cache is configured; an empty rate turns it off."""

    def get_rate(self):
        # Read on every request, so the setting (and tests' overrides of it) always apply.
        return settings.NEWSARCHIVE_API_ANON_RATE or None

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
