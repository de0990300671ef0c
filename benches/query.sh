#!/usr/bin/env bash
# Address lookup for mail clients, side by side in one run over the same 20,000 contacts:
#   crm query --mutt QUERY   vs  abook --mutt-query QUERY  vs  khard email --parsable QUERY
# (khard twice: as installed, and with search_in_source_files), then crm query on the
# 100,000-contact demo database with a few kinds of query.
# Needs hyperfine, python3, abook and khard (apt-get install -y hyperfine abook khard).
# CRM is the binary to time (default: target/release/crm, built here when missing);
# BENCH_DIR keeps the generated files between runs; QUERY (default maria), RUNS (30) and
# KHARD_RUNS (3) change the run.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine python3 abook khard; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hyperfine abook khard" >&2; exit 1; }
done

CRM="${CRM:-$PWD/target/release/crm}"
[ -x "$CRM" ] || cargo build --release --quiet
WORK="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$WORK/home"
QUERY="${QUERY:-maria}"
RUNS="${RUNS:-30}"
KHARD_RUNS="${KHARD_RUNS:-3}"
DB="$WORK/20k.db"
BIG="$WORK/100k.db"
# abook and khard keep their settings under HOME: a fresh one, for both.
export HOME="$WORK/home"

if [ ! -s "$DB" ]; then
    echo "== generating 20,000 contacts"
    "$CRM" --db "$DB" demo --contacts 20000 --deals 4000 --interactions 200000 -q
fi

# The same contacts for abook (its addressbook file: name, every e-mail, a phone) and for
# khard (a vdir of vCards, as crm writes them for vdirsyncer).
if [ ! -s "$WORK/addressbook" ]; then
    "$CRM" --db "$DB" export contacts --format json -o - | python3 -c '
import json, sys
out = ["# abook addressbook file", "", "[format]", "program=abook", "version=0.6.1", ""]
for i, c in enumerate(json.load(sys.stdin)):
    out += ["", f"[{i}]", "name=" + c["name"]]
    if c["emails"]:
        out.append("email=" + ",".join(c["emails"]))
    if c["phones"]:
        out.append("mobile=" + c["phones"][0])
print("\n".join(out))' > "$WORK/addressbook"
fi
if [ ! -d "$WORK/vdir" ]; then
    "$CRM" --db "$DB" export contacts --vdir "$WORK/vdir" -q
fi
for src in no yes; do
    cat > "$WORK/khard-$src.conf" <<EOF
[addressbooks]
[[bench]]
path = $WORK/vdir

[general]
default_action = list
editor = /bin/true
merge_editor = /bin/true

[contact table]
display = first_name

[vcard]
search_in_source_files = $src
skip_unparsable = yes
EOF
done

CRM_Q=("$CRM" --db "$DB" query --mutt "$QUERY")
ABOOK_Q=(abook --datafile "$WORK/addressbook" --mutt-query "$QUERY")
echo "== query: $QUERY; lines after the first: crm $("${CRM_Q[@]}" | tail -n +2 | wc -l) (--limit 50)," \
    "crm --limit 1000 $("$CRM" --db "$DB" query --mutt "$QUERY" --limit 1000 | tail -n +2 | wc -l)," \
    "abook $("${ABOOK_Q[@]}" | tail -n +2 | wc -l)," \
    "khard $(khard -c "$WORK/khard-no.conf" email --parsable "$QUERY" | tail -n +2 | wc -l)"

hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/query-20k.json" \
    -n "crm query --mutt" "$CRM --db $DB query --mutt $QUERY" \
    -n "crm query --mutt --limit 1000" "$CRM --db $DB query --mutt $QUERY --limit 1000" \
    -n "abook --mutt-query" "abook --datafile $WORK/addressbook --mutt-query $QUERY"
hyperfine -N --warmup 0 --runs "$KHARD_RUNS" --export-json "$WORK/query-khard.json" \
    -n "khard email --parsable" "khard -c $WORK/khard-no.conf email --parsable $QUERY" \
    -n "khard email --parsable (search_in_source_files)" "khard -c $WORK/khard-yes.conf email --parsable $QUERY"

if [ ! -s "$BIG" ]; then
    echo "== generating the 100k demo database"
    "$CRM" --db "$BIG" demo --contacts 100000 --deals 20000 --interactions 1000000 -q
fi
# -i: a query that finds nothing exits 1, as mail clients expect.
hyperfine -N -i --warmup 3 --runs "$RUNS" --export-json "$WORK/query-100k.json" \
    -n "100k: maria" "$CRM --db $BIG query --mutt maria" \
    -n "100k: ana sil" "$CRM --db $BIG query --mutt 'ana sil'" \
    -n "100k: a" "$CRM --db $BIG query --mutt a" \
    -n "100k: maria.suarez@" "$CRM --db $BIG query --mutt maria.suarez@" \
    -n "100k: +1 202 555 0169" "$CRM --db $BIG query --mutt '+1 202 555 0169'" \
    -n "100k: 2025550169" "$CRM --db $BIG query --mutt 2025550169" \
    -n "100k: qzxv (nothing)" "$CRM --db $BIG query --mutt qzxv"

python3 - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]
r = {}
for f in ("query-20k", "query-khard", "query-100k"):
    for x in json.load(open(f"{w}/{f}.json"))["results"]:
        r[x["command"]] = x
def ms(s):
    return f"{s * 1000:,.1f} ms" if s < 1 else f"{s:,.1f} s"
def row(name, x, *more):
    cells = [f"`{name}`", f"{ms(x['mean'])} ± {ms(x['stddev'])}", ms(x["min"]), *more]
    print("| " + " | ".join(cells) + " |")
print("| command | mean ± σ | fastest |")
print("|---|---|---|")
for name in ("crm query --mutt", "crm query --mutt --limit 1000", "abook --mutt-query",
             "khard email --parsable", "khard email --parsable (search_in_source_files)"):
    row(name, r[name])
crm, abook = r["crm query --mutt"]["mean"], r["abook --mutt-query"]["mean"]
khard = r["khard email --parsable"]["mean"]
khard_src = r["khard email --parsable (search_in_source_files)"]["mean"]
print(f"crm / abook: {crm / abook:.2f} (target <= 1: {'meets' if crm <= abook else 'misses'}); "
      f"crm / khard: {crm / khard:.4f} (target <= 0.01: {'meets' if crm <= 0.01 * khard else 'misses'}); "
      f"crm / khard with source search: {crm / khard_src:.4f}")
print("| query on 100k | mean ± σ | fastest | under 10 ms |")
print("|---|---|---|---|")
for k, x in r.items():
    if k.startswith("100k"):
        row(k[6:], x, "yes" if x["mean"] < 0.010 else "no")
PY
echo "results kept in $WORK"
