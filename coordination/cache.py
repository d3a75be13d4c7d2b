"""An in-process cache bounded by the bytes it holds, not only by its number of entries.

Django's LocMemCache counts entries: 2,000 cached pages of 300 KB are 600 MB in every worker.
This one also keeps the pickled size of each entry and drops the least recently used ones
while the total is above MAX_BYTES; an entry bigger than MAX_ENTRY_BYTES is not kept at all.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

_sizes = {}


class BoundedLocMemCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        options = params.get("OPTIONS", {})
        self.max_bytes = int(options.get("MAX_BYTES", 64 * 1024 * 1024))
        self.max_entry_bytes = int(options.get("MAX_ENTRY_BYTES", self.max_bytes // 8))
        self._sizes = _sizes.setdefault(name, {"total": 0, "each": {}})

    @property
    def size_in_bytes(self):
        return self._sizes["total"]

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        if len(value) > self.max_entry_bytes:
            self._delete(key)
            return
        self._forget(key)
        super()._set(key, value, timeout)
        self._sizes["each"][key] = len(value)
        self._sizes["total"] += len(value)
        while self._sizes["total"] > self.max_bytes and len(self._cache) > 1:
            oldest, _ = self._cache.popitem()
            self._expire_info.pop(oldest, None)
            self._forget(oldest)

    def _forget(self, key):
        self._sizes["total"] -= self._sizes["each"].pop(key, 0)

    def _cull(self):
        super()._cull()
        for key in set(self._sizes["each"]) - set(self._cache):
            self._forget(key)

    def _delete(self, key):
        self._forget(key)
        return super()._delete(key)

    def incr(self, key, delta=1, version=None):
        raise NotImplementedError("a page cache holds pages, not counters")

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._sizes["each"].clear()
            self._sizes["total"] = 0
