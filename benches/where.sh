#!/usr/bin/env bash
# `crm contact list --where EXPR` against the same question asked of sqlite3 by hand, on
# the 100k-contact demo database (DESIGN §12: within 1.5x the hand-written SQL).
#   benches/where.sh
# BENCH_DIR keeps the database between runs; RUNS sets the hyperfine runs; EXPR the
# expression (the SQL below is written for the default one). Needs hyperfine, sqlite3 and
# python3 (apt-get install -y hyperfine sqlite3 python3).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine sqlite3 python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hyperfine sqlite3 python3" >&2; exit 1; }
done

# CRM_BIN runs a binary already built instead of building one.
[ -n "${CRM_BIN:-}" ] || cargo build --release --quiet
CRM="${CRM_BIN:-$PWD/target/release/crm}"
WORK="${BENCH_DIR:-$(mktemp -d)}"
RUNS="${RUNS:-20}"
EXPR="${EXPR:-tag:vip and idle > 30d and deals.open_value > 1000}"
mkdir -p "$WORK"
DB="$WORK/where.db"
if [ ! -s "$DB" ]; then
    echo "== generating the demo database (100k contacts, 20k deals, 1M interactions)"
    "$CRM" --db "$DB" demo --contacts 100000 --deals 20000 --interactions 1000000 >/dev/null
fi

# The same question by hand, written the way that is fast (the tag's contacts from its
# index; the open totals grouped once, not summed again per contact): VIPs whose last
# contact (or creation) is before the local day 30 days ago, with more than 1000 open in
# one currency (two-decimal currencies, as the demo's are), and the columns
# `contact list` prints, by name.
CUTOFF=$(python3 -c 'import datetime as d; t=d.datetime.now().astimezone(); m=(t-d.timedelta(days=30)).replace(hour=0,minute=0,second=0,microsecond=0); print(int(m.timestamp()))')
SQL="SELECT c.id, c.name, co.name, (SELECT email FROM contact_emails e WHERE e.contact_id = c.id ORDER BY position LIMIT 1), c.lifecycle, c.last_contact_at,
    (SELECT group_concat(t.name, ', ') FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id)
FROM contacts c LEFT JOIN companies co ON co.id = c.company_id
WHERE c.deleted_at IS NULL
  AND c.id IN (SELECT ct.contact_id FROM contact_tags ct WHERE ct.tag_id = (SELECT id FROM tags WHERE name_key = 'vip'))
  AND coalesce(c.last_contact_at, c.created_at) < $CUTOFF
  AND c.id IN (SELECT d.contact_id FROM deals d WHERE d.status = 'open' GROUP BY d.contact_id, d.currency HAVING sum(d.value_minor) > 100000)
ORDER BY c.name_key, c.id;"

echo "crm picks $("$CRM" --db "$DB" contact list --where "$EXPR" --ids | wc -l) contacts, sqlite3 $(sqlite3 "$DB" "$SQL" | wc -l)"
printf '%s\n' "$SQL" > "$WORK/where.sql"
hyperfine --warmup 3 --runs "$RUNS" -N --export-json "$WORK/where.json" \
    -n "crm contact list --where" "$CRM --db $DB contact list --where '$EXPR'" \
    -n "sqlite3 by hand" "sqlite3 $DB '.read $WORK/where.sql'"

python3 - "$WORK/where.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
(a, ra), (b, rb) = list(r.items())
ratio = ra["mean"] / rb["mean"]
verdict = "meets" if ratio <= 1.5 else "misses"
print(f"{a}: {ra['mean']*1000:.1f} ms ± {ra['stddev']*1000:.1f}; {b}: {rb['mean']*1000:.1f} ms ± {rb['stddev']*1000:.1f}; "
      f"ratio {ratio:.2f} ({verdict} the target of 1.5)")
PY
echo "results kept in $WORK"
