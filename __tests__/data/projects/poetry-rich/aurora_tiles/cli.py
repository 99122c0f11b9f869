"""Command line entry point."""

from . import render


def main() -> None:
    print(render(5.0))
