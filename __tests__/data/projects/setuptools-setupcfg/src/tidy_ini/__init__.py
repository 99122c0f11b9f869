"""Read, normalise and rewrite INI files without losing comments."""

__version__ = "0.9.1"


def normalise(text):
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip() + "\n"
