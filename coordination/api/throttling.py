from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousClientThrottle(AnonRateThrottle):
    """Requests per client address, in the default cache (per process unless it is shared).

    The rate is read per request, not once at import as DRF does, so settings apply.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
