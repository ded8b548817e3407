#!/usr/bin/env bash
# The project's one test entry point: starts the local services (RabbitMQ, s3rver), runs every test project
# of Cartoon.sln in Release against them, stops the services on exit (CARTOON_KEEP_SERVICES=1 keeps them up),
# and exits with dotnet test's code. Extra arguments go to dotnet test (e.g. --filter "FullyQualifiedName~Storage").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mkdir -p .local

cleanup() {
    if [[ "${CARTOON_KEEP_SERVICES:-0}" != "1" ]]; then
        "$ROOT/scripts/services.sh" stop || true
    fi
}
trap cleanup EXIT

t0=$(date +%s)
"$ROOT/scripts/services.sh" start
t1=$(date +%s)
echo "[test] services started in $((t1 - t0)) s"

# shellcheck source=/dev/null
source "$ROOT/.local/services.env"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$ROOT/.local/test-results"
rm -rf "$results"
export CARTOON_TEST_RESULTS="$results" # tests that write files (web UI screenshots) put them here
set +e
dotnet test Cartoon.sln -c Release --logger "console;verbosity=normal" --logger trx --results-directory "$results" "$@"
rc=$?
set -e
t2=$(date +%s)

# Summary from the TRX files (one per test assembly): a "Passed! - Failed: 0, Passed: N" line per assembly,
# then one plain closing line over all of them.
total_passed=0 total_failed=0 total_skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)
    attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
    total=$(attr total); passed=$(attr passed); failed=$(attr failed); executed=$(attr executed)
    errors=$(attr error); timeout=$(attr timeout); aborted=$(attr aborted)
    failed=$((${failed:-0} + ${errors:-0} + ${timeout:-0} + ${aborted:-0}))
    skipped=$((${total:-0} - ${executed:-0}))
    name=$(grep -o '<UnitTest [^>]*storage="[^"]*"' "$trx" | head -n 1 | sed 's/.*storage="\([^"]*\)".*/\1/' || true)
    if ((${total:-0} == 0)); then continue; fi # an assembly without tests (yet)
    verdict="Passed!"; ((failed > 0)) && verdict="Failed!"
    printf '%s  - Failed: %5d, Passed: %5d, Skipped: %5d, Total: %5d - %s\n' \
        "$verdict" "$failed" "${passed:-0}" "$skipped" "${total:-0}" "$(basename "${name:-$trx}")"
    total_passed=$((total_passed + ${passed:-0})); total_failed=$((total_failed + failed)); total_skipped=$((total_skipped + skipped))
done
# The failed tests by name with the first lines of their message, last, where a CI log's tail shows them.
if ((total_failed > 0)); then
    echo "[test] failed tests:"
    for trx in "$results"/*.trx; do
        python3 "$ROOT/scripts/trx-failures.py" "$trx" || grep -o 'testName="[^"]*"[^>]*outcome="Failed"' "$trx" || true
    done
fi
echo "[test] services start $((t1 - t0)) s, dotnet test $((t2 - t1)) s, exit code $rc"
echo "tests: $total_passed passed, $total_failed failed, $total_skipped skipped"
exit "$rc"
