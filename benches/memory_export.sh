#!/usr/bin/env bash
# Peak memory (maximum resident set size) of every export, and of `contact show` and
# `history` on a contact with a huge interaction body (issue 17).
#
#   benches/memory_export.sh [CRM] [WORKDIR]
#
# CRM is a release build (default target/release/crm). WORKDIR (default a new temporary
# directory, removed at the end) gets a demo database of 1M interactions, the export files
# and, unless NO_HUGE=1, a contact with a 200 MB body inserted with sqlite3. Needs
# /usr/bin/time and sqlite3; about 2 GB of free disk. ONLY_HUGE=1 skips the exports.
set -euo pipefail
CRM=${1:-target/release/crm}
CRM=$(cd "$(dirname "$CRM")" && pwd)/$(basename "$CRM")
WORK=${2:-$(mktemp -d)}
KEEP=${2:+yes}
mkdir -p "$WORK"
DB="$WORK/big.db"
cleanup() { [ -n "$KEEP" ] || rm -rf "$WORK"; }
trap cleanup EXIT

if [ ! -f "$DB" ]; then
    "$CRM" --db "$DB" demo --contacts 10000 --deals 2000 --interactions 1000000 >/dev/null
fi

peak() { # label, then the command; prints label, peak MiB, output size
    local label=$1; shift
    local out="$WORK/out"
    rm -f "$out"
    /usr/bin/time -f %M -o "$WORK/rss" "$@" >"$out"
    local kib; kib=$(tail -1 "$WORK/rss")
    local size; size=$(stat -c %s "$out")
    printf '%-44s %8.1f MiB   stdout %8.1f MB\n' "$label" "$(echo "$kib/1024" | bc -l)" "$(echo "$size/1000000" | bc -l)"
}

echo "crm: $CRM"
echo "database: $("$CRM" --db "$DB" --json report activity >/dev/null 2>&1; du -h "$DB" | cut -f1), 10k contacts, 2k deals, 1M interactions"
if [ "${ONLY_HUGE:-}" != 1 ]; then
for what in contacts deals interactions tasks cases; do
    for fmt in csv json ndjson; do
        peak "export $what --format $fmt" "$CRM" --db "$DB" export "$what" --format "$fmt"
    done
done
peak "export contacts --format vcard" "$CRM" --db "$DB" export contacts --format vcard
peak "export tasks --format ics" "$CRM" --db "$DB" export tasks --format ics
peak "export birthdays" "$CRM" --db "$DB" export birthdays
peak "export all (json)" "$CRM" --db "$DB" export all
peak "export all --format ndjson" "$CRM" --db "$DB" export all --format ndjson
peak "export all -o FILE" "$CRM" --db "$DB" export all -o "$WORK/all.json"
ls -l "$WORK/all.json" | awk '{printf "  (all.json: %.1f MB)\n", $5/1000000}'
rm -f "$WORK/all.json"
fi

if [ "${NO_HUGE:-}" != 1 ]; then
    # A contact with one interaction whose body is 200 MB, as `--body -` once accepted.
    "$CRM" --db "$DB" contact add "Huge Body" --email huge@example.com >/dev/null
    ID=$("$CRM" --db "$DB" --json contact show huge@example.com | sed -n 's/^  "id": \([0-9]*\),$/\1/p' | head -1)
    "$CRM" --db "$DB" log note "$ID" "a huge note" >/dev/null
    sqlite3 "$DB" "UPDATE interactions SET body = (SELECT printf('%.*c', 200000000, 'x')) WHERE contact_id = $ID;"
    # …and its history entry carrying the body too (before and after of an edit).
    sqlite3 "$DB" "UPDATE history SET after = json_set(after, '\$.body', (SELECT body FROM interactions WHERE contact_id = $ID)) WHERE entity = 'interaction' AND contact_id = $ID;"
    peak "contact show (200 MB body)" "$CRM" --db "$DB" contact show "$ID"
    peak "contact show --json (200 MB body)" "$CRM" --db "$DB" --json contact show "$ID"
    peak "history CONTACT (200 MB body)" "$CRM" --db "$DB" history "$ID"
    peak "history --json CONTACT (200 MB body)" "$CRM" --db "$DB" --json history "$ID"
    peak "interaction list --contact (200 MB body)" "$CRM" --db "$DB" interaction list --contact "$ID"
fi
