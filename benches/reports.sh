#!/usr/bin/env bash
# Each `crm report KIND --format json` side by side with the same numbers computed by a
# hand-written SQL query in sqlite3 on the same file, with hyperfine.
# Needs hyperfine and sqlite3. Uses BENCH_DIR/bench.db from compare.sh if present.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine sqlite3 python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hyperfine sqlite3" >&2; exit 1; }
done
cargo build --release --quiet
CRM="$PWD/target/release/crm"
WORK="${BENCH_DIR:-$(mktemp -d)}"
DB="$WORK/bench.db"
RUNS="${RUNS:-10}"
mkdir -p "$WORK"
if [ ! -s "$DB" ]; then
    "$CRM" --db "$DB" demo --contacts 100000 --deals 20000 --interactions 1000000 -q
fi
"$CRM" --db "$DB" report pipeline -q > /dev/null # opening applies any pending migration

SINCE=$(date -d "$(date +%Y-%m-%d) -84 days" +%s)
TODAY=$(date +%Y-%m-%d)
STALE=$(( $(date +%s) - 30 * 86400 ))
declare -A SQL=(
  [pipeline]="SELECT s.name, d.currency, count(*), sum(d.value_minor), sum(d.value_minor * coalesce(d.probability, s.probability)) / 100 FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.status = 'open' GROUP BY d.stage_id, d.currency ORDER BY s.position"
  [forecast]="SELECT substr(d.expected_close, 1, 7) AS m, d.currency, count(*), sum(d.value_minor), sum(d.value_minor * coalesce(d.probability, s.probability)) / 100 FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.status = 'open' AND (d.expected_close IS NULL OR d.expected_close >= '$TODAY') GROUP BY m, d.currency; SELECT d.*, c.name FROM deals d LEFT JOIN contacts c ON c.id = d.contact_id WHERE d.status = 'open' AND d.expected_close < '$TODAY' ORDER BY d.expected_close"
  [funnel]="SELECT to_stage_id, count(DISTINCT deal_id) FROM (SELECT deal_id, to_stage_id FROM stage_history UNION SELECT id, stage_id FROM deals) GROUP BY to_stage_id; SELECT status, currency, count(*), avg(value_minor), avg(closed_at - created_at) / 86400.0 FROM deals GROUP BY status, currency"
  [activity]="SELECT occurred_at / 86400 AS day, kind, count(*) FROM interactions WHERE occurred_at >= $SINCE GROUP BY day, kind; SELECT i.contact_id, c.name, count(*) AS n FROM interactions i JOIN contacts c ON c.id = i.contact_id WHERE i.occurred_at >= $SINCE GROUP BY i.contact_id ORDER BY n DESC LIMIT 10"
  [stale]="SELECT id, name, last_contact_at, ($(date +%s) - last_contact_at) / 86400 FROM contacts WHERE deleted_at IS NULL AND lifecycle <> 'churned' AND (last_contact_at IS NULL OR last_contact_at < $STALE) ORDER BY last_contact_at"
  [lifecycle]="SELECT lifecycle, count(*) FROM contacts WHERE deleted_at IS NULL GROUP BY lifecycle"
  [satisfaction]="SELECT count(*), avg(score), 100.0 * (sum(score >= 9) - sum(score <= 6)) / count(*) FROM interactions WHERE kind = 'feedback' AND score IS NOT NULL"
)
for kind in pipeline forecast funnel activity stale lifecycle satisfaction; do
    hyperfine --warmup 2 --runs "$RUNS" -N --export-json "$WORK/report-$kind.json" \
        -n "crm report $kind" "$CRM --db $DB report $kind --format json" \
        -n "sqlite3 $kind" "sqlite3 -json $DB \"${SQL[$kind]}\"" > /dev/null
    python3 - "$WORK/report-$kind.json" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1]))["results"]
r = a["mean"] / b["mean"]
print(f"{a['command']:<28} {a['mean']*1000:8.1f} ms   {b['command']:<22} {b['mean']*1000:8.1f} ms   ratio {r:.2f} ({'meets' if r <= 1.5 else 'misses'} 1.5)")
PY
done
