"""A small in-process cache with time-based expiry."""

import time

__version__ = "2.3.0"

__all__ = ["Cache", "__version__"]


class Cache:
    def __init__(self, ttl=60.0):
        self.ttl = ttl
        self._data = {}

    def set(self, key, value):
        self._data[key] = (time.monotonic() + self.ttl, value)

    def get(self, key, default=None):
        entry = self._data.get(key)
        if entry is None or entry[0] < time.monotonic():
            self._data.pop(key, None)
            return default
        return entry[1]
