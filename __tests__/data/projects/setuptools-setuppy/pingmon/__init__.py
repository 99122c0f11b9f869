"""Tiny ICMP/TCP reachability monitor."""

__version__ = "0.4.0"
