"""Typed HTTP client for the Harbor container registry API."""

from .client import Harbor

__all__ = ["Harbor"]
