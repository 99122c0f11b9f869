"""Stamp build artefacts with the git revision they came from."""

import subprocess

try:
    from ._version import version as __version__
except ImportError:  # running from a source tree without a build
    __version__ = "0.0.0"


def current_revision(cwd="."):
    out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd,
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()
