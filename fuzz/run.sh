#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 300), one after the other, and prints the
# executions and findings of each. New inputs go to WORK (default a temporary directory),
# not to the seed corpus in fuzz/corpus; crashes land in fuzz/artifacts/<target>/.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# Needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz). CARGO_LOCK=FILE
# runs every cargo command under `flock FILE` (a machine shared with other builds).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv vcard json dates money import)
work=${WORK:-$(mktemp -d)}
lock=()
[ -n "${CARGO_LOCK:-}" ] && lock=(flock "$CARGO_LOCK")
"${lock[@]}" cargo +nightly fuzz build
for t in "${targets[@]}"; do
    mkdir -p "$work/$t"
    log="$work/$t.log"
    status=0
    "${lock[@]}" cargo +nightly fuzz run "$t" "$work/$t" "corpus/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=512 -max_len=65536 -timeout=10 \
        -print_final_stats=1 >"$log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    found=$(ls "artifacts/$t" 2>/dev/null | wc -l)
    echo "$t: exit $status, $runs executions in ${seconds}s, $cov, $found artifact(s), log $log"
done
