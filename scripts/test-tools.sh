#!/usr/bin/env bash
# Installs, from Debian's packages, what the tests need beside Node and python3 with packaging: the
# real build backends they compare metadata against, twine for the upload tests, the pip,
# setuptools and wheel wheels an isolated build installs offline, and cmark-gfm (GitHub's Markdown
# renderer) to render the job summary as GitHub shows it. Does nothing when all are there.
# Run as root on Debian or Ubuntu: sudo bash scripts/test-tools.sh
set -euo pipefail

# The real build backends the tests compare against, and the wheels an isolated build installs
# offline (Debian's venv uses the same folder). Installed only where missing.
if ! /usr/bin/python3 -c 'import build, hatchling, hatch_vcs, flit_core, poetry.core, setuptools_scm, pdm.pep517, mesonpy, venv' 2>/dev/null ||
  ! ls /usr/share/python-wheels/pip-*.whl /usr/share/python-wheels/setuptools-*.whl /usr/share/python-wheels/wheel-*.whl >/dev/null 2>&1 ||
  ! command -v twine >/dev/null || ! command -v cmark-gfm >/dev/null; then
  apt-get update
  apt-get install -y --no-install-recommends python3-build python3-hatchling python3-hatch-vcs flit \
    python3-poetry-core python3-setuptools-scm python3-pdm-pep517 python3-mesonpy python3-venv \
    python3-pip-whl python3-setuptools-whl python3-wheel-whl twine cmark-gfm
fi
