"""A project released under an SPDX license expression."""

__version__ = "0.3.0"
