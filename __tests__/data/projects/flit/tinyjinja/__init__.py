"""Minimal {{ name }} template substitution with HTML escaping."""

import re
import sys

from markupsafe import escape

__version__ = "0.7.3"

_VAR = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def render(template, **context):
    return _VAR.sub(lambda m: str(escape(context.get(m.group(1), ""))), template)


def main():
    template = sys.stdin.read()
    pairs = dict(arg.split("=", 1) for arg in sys.argv[1:])
    sys.stdout.write(render(template, **pairs))
