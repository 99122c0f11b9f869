"""Lint docstrings for tone and punctuation."""

from ._meta import CODENAME, RELEASE

__version__ = RELEASE.lstrip("v")
__all__ = ["CODENAME", "__version__"]
