#!/usr/bin/env bash
# Another crm never locks you out: while `crm import contacts` of ROWS rows (1,000,000)
# runs, and then while its `crm import undo` runs, a second "shell" logs a call every
# ~0.5 s with `crm log-call`. Prints, per phase, how many calls ran, how many failed, how
# many were queued, and their median and maximum wall time; then checks that every call
# is in the database exactly once. Needs python3. ROWS changes the size; BENCH_DIR keeps
# the files (else a temporary directory, removed at the end). PG_URL runs it on that
# PostgreSQL database instead of a file (an empty one; a teammate's import then holds the
# team's write turn), e.g. on a throwaway server:
#   bash .ci/pg.sh run bash -c 'PG_URL=$CRM_TEST_PG ROWS=200000 bash benches/lockout.sh'
set -euo pipefail
cd "$(dirname "$0")/.."
# Builds share a lock with other cargo runs on the machine, when there is one.
if command -v flock >/dev/null; then flock /tmp/crm-cargo.lock cargo build --release --quiet; else cargo build --release --quiet; fi
CRM="$PWD/target/release/crm"
ROWS="${ROWS:-1000000}"
if [ -n "${BENCH_DIR:-}" ]; then WORK="$BENCH_DIR"; mkdir -p "$WORK"; else
    WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT; fi
CSV="$WORK/contacts-$ROWS.csv"
if [ -n "${PG_URL:-}" ]; then DB="$PG_URL" BACKEND=PostgreSQL; else
    DB="$WORK/crm.db" BACKEND=SQLite; rm -f "$DB" "$DB"-*; fi
LOG="$WORK/calls.txt"
rm -f "$LOG" "$LOG.ends"
export TZ=UTC NO_COLOR=1

python3 - "$CSV" "$ROWS" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Name,Email,Phone,Company,Title,Notes\n")
    for i in range(int(sys.argv[2])):
        f.write(f"Person {i},person.{i}@example.com,+1 555 {i % 10000:04d},Company {i % 5000},Engineer,met at conference {i}\n")
PY
echo "== $ROWS rows, $(du -h "$CSV" | cut -f1); $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $BACKEND"
"$CRM" --db "$DB" contact add "Probe Target" --email probe@example.com -q

# Logs a call every ~0.5 s while process $2 runs; one line per call: phase, ms, exit,
# queued, start (ms since the epoch).
probe() {
    local phase=$1 pid=$2 n=0
    while kill -0 "$pid" 2>/dev/null; do
        n=$((n + 1))
        local t0 t1 rc=0 out
        t0=$(date +%s%N)
        out=$("$CRM" --db "$DB" log-call 1 "$phase call $n" 2>&1) || rc=$?
        t1=$(date +%s%N)
        local queued=0
        case "$out" in *queued*) queued=1 ;; esac
        echo "$phase $(( (t1 - t0) / 1000000 )) $rc $queued $(( t0 / 1000000 ))" >> "$LOG"
        [ "$rc" = 0 ] || echo "  $phase call $n failed: $out" >&2
        sleep 0.5
    done
}

t0=$(date +%s%N)
( "$CRM" --db "$DB" import contacts "$CSV" -q; echo "import-end $(date +%s%3N)" >> "$LOG.ends" ) &
pid=$!
sleep 0.2
probe import "$pid"
wait "$pid"
echo "import: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
ID=$("$CRM" --db "$DB" import list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

t0=$(date +%s%N)
( "$CRM" --db "$DB" import undo "$ID" -q; echo "undo-end $(date +%s%3N)" >> "$LOG.ends" ) &
pid=$!
sleep 0.2
probe undo "$pid"
wait "$pid"
echo "import undo: $(( ($(date +%s%N) - t0) / 1000000 )) ms"

python3 - "$LOG" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
ends = {k: int(v) for k, v in (l.split() for l in open(sys.argv[1] + ".ends"))}
for phase in ("import", "undo"):
    ms = [int(r[1]) for r in rows if r[0] == phase]
    if not ms:
        print(f"{phase}: no calls (it ended within 0.2 s)")
        continue
    failed = sum(1 for r in rows if r[0] == phase and r[2] != "0")
    queued = sum(1 for r in rows if r[0] == phase and r[3] == "1")
    slowest = max((r for r in rows if r[0] == phase), key=lambda r: int(r[1]))
    end = ends.get(phase + "-end")
    when = f", starting {int(slowest[4]) - end:+d} ms from the {phase}'s end" if end else ""
    print(f"{phase}: {len(ms)} calls, {failed} failed, {queued} queued; "
          f"median {statistics.median(ms):.0f} ms, max {max(ms)} ms{when}")
PY
# Every call that succeeded is in the database exactly once (the next command drains).
want=$(awk '$3 == 0' "$LOG" | wc -l)
"$CRM" --db "$DB" doctor --queue
got=$("$CRM" --db "$DB" interaction list --contact 1 --limit 100000 --json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
summaries = [r["summary"] for r in rows]
assert len(summaries) == len(set(summaries)), "a call was written twice"
print(len(summaries))')
echo "calls written: $got of $want"
[ "$got" = "$want" ]
