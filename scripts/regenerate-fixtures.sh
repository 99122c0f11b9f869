#!/usr/bin/env bash
# Rebuild the expected metadata of the Python fixture projects in
# __tests__/data/projects/ with the real build backends.
#
# For every fixture folder <name>/ the project is copied to a temporary
# directory (so no build/, *.egg-info or dist/ ever appears in the fixture
# folder), built with `python3 -m build --no-isolation` into an sdist and a
# wheel, and the results are stored in:
#
#   <name>/expected/METADATA   exact bytes of the wheel's *.dist-info/METADATA
#   <name>/expected/PKG-INFO   exact bytes of the sdist's <name>-<version>/PKG-INFO
#   <name>/expected/dist/      the built wheel and sdist
#   <name>/fixture.json        backend, backend version, build command, git tag, note
#
# A fixture whose version comes from git (setuptools-scm) declares the tag in
# its fixture.json ("git_tag"); the temporary copy is then made a git
# repository with one commit carrying that tag before building.
#
# Usage: scripts/regenerate-fixtures.sh [fixture-name ...]
set -euo pipefail

PY=/usr/bin/python3
APT_HINT="apt-get install python3-build python3-hatchling flit python3-poetry-core python3-setuptools-scm"
BUILD_FLAGS=(--no-isolation --skip-dependency-check)
BUILT_WITH="python3 -m build --no-isolation --skip-dependency-check"
# Fixed timestamp so that archives built by backends honouring it are stable.
export SOURCE_DATE_EPOCH=1704067200 # 2024-01-01T00:00:00Z

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECTS="$ROOT/__tests__/data/projects"

# Fixtures that are allowed to fail to build with the available backends;
# the failure is recorded in fixture.json instead of aborting the script.
declare -A MAY_FAIL=(
  [license-expression]=1
)

# Human-readable notes stored in fixture.json.
declare -A NOTES=(
  [setuptools-pyproject]="Static PEP 621 metadata in pyproject.toml; version via [tool.setuptools.dynamic] attr; README.rst."
  [setuptools-setupcfg]="Declarative metadata in setup.cfg [metadata]/[options]; setup.py is a stub; pyproject.toml has only [build-system]."
  [setuptools-setuppy]="Metadata only in setup.py keyword arguments; no pyproject.toml (setuptools legacy backend)."
  [hatchling-version-path]="Version read by hatchling from src/stellar_units/__about__.py (default __version__ pattern)."
  [hatchling-version-pattern]="Version read by hatchling from quill_lint/_meta.py with a custom regex (RELEASE = \"v...\", leading v stripped)."
  [flit]="flit_core with dynamic version and description taken from the module's __version__ and docstring."
  [poetry-core]="poetry 1.x style: metadata only in [tool.poetry]."
  [poetry-rich]="poetry 1.x style with caret, tilde, ~=, wildcard, != wildcard and || constraints; a python constraint with a hole (Requires-Python and Python classifiers); an SPDX license (license classifier); several authors and maintainers (only the first of each is written); optional dependencies in several extras; markers, python and platform keys; a dependency with extras; a name with several constraints; homepage, repository, documentation and [tool.poetry.urls]; a name and a version to normalise; non-ASCII author names and summary; a Markdown README with non-ASCII text."
  [setuptools-scm]="Version from the git tag via setuptools_scm; the build runs in a temporary git repository tagged with git_tag."
  [license-expression]="PEP 639 license expression with license-files globs. Needs a PEP 639 capable backend (hatchling >= 1.27, setuptools >= 77 or flit_core >= 3.12); besides hatchling, Debian's setuptools 66.1.1 ('project.license must be valid exactly by one definition') and flit_core 3.8.0 ('license field should be dict, not str') reject it too."
  [unicode-multiline]="Non-ASCII author/maintainer names and summary; README.md with CRLF line endings, trailing spaces, a tab and indented lines; maintainer names containing commas."
  [unicode-multiline-setuptools]="Same project as unicode-multiline, built with setuptools instead of hatchling."
)

say() { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# --- prerequisites -----------------------------------------------------------

say "Checking prerequisites"
[ -x "$PY" ] || die "$PY not found. Install Debian's python3 and the backends: $APT_HINT"
"$PY" -m build --version >/dev/null 2>&1 ||
  die "'$PY -m build' is not available. Install it with: $APT_HINT"
info "$("$PY" -m build --version 2>&1 | head -n1)"
for mod in setuptools wheel hatchling flit_core poetry.core setuptools_scm; do
  "$PY" -c "import $mod" >/dev/null 2>&1 ||
    die "Python module '$mod' is missing for $PY. Install the backends with: $APT_HINT"
done
command -v git >/dev/null 2>&1 || die "git is required (for the setuptools-scm fixture)"
info "backends: $("$PY" - <<'EOF'
from importlib.metadata import version
print(", ".join(f"{d} {version(d)}" for d in
      ["setuptools", "wheel", "hatchling", "flit_core", "poetry-core", "setuptools_scm"]))
EOF
)"

# --- helpers -----------------------------------------------------------------

# Print "<distribution> <version>" of the build backend used by a project dir.
backend_of() {
  "$PY" - "$1" <<'EOF'
import sys, tomllib
from pathlib import Path
from importlib.metadata import version

project = Path(sys.argv[1])
backend = "setuptools.build_meta:__legacy__"
pyproject = project / "pyproject.toml"
if pyproject.exists():
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    backend = data.get("build-system", {}).get("build-backend", backend)
dist = {
    "setuptools": "setuptools",
    "hatchling": "hatchling",
    "flit_core": "flit_core",
    "poetry": "poetry-core",
}.get(backend.split(".")[0])
if dist is None:
    sys.exit(f"unknown build backend {backend!r}")
print(dist, version(dist))
EOF
}

# Read a string field of an existing fixture.json (empty if absent/null).
fixture_field() {
  "$PY" - "$1" "$2" <<'EOF'
import json, sys
from pathlib import Path
path = Path(sys.argv[1])
value = json.loads(path.read_text(encoding="utf-8")).get(sys.argv[2]) if path.exists() else None
print(value or "")
EOF
}

write_fixture_json() { # file backend version git_tag note
  "$PY" - "$@" "$BUILT_WITH" <<'EOF'
import json, sys
path, backend, backend_version, git_tag, note, built_with = sys.argv[1:]
data = {
    "backend": backend,
    "backend_version": backend_version,
    "built_with": built_with,
    "git_tag": git_tag or None,
    "note": note,
}
with open(path, "w", encoding="utf-8") as fh:
    json.dump(data, fh, indent=2, ensure_ascii=False)
    fh.write("\n")
EOF
}

# Copy METADATA out of the wheel and PKG-INFO out of the sdist, byte for byte.
extract_metadata() { # outdir expected_dir
  "$PY" - "$1" "$2" <<'EOF'
import sys, tarfile, zipfile
from pathlib import Path

out, expected = Path(sys.argv[1]), Path(sys.argv[2])
wheels = sorted(out.glob("*.whl"))
sdists = sorted(out.glob("*.tar.gz"))
if len(wheels) != 1 or len(sdists) != 1:
    sys.exit(f"expected one wheel and one sdist, got {[p.name for p in out.iterdir()]}")

with zipfile.ZipFile(wheels[0]) as zf:
    names = [n for n in zf.namelist()
             if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
    if len(names) != 1:
        sys.exit(f"{wheels[0].name}: no unique *.dist-info/METADATA ({names})")
    (expected / "METADATA").write_bytes(zf.read(names[0]))

with tarfile.open(sdists[0], "r:gz") as tf:
    members = [m for m in tf.getmembers()
               if m.isfile() and m.name.count("/") == 1 and m.name.endswith("/PKG-INFO")]
    if len(members) != 1:
        sys.exit(f"{sdists[0].name}: no unique top-level PKG-INFO")
    (expected / "PKG-INFO").write_bytes(tf.extractfile(members[0]).read())

print(f"{wheels[0].name} + {sdists[0].name}")
EOF
}

# --- build every fixture -----------------------------------------------------

if [ "$#" -gt 0 ]; then
  FIXTURES=("$@")
else
  FIXTURES=()
  for dir in "$PROJECTS"/*/; do
    FIXTURES+=("$(basename "$dir")")
  done
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/regenerate-fixtures.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

failures=0
for name in "${FIXTURES[@]}"; do
  src="$PROJECTS/$name"
  [ -d "$src" ] || die "no fixture folder $src"
  say "Fixture $name"

  read -r backend backend_version < <(backend_of "$src") ||
    die "$name: cannot determine the build backend"
  info "backend: $backend $backend_version"
  git_tag="$(fixture_field "$src/fixture.json" git_tag)"
  note="${NOTES[$name]:-}"

  copy="$WORK/$name/src"
  out="$WORK/$name/out"
  mkdir -p "$copy" "$out"
  info "copying project to a temporary directory"
  tar -C "$src" --exclude=./expected --exclude=./fixture.json -cf - . | tar -C "$copy" -xf -
  find "$copy" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

  if [ -n "$git_tag" ]; then
    scm_version="$("$PY" -c 'from importlib.metadata import version; print(version("setuptools_scm"))')"
    note="$note Built with setuptools_scm $scm_version."
    info "creating a temporary git repository tagged $git_tag"
    (
      cd "$copy"
      export GIT_AUTHOR_NAME="Fixture Builder" GIT_AUTHOR_EMAIL="fixtures@example.invalid"
      export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
      export GIT_AUTHOR_DATE="@$SOURCE_DATE_EPOCH +0000" GIT_COMMITTER_DATE="@$SOURCE_DATE_EPOCH +0000"
      git init -q -b main .
      git add -A
      git -c commit.gpgsign=false commit -q -m "Release ${git_tag#v}"
      git -c tag.gpgsign=false tag -a "$git_tag" -m "$git_tag"
    )
  fi

  info "building sdist and wheel: $BUILT_WITH --sdist --wheel"
  log="$WORK/$name/build.log"
  if ! (cd "$copy" && "$PY" -m build "${BUILD_FLAGS[@]}" --sdist --wheel --outdir "$out" . >"$log" 2>&1); then
    if [ -n "${MAY_FAIL[$name]:-}" ]; then
      reason="$(grep -E 'Error|error' "$log" | grep -v '^Traceback' | tail -n 1 | sed 's/^[[:space:]]*//')"
      info "build failed as anticipated: $reason"
      rm -rf "$src/expected"
      write_fixture_json "$src/fixture.json" "$backend" "$backend_version" "$git_tag" \
        "$note No expected metadata: no available backend accepts this project ($backend $backend_version failed: $reason)."
      continue
    fi
    sed 's/^/    | /' "$log" >&2
    printf 'error: building fixture %s failed (log above)\n' "$name" >&2
    failures=$((failures + 1))
    continue
  fi

  rm -rf "$src/expected"
  mkdir -p "$src/expected/dist"
  info "extracting METADATA and PKG-INFO from $(extract_metadata "$out" "$src/expected")"
  cp "$out"/*.whl "$out"/*.tar.gz "$src/expected/dist/"
  write_fixture_json "$src/fixture.json" "$backend" "$backend_version" "$git_tag" "$note"
  info "wrote expected/METADATA, expected/PKG-INFO, expected/dist/ and fixture.json"
done

# --- make sure nothing leaked into the fixture folders -----------------------

say "Checking fixture folders for build leftovers"
leftovers="$(find "$PROJECTS" \( -name build -o -name '*.egg-info' -o -name dist -o -name __pycache__ \
  -o -name _version.py \) -not -path '*/expected/dist' -print)"
if [ -n "$leftovers" ]; then
  printf '%s\n' "$leftovers" >&2
  die "build leftovers found in the fixture folders (listed above)"
fi

[ "$failures" -eq 0 ] || die "$failures fixture(s) failed to build"
say "Done: ${#FIXTURES[@]} fixture(s) regenerated under ${PROJECTS#"$ROOT"/}"
