#!/usr/bin/env bash
# Peak memory (maximum resident set size) of imports and typed-in text on large inputs.
# Generates its inputs under a temporary directory, removes them, prints a table.
#   bash benches/memory_import.sh [path/to/crm]   (default: target/release/crm)
# Sizes can be lowered for a quick run: ROWS=300000 INTERACTIONS=100000 bash benches/...
set -euo pipefail
CRM=${1:-target/release/crm}
CRM=$(cd "$(dirname "$CRM")" && pwd)/$(basename "$CRM")
ROWS=${ROWS:-3000000}
INTERACTIONS=${INTERACTIONS:-1000000}
NOTE_MB=${NOTE_MB:-100}
BODY_MB=${BODY_MB:-200}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"

# Peak RSS in MiB of one command; its exit code is reported, not fatal.
peak() {
  local rc
  set +e
  /usr/bin/time -f '%M' -o "$TMP/peak" "$@" >/dev/null 2>"$TMP/err"
  rc=$?
  set -e
  echo "$(( $(tail -n1 "$TMP/peak") / 1024 )) MiB (exit $rc)"
}

echo "generating inputs in $TMP ..." >&2
awk -v n="$ROWS" 'BEGIN { print "name,email"; for (i = 0; i < n; i++) printf "Person %d,p%d@example.com,extra\n", i, i }' > bad.csv
awk -v n="$INTERACTIONS" 'BEGIN {
  c = 1000; printf "{\"contacts\":[";
  for (i = 1; i <= c; i++) printf "%s{\"id\":%d,\"name\":\"Person %d\",\"emails\":[\"p%d@example.com\"]}", (i > 1 ? "," : ""), i, i, i;
  printf "],\"interactions\":[";
  for (i = 1; i <= n; i++) printf "%s{\"id\":%d,\"contact_id\":%d,\"kind\":\"call\",\"summary\":\"Call %d\",\"occurred_at\":\"2026-01-01T10:00:00Z\",\"body\":\"Talked about the order, the invoice and next steps.\"}", (i > 1 ? "," : ""), i, (i % c) + 1, i;
  print "]}" }' > all.json
{ printf '{"contacts":[{"id":1,"name":"Ada","notes":"'; head -c $((NOTE_MB * 1024 * 1024)) /dev/zero | tr '\0' n; printf '"}]}\n'; } > note.json

row() { printf '| %-58s | %-16s | %s\n' "$1" "$2" "$3"; }
row "what" "input" "peak"
row "import contacts, every row bad (refused)" "$ROWS rows" "$(peak "$CRM" --db "$TMP/a.db" import contacts bad.csv)"
row "import contacts, every row bad, --skip-invalid --rejects" "$ROWS rows" "$(peak "$CRM" --db "$TMP/b.db" import contacts bad.csv --skip-invalid --rejects "$TMP/rejects.csv")"
row "import all (JSON)" "$INTERACTIONS interactions" "$(peak "$CRM" --db "$TMP/c.db" import all all.json)"
row "import all, one note of ${NOTE_MB} MB (refused)" "$(du -m note.json | cut -f1) MB" "$(peak "$CRM" --db "$TMP/d.db" import all note.json)"
"$CRM" --db "$TMP/e.db" contact add "Ada Lovelace" >/dev/null
head -c $((BODY_MB * 1024 * 1024)) /dev/zero | tr '\0' x > body.txt
row "log-call --body - (refused over 1 MiB)" "${BODY_MB} MB" "$(peak sh -c "exec \"$CRM\" --db \"$TMP/e.db\" log-call Ada Call --body - < body.txt")"
