#!/usr/bin/env bash
# Mutation testing of the modules that hold tuiauth's promises (docs/mutation.md). Not run in CI.
#
#   pip install -e '.[test,mutation]'            # mutmut 3
#   TUIAUTH_CORPUS=/path/to/corpus scripts/mutation.sh [MODULE ...]
#
# MODULE is one of: sealed slots crypto methods merge reader planner (default: all, one by one).
# Each module runs in its own copy of the tree under $MUTATION_WORK (default /tmp/tuiauth-mutation),
# with only the test files that exercise it and $MUTATION_CHILDREN workers (default 1), so a
# shared 2-core machine stays usable. The last line per module is "MODULE killed/total = score".
# Tests that start a child process import the original code, so only in-process tests are listed.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${MUTATION_WORK:-/tmp/tuiauth-mutation}
children=${MUTATION_CHILDREN:-1}
export TUIAUTH_CORPUS=${TUIAUTH_CORPUS:-$repo/../shared/corpus}
# Without the corpus the importer and vector tests skip, and their mutants would survive unnoticed.
[ -f "$TUIAUTH_CORPUS/MANIFEST.txt" ] || { echo "no corpus at $TUIAUTH_CORPUS: set TUIAUTH_CORPUS" >&2; exit 2; }

declare -A files tests
files[sealed]="tuiauth/core/sealed.py"
tests[sealed]="tests/unit/test_sealed.py tests/unit/test_sealed_properties.py tests/unit/test_sealed_format_rules.py tests/unit/test_key_slot_rules.py tests/unit/test_vault.py tests/golden"
files[slots]="tuiauth/core/slots.py"
tests[slots]="tests/unit/test_sealed.py tests/unit/test_sealed_properties.py tests/unit/test_sealed_format_rules.py tests/unit/test_key_slot_rules.py tests/unit/test_vault.py tests/golden"
files[crypto]="tuiauth/core/crypto.py"
tests[crypto]="tests/unit/test_sealed.py tests/unit/test_kdf_limits.py tests/unit/test_kdf_calibration.py tests/unit/test_crypto_primitives.py tests/golden tests/plugins/importers"
files[methods]="tuiauth/plugins/methods/*.py"
tests[methods]="tests/plugins/test_methods.py tests/plugins/test_method_codes.py tests/golden"
files[merge]="tuiauth/core/backup/merge.py"
tests[merge]="tests/backup/test_merge.py tests/backup/test_merge_rules.py tests/backup/test_reader.py"
files[reader]="tuiauth/core/backup/reader.py"
tests[reader]="tests/backup/test_reader.py tests/backup/test_reader_rules.py tests/golden"
files[planner]="tuiauth/core/restore/planner.py"
tests[planner]="tests/restore/test_planner.py tests/restore/test_planner_properties.py tests/restore/test_planner_rules.py"

# scripts/mutation.sh constants: each line of scripts/mutation-constants.txt applied alone to a copy,
# the module's tests run; a change no test notices is printed as a survivor.
if [ "${1:-}" = constants ]; then
    dir="$work/constants"
    rm -rf "$dir" && mkdir -p "$dir"
    tar -C "$repo" --exclude=.git --exclude=./mutants --exclude='*.egg-info' --exclude=__pycache__ -cf - . |
        tar -C "$dir" -xf -
    killed=0 total=0
    while IFS='|' read -r module file text replacement; do
        module=$(echo "$module" | xargs)
        case "$module" in ''|'#'*) continue ;; esac
        file=$(echo "$file" | xargs)
        cp "$repo/$file" "$dir/$file"
        python - "$dir/$file" "$text" "$replacement" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2].strip(), sys.argv[3].strip()
text = open(path, encoding="utf-8").read()
if old not in text:
    sys.exit(f"not found in {path}: {old}")
open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
PY
        total=$((total + 1))
        # shellcheck disable=SC2086
        if (cd "$dir" && PYTHONPATH="$dir" python -m pytest -q -x -p no:randomly -p no:cacheprovider ${tests[$module]} </dev/null >/dev/null 2>&1); then
            echo "survived: $file: $(echo "$replacement" | sed "s/^ *//")"
        else
            killed=$((killed + 1))
        fi
        cp "$repo/$file" "$dir/$file"
    done <"$repo/scripts/mutation-constants.txt"
    echo "constants killed/total = $killed/$total"
    exit 0
fi

modules=("$@")
[ ${#modules[@]} -eq 0 ] && modules=(sealed slots crypto methods merge reader planner)

for module in "${modules[@]}"; do
    [ -n "${files[$module]:-}" ] || { echo "unknown module $module" >&2; exit 2; }
    dir="$work/$module"
    mkdir -p "$dir"
    find "$dir" -mindepth 1 -maxdepth 1 ! -name mutants -exec rm -rf {} +
    tar -C "$repo" --exclude=.git --exclude=./mutants --exclude='*.egg-info' --exclude=.mypy_cache \
        --exclude=.ruff_cache --exclude=.pytest_cache --exclude=.hypothesis --exclude=__pycache__ -cf - . |
        tar -C "$dir" -xf -
    selection=""
    for t in ${tests[$module]}; do
        [ -e "$dir/$t" ] && selection+="    $t"$'\n'
    done
    only=""
    for f in ${files[$module]}; do only+="    $f"$'\n'; done
    # A [tool.mutmut] table would win over setup.cfg: this tree's pyproject.toml has none.
    cat >"$dir/setup.cfg" <<CFG
[mutmut]
source_paths = tuiauth
only_mutate =
$only
also_copy =
    conftest.py
    plugins-contrib
pytest_add_cli_args =
    -p no:randomly
    -p no:cacheprovider
    -q
pytest_add_cli_args_test_selection =
$selection
CFG
    (
        cd "$dir"
        mutmut run --max-children "$children" >"$dir/mutmut.log" 2>&1 || { tail -20 "$dir/mutmut.log"; exit 1; }
        mutmut results --all true >"$dir/results.txt"
        killed=$(grep -c ': killed$' "$dir/results.txt" || true)
        total=$(grep -c ': ' "$dir/results.txt" || true)
        echo "--- $module: survivors"
        grep -v ': killed$' "$dir/results.txt" || true
        echo "$module killed/total = $killed/$total = $(( total ? 100 * killed / total : 0 ))%"
    )
done
