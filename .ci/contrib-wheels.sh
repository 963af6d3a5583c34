#!/usr/bin/env bash
# The contrib plugins installed as a user installs them: the core and each package under
# plugins-contrib/ built as wheels, installed (with their test extras) into a fresh virtual
# environment — no editable install — and each package's tests run there from a temporary folder
# holding a copy of them, so neither the repository nor its conftest.py is on the path.
# Usage: .ci/contrib-wheels.sh [PYTHON] (default: .venv/bin/python, the README's test environment,
# which builds the wheels; the fresh environment is made with the same interpreter).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
builder=$(realpath -s "${1:-$repo/.venv/bin/python}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1

echo "== wheels of the core and of each contrib package"
"$builder" -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir "$work/wheels" \
  "$repo" "$repo"/plugins-contrib/*/
ls "$work/wheels"

echo "== a fresh virtual environment with the wheels and their test extras"
"$builder" -m venv "$work/venv"
specs=("tuiauth[testing]")
for package in "$repo"/plugins-contrib/*/; do
  name=$(basename "$package")
  if grep -q '^test = ' "$package/pyproject.toml"; then specs+=("$name[test]"); else specs+=("$name"); fi
done
"$work/venv/bin/python" -m pip install --quiet --find-links "$work/wheels" "${specs[@]}"
"$work/venv/bin/python" -m pip list 2>/dev/null | grep -E '^(tuiauth|pytest|moto|httpx) ' || true
echo "installed after ${SECONDS}s"
if "$work/venv/bin/python" -m pip list --editable 2>/dev/null | grep -q tuiauth; then
  echo "an editable tuiauth package is installed in the fresh environment" >&2
  exit 1
fi

status=0
for package in "$repo"/plugins-contrib/*/; do
  name=$(basename "$package")
  echo "== $name: its tests, from $work/$name"
  mkdir "$work/$name"
  cp -r "$package/tests" "$work/$name/tests"
  (
    cd "$work/$name"
    # the repository's own conftest.py keeps the developer's home out; here the tests get one of their own
    export HOME="$work/$name/home" TUIAUTH_HOME="$work/$name/home/tuiauth"
    "$work/venv/bin/python" -c 'import sys, tuiauth; assert "site-packages" in tuiauth.__file__, tuiauth.__file__'
    # -W error as in the repository's configuration, which these copied tests do not see
    "$work/venv/bin/python" -m pytest -q -W error -p no:cacheprovider -o asyncio_default_fixture_loop_scope=function tests
  ) || status=1
done
exit "$status"
