#!/usr/bin/env bash
# Decides what a release tag may do, and refuses a tag the repository does not agree with.
#
# Usage: scripts/release-check.sh [TAG] [--notes FILE]
#   TAG defaults to GITHUB_REF_NAME (the tag a release workflow runs for).
#   --notes FILE writes the CHANGELOG section of the version to FILE (the release's notes).
#
# A tag is refused (exit 1, one line per problem on stderr, each saying what to do) unless:
#   - it is vX.Y.Z or vX.Y.Z-PRERELEASE (semantic versioning, no leading zeros);
#   - package.json, package-lock.json and the bundled command line (dist/cli/index.cjs --version)
#     all name that version, so the code users get is the code that says it is this version;
#   - CHANGELOG.md has a non-empty "## X.Y.Z" section that is not marked "(unreleased)";
#   - every `uses: .../pypi-register@vN` line of README.md names the tag's major version, and, when
#     GITHUB_REPOSITORY is set, names this repository, so the README's workflows point at this release.
#
# On success it prints (and appends to GITHUB_OUTPUT when set) version=, major=, prerelease= and
# move-major=. The major tag (v1) moves only for a release that is not a prerelease and is the
# highest vMAJOR.*.* tag: a fix released for an older minor version must not pull v1 back.
set -euo pipefail

tag="${GITHUB_REF_NAME:-}"
notes=""
while [ $# -gt 0 ]; do
  case "$1" in
    --notes)
      [ $# -ge 2 ] || { echo "error: --notes needs a file name." >&2; exit 2; }
      notes="$2"
      shift 2
      ;;
    -*)
      echo "error: unknown option $1. Usage: scripts/release-check.sh [TAG] [--notes FILE]" >&2
      exit 2
      ;;
    *)
      tag="$1"
      shift
      ;;
  esac
done
if [ -z "$tag" ]; then
  echo "error: no tag given. Pass it (scripts/release-check.sh v1.2.3) or set GITHUB_REF_NAME." >&2
  exit 2
fi

problems=()
problem() { problems+=("$1"); }

number='(0|[1-9][0-9]*)'
semver="^v${number}\.${number}\.${number}(-[0-9A-Za-z.-]+)?$"
if ! [[ "$tag" =~ $semver ]]; then
  echo "error: the tag '$tag' is not a release tag: write vMAJOR.MINOR.PATCH (v1.2.3), or v1.2.3-rc.1 for a prerelease." >&2
  exit 1
fi
version="${tag#v}"
major="v${BASH_REMATCH[1]}"
prerelease=false
[ -n "${BASH_REMATCH[4]}" ] && prerelease=true

# The versions the repository claims, each read the way its own tool reads it.
read_json_version() {
  node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version ?? ""))' "$1" 2>/dev/null || true
}
fix="Run 'npm version $version --no-git-tag-version', set ACTION_VERSION in src/constants.ts, 'npm run bundle', commit, and tag that commit."
manifest="$(read_json_version package.json)"
[ "$manifest" = "$version" ] ||
  problem "package.json says version '$manifest', the tag says '$version'. $fix"
lock="$(read_json_version package-lock.json)"
[ "$lock" = "$version" ] ||
  problem "package-lock.json says version '$lock', the tag says '$version'. $fix"
bundled="$(node dist/cli/index.cjs --version 2>/dev/null || true)"
[ "$bundled" = "$version" ] ||
  problem "dist/cli/index.cjs --version says '$bundled', the tag says '$version'. $fix"

# The changelog section: from "## X.Y.Z" to the next "## ".
section="$(awk -v v="$version" '
  index($0, "## " v) == 1 && (length($0) == length(v) + 3 || substr($0, length(v) + 4, 1) == " ") { on = 1; head = $0; next }
  /^## / { on = 0 }
  on { print }
  END { if (head ~ /\(unreleased\)/) print "\001unreleased" }
' CHANGELOG.md 2>/dev/null || true)"
if [[ "$section" == *$'\001unreleased'* ]]; then
  problem "CHANGELOG.md marks $version as unreleased: replace '(unreleased)' in its heading with the date."
elif [ -z "$(printf '%s' "$section" | tr -d '[:space:]')" ]; then
  problem "CHANGELOG.md has no '## $version' section: add one saying what changed."
fi

# The README's workflows must point at this release line (and this repository, on a runner).
while IFS= read -r line; do
  ref="$(sed -E 's/.*uses:[[:space:]]*([^[:space:]#]+).*/\1/' <<<"$line")"
  repo="${ref%@*}"
  at="${ref##*@}"
  if [ "$at" != "$major" ]; then
    problem "README.md has 'uses: $ref', which is not the major tag $major this release moves: write @$major."
  fi
  if [ -n "${GITHUB_REPOSITORY:-}" ] && [ "$repo" != "$GITHUB_REPOSITORY" ]; then
    problem "README.md has 'uses: $ref', but this repository is $GITHUB_REPOSITORY: write 'uses: $GITHUB_REPOSITORY@$major'."
  fi
done < <(grep -E 'uses:[[:space:]]*[^[:space:]]+/pypi-register@' README.md 2>/dev/null || true)

if [ ${#problems[@]} -gt 0 ]; then
  for line in "${problems[@]}"; do echo "error: $line" >&2; done
  echo "The tag $tag was refused: nothing was released. Fix the above, then delete the tag and push it again on the fixed commit." >&2
  exit 1
fi

# A later release of the same major line already out (v1.3.0 before this v1.2.4) keeps the major tag.
move=true
if [ "$prerelease" = true ]; then
  move=false
else
  highest="$(git tag --list "${major}.*" 2>/dev/null |
    grep -E "^${major}\.${number}\.${number}$" |
    sort -t. -k1,1 -k2,2n -k3,3n | tail -n 1 || true)"
  if [ -n "$highest" ] && [ "$highest" != "$tag" ]; then
    newest="$(printf '%s\n%s\n' "$highest" "$tag" | sort -t. -k1,1 -k2,2n -k3,3n | tail -n 1)"
    [ "$newest" = "$tag" ] || move=false
  fi
fi

if [ -n "$notes" ]; then printf '%s\n' "$section" | sed -e '/./,$!d' >"$notes"; fi
result="version=$version
major=$major
prerelease=$prerelease
move-major=$move"
echo "$result"
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$result" >>"$GITHUB_OUTPUT"; fi
