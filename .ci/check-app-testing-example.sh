#!/usr/bin/env bash
# The example of docs/app-testing.md, run as a user would: copied into an empty folder outside the
# repository, next to tuiauth installed from a wheel (not editable) in a fresh virtual environment,
# with a read-only HOME and no DISPLAY, twice; its SVG snapshot must be byte-identical on both runs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
doc="$repo/docs/app-testing.md"
work=$(mktemp -d /tmp/tuiauth-app-testing.XXXXXX)
chmod 755 "$work"
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT

example="$work/test_first_run.py"
awk '/<!-- app-testing-example: test_first_run.py -->/{found=1; next}
     found && /^```python/{inside=1; next} inside && /^```/{exit} inside{print}' "$doc" >"$example"
if [ ! -s "$example" ]; then
  echo "docs/app-testing.md has no example under <!-- app-testing-example: test_first_run.py -->" >&2
  exit 1
fi
if grep -En '(from|import) +tuiauth\.(core|app|screens|widgets)' "$example"; then
  echo "the example imports tuiauth internals; it may use tuiauth.testing.app only" >&2
  exit 1
fi

echo "== a wheel of tuiauth in a fresh virtual environment"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip wheel -q --no-deps -w "$work/dist" "$repo"
wheel=$(ls "$work"/dist/tuiauth-*.whl)
"$work/venv/bin/python" -m pip install -q "${wheel}[testing]"
if "$work/venv/bin/python" -m pip show -f tuiauth | grep -q '__editable__'; then
  echo "tuiauth was installed editable" >&2
  exit 1
fi

# A HOME nobody may write to. Root writes anywhere, so as root the runs are made as nobody.
mkdir "$work/home"
chmod 555 "$work/home"
as_user=()
if [ "$(id -u)" = 0 ]; then
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi

for run in 1 2; do
  echo "== run $run of the example"
  folder="$work/run-$run"
  mkdir "$folder"
  cp "$example" "$folder/"
  chmod -R a+rwX "$folder"
  (cd "$folder" && env -i PATH="$work/venv/bin:/usr/bin:/bin" HOME="$work/home" LANG=C.UTF-8 \
    "${as_user[@]}" "$work/venv/bin/python" -m pytest -q -p no:cacheprovider test_first_run.py)
done

cmp "$work/run-1/snapshots/accounts.svg" "$work/run-2/snapshots/accounts.svg"
echo "the example passed twice; its SVG snapshots are byte-identical"
