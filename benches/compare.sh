#!/usr/bin/env bash
# Whole-command comparisons, side by side in one run, on a large demo database:
#   crm search QUERY        vs  fzf --filter QUERY over the same contact lines
#   crm log-call REF TEXT   vs  sqlite3 DB "INSERT …" of the same row
# Needs hyperfine, sqlite3 and fzf (apt-get install -y hyperfine sqlite3 fzf).
# BENCH_DIR keeps the generated database between runs; QUERY changes the search.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine sqlite3 fzf python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hyperfine sqlite3 fzf" >&2; exit 1; }
done

cargo build --release --quiet
CRM="$PWD/target/release/crm"
WORK="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$WORK"
DB="$WORK/bench.db"
QUERY="${QUERY:-maria silva}"
RUNS="${RUNS:-30}"

if [ ! -s "$DB" ]; then
    echo "== generating the demo database (100k contacts, 20k deals, 1M interactions)"
    /usr/bin/time -f "demo: %es, peak %MKB" "$CRM" --db "$DB" demo --contacts 100000 --deals 20000 --interactions 1000000
fi

# The same 100,000 contact lines fzf reads: name, e-mail, company.
sqlite3 "$DB" "SELECT c.name || ' ' || coalesce(e.email, '') || ' ' || coalesce(co.name, '')
    FROM contacts c
    LEFT JOIN contact_emails e ON e.contact_id = c.id AND e.position = 0
    LEFT JOIN companies co ON co.id = c.company_id
    WHERE c.deleted_at IS NULL" > "$WORK/contacts.txt"
echo "== $(wc -l < "$WORK/contacts.txt") contact lines; query: $QUERY"
echo "crm finds $("$CRM" --db "$DB" search $QUERY --limit 100000 --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') hits, fzf $(fzf --filter "$QUERY" < "$WORK/contacts.txt" | wc -l)"

# Both run through the shell (hyperfine subtracts its start-up), so fzf can read a redirect.
hyperfine --warmup 3 --runs "$RUNS" --export-json "$WORK/search.json" \
    -n "crm search" "$CRM --db $DB search $QUERY" \
    -n "fzf --filter" "fzf --filter '$QUERY' < $WORK/contacts.txt"

# log-call against a raw INSERT of the same row (one contact, found by e-mail).
EMAIL=$(sqlite3 "$DB" "SELECT email FROM contact_emails WHERE live = 1 ORDER BY contact_id LIMIT 1 OFFSET 5000")
CID=$(sqlite3 "$DB" "SELECT contact_id FROM contact_emails WHERE email = '$EMAIL'")
INSERT="INSERT INTO interactions (contact_id, kind, direction, occurred_at, summary, created_at) VALUES ($CID, 'call', 'out', unixepoch(), 'benchmark call', unixepoch())"
# No shell here (-N): both are single programs, and they run in a few milliseconds.
hyperfine --warmup 3 --runs "$RUNS" -N --export-json "$WORK/log.json" \
    -n "crm log-call" "$CRM --db $DB log-call $EMAIL benchmark-call" \
    -n "sqlite3 INSERT" "sqlite3 $DB \"$INSERT\""

python3 - "$WORK/search.json" "$WORK/log.json" <<'PY'
import json, sys
for path, target in zip(sys.argv[1:], (1.0, 1.5)):
    r = {x["command"]: x for x in json.load(open(path))["results"]}
    (a, ra), (b, rb) = list(r.items())
    ratio = ra["mean"] / rb["mean"]
    verdict = "meets" if ratio <= target else "misses"
    print(f"{a}: {ra['mean']*1000:.1f} ms ± {ra['stddev']*1000:.1f}; {b}: {rb['mean']*1000:.1f} ms ± {rb['stddev']*1000:.1f}; "
          f"ratio {ratio:.2f} ({verdict} the target of {target})")
PY
echo "results kept in $WORK"
