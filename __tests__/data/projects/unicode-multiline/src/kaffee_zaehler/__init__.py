"""Zählt Kaffeetassen."""

__version__ = "0.2.0"

_count = 0


def tasse():
    """Eine Tasse mehr."""
    global _count
    _count += 1
    return _count
