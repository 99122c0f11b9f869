#!/usr/bin/env bash
# Installs, from Debian's packages, what the tests need beside Node and python3 with packaging: the
# real build backends they compare metadata against, twine for the upload tests, cmark-gfm (GitHub's
# Markdown renderer) for the job summary's tests, the pip, setuptools and wheel wheels an isolated
# build installs offline, and what the containment tests need (sudo, util-linux, and the users they
# run the action as). When PYPI_REGISTER_TEST_WHEELHOUSE names a folder of devpi-server, devpi-web
# and pypiserver wheels, also the Debian packages those servers run on (the tests install the wheels
# themselves, on top of them). Does nothing when all are there.
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

# The runtime dependencies of devpi-server 6, devpi-web 5 and pypiserver 2 as Debian packages, for
# an offline install of their wheels into a venv that sees the system's packages. Without a
# wheelhouse the tests install the servers and their dependencies with pip instead.
if [ -n "${PYPI_REGISTER_TEST_WHEELHOUSE:-}" ]; then
  SERVER_PACKAGES="python3-venv python3-argon2 python3-attr python3-defusedxml python3-httpx
    python3-itsdangerous python3-lazy python3-passlib python3-platformdirs python3-pluggy python3-py
    python3-pyramid python3-repoze.lru python3-requests python3-ruamel.yaml python3-strictyaml
    python3-waitress python3-bs4 python3-cffi python3-cmarkgfm python3-docutils python3-pygments
    python3-pyramid-chameleon python3-readme-renderer python3-whoosh"
  MISSING=""
  for package in $SERVER_PACKAGES; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      MISSING="$MISSING $package"
  done
  if [ -n "$MISSING" ]; then
    apt-get update
    # shellcheck disable=SC2086  # one word per package
    apt-get install -y --no-install-recommends $MISSING
  fi
fi

# What the containment of project code needs (sudo, util-linux's unshare and setpriv), and the two
# users the containment tests run the action as: one with password-less sudo, like GitHub's
# `runner`, and one without, like a self-hosted runner's account.
if ! command -v sudo >/dev/null || ! command -v unshare >/dev/null || ! command -v setpriv >/dev/null; then
  apt-get update
  apt-get install -y --no-install-recommends sudo util-linux
fi
if ! id -u pypi-register-runner >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash pypi-register-runner
fi
if [ ! -f /etc/sudoers.d/pypi-register-runner ]; then
  echo 'pypi-register-runner ALL=(ALL) NOPASSWD:ALL' >/etc/sudoers.d/pypi-register-runner
  chmod 0440 /etc/sudoers.d/pypi-register-runner
fi
if ! id -u pypi-register-nosudo >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash pypi-register-nosudo
fi
