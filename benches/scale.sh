#!/usr/bin/env bash
# Does the cost of what a user runs all day grow with the database? Builds demo databases of
# 10k and 100k contacts (and 1M with --1m: about 10 minutes and 4 GB of disk), each with 10x
# the interactions and a fifth as many deals, times every interactive command and report on
# each with hyperfine, the app's first frames with criterion, and search at the largest size
# against fzf --filter over the same lines. Prints one table with the growth ratio
# largest / 10k and writes it into the README between the scale markers.
#   benches/scale.sh [--1m] [--no-readme]
# BENCH_DIR keeps the databases between runs (they are reused when present); RUNS sets the
# hyperfine runs; QUERY the search. Needs hyperfine, sqlite3, fzf and python3
# (apt-get install -y hyperfine sqlite3 fzf python3).
set -euo pipefail
cd "$(dirname "$0")/.."

BIG=0
README=1
for arg in "$@"; do
    case "$arg" in
        --1m) BIG=1 ;;
        --no-readme) README=0 ;;
        *) echo "usage: benches/scale.sh [--1m] [--no-readme]" >&2; exit 2 ;;
    esac
done
for tool in hyperfine sqlite3 fzf python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hyperfine sqlite3 fzf python3" >&2; exit 1; }
done

cargo build --release --quiet
CRM="$PWD/target/release/crm"
WORK="${BENCH_DIR:-$(mktemp -d)}"
RUNS="${RUNS:-20}"
QUERY="${QUERY:-ana sil}"
mkdir -p "$WORK"
SIZES=(10k 100k)
[ "$BIG" = 1 ] && SIZES+=(1M)
declare -A CONTACTS=([10k]=10000 [100k]=100000 [1M]=1000000)

# Build what is missing, timing the build (the demo is one of the measured commands).
for size in "${SIZES[@]}"; do
    db="$WORK/scale-$size.db"
    n=${CONTACTS[$size]}
    if [ ! -s "$db" ]; then
        echo "== building the $size demo database"
        /usr/bin/time -f "%e %M" -o "$WORK/demo-$size.time" \
            "$CRM" --db "$db" demo --contacts "$n" --deals $((n / 5)) --interactions $((n * 10)) -q
    fi
    "$CRM" --db "$db" report pipeline -q > /dev/null # opening applies any pending migration
done

# One row per command: a label and the arguments after `crm --db DB`. log-call writes a
# row each run; that is what it costs.
COMMANDS=(
    "search '$QUERY'|search $QUERY"
    "search 'qzxv' (nothing found: full scan)|search qzxv"
    "agenda|agenda"
    "contact list --limit 50|contact list --limit 50"
    "contact show|contact show @ID"
    "log-call|log-call @EMAIL benchmark-call"
    "report pipeline|report pipeline"
    "report forecast|report forecast"
    "report funnel|report funnel"
    "report won|report won"
    "report activity|report activity"
    "report stale --limit 50|report stale --limit 50"
    "report stale (all)|report stale"
    "report lifecycle|report lifecycle"
    "report satisfaction|report satisfaction"
)

for size in "${SIZES[@]}"; do
    db="$WORK/scale-$size.db"
    # A contact in the middle of the file, by id and by e-mail.
    id=$(sqlite3 "$db" "SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id LIMIT 1 OFFSET $((CONTACTS[$size] / 2))")
    email=$(sqlite3 "$db" "SELECT email FROM contact_emails WHERE live = 1 AND contact_id = $id ORDER BY position LIMIT 1")
    args=()
    for row in "${COMMANDS[@]}"; do
        label=${row%%|*}
        cmd=${row#*|}
        cmd=${cmd//@ID/$id}
        cmd=${cmd//@EMAIL/$email}
        args+=(-n "$label" "$CRM --db $db $cmd")
    done
    echo "== $size: ${#COMMANDS[@]} commands"
    hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/cmd-$size.json" "${args[@]}" > /dev/null
done

# search against fzf at the largest size: the same name, e-mail and company lines.
LAST=${SIZES[-1]}
db="$WORK/scale-$LAST.db"
sqlite3 "$db" "SELECT c.name || ' ' || coalesce(e.email, '') || ' ' || coalesce(co.name, '')
    FROM contacts c
    LEFT JOIN contact_emails e ON e.contact_id = c.id AND e.position = 0
    LEFT JOIN companies co ON co.id = c.company_id
    WHERE c.deleted_at IS NULL" > "$WORK/lines-$LAST.txt"
hyperfine --warmup 3 --runs "$RUNS" --export-json "$WORK/fzf-$LAST.json" \
    -n "crm search" "$CRM --db $db search $QUERY" \
    -n "fzf --filter" "fzf --filter '$QUERY' < $WORK/lines-$LAST.txt" > /dev/null

# The app's first frame and filled pipeline, with criterion (no terminal needed).
spec=""
for size in "${SIZES[@]}"; do spec+="$size=$WORK/scale-$size.db;"; done
CRM_BENCH_SCALE="$spec" cargo bench --quiet --bench tui -- scale_ > "$WORK/tui.txt" 2>&1

python3 - "$WORK" "$README" "${SIZES[@]}" <<'PY'
import json, os, platform, subprocess, sys, datetime
work, readme, sizes = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
first, last = sizes[0], sizes[-1]
targets = {"search": 2.0, "agenda": 2.0, "contact list --limit 50": 2.0, "contact show": 2.0,
           "log-call": 2.0, "first frame": 2.0, "filled pipeline": 2.0}
rows = {}  # label -> {size: seconds}
for size in sizes:
    for r in json.load(open(f"{work}/cmd-{size}.json"))["results"]:
        rows.setdefault(r["command"], {})[size] = r["mean"]
for group, label in (("scale_first_frame", "TUI first frame"), ("scale_pipeline_frame", "TUI filled pipeline")):
    for size in sizes:
        p = f"target/criterion/{group}/{size}/new/estimates.json"
        if os.path.exists(p):
            rows.setdefault(label, {})[size] = json.load(open(p))["mean"]["point_estimate"] / 1e9
for size in sizes:
    p = f"{work}/demo-{size}.time"
    if os.path.exists(p):
        secs, kb = open(p).read().split()
        rows.setdefault("demo (build)", {})[size] = float(secs)
        rows.setdefault("demo peak memory (MiB)", {})[size] = int(kb) / 1024
def fmt(label, v):
    if v is None: return "–"
    if "MiB" in label: return f"{v:.0f}"
    return f"{v*1000:.1f} ms" if v < 1 else f"{v:.1f} s"
def target(label):
    if "full scan" in label: return None
    for k, t in targets.items():
        if label.startswith(k) or label.endswith(k): return t
    return None
lines = [f"| command | {' | '.join(sizes)} | {last} ÷ {first} | target |", "|---" * (len(sizes) + 3) + "|"]
for label, by in rows.items():
    a, b = by.get(first), by.get(last)
    ratio = b / a if a and b else None
    t = target(label)
    verdict = "" if t is None or ratio is None else (f"≤ {t}: {'meets' if ratio <= t else 'misses'}")
    cells = [fmt(label, by.get(s)) for s in sizes]
    lines.append(f"| `{label}` | {' | '.join(cells)} | {ratio:.2f}× | {verdict} |" if ratio else
                 f"| `{label}` | {' | '.join(cells)} | – | {verdict} |")
fz = {r["command"]: r["mean"] for r in json.load(open(f"{work}/fzf-{last}.json"))["results"]}
share = fz["crm search"] / fz["fzf --filter"]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
mem = next((int(l.split()[1]) // 1024 // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
head = (f"Measured {datetime.date.today()} on {os.cpu_count()} cores of {cpu}, {mem} GiB, "
        f"with `benches/scale.sh{' --1m' if last == '1M' else ''}` (hyperfine, mean of the runs; "
        f"the TUI rows with criterion). Search at {last}: crm {fz['crm search']*1000:.1f} ms, "
        f"`fzf --filter` over the same {last} lines {fz['fzf --filter']*1000:.1f} ms: "
        f"{share:.2f} × fzf (target ≤ 0.2: {'meets' if share <= 0.2 else 'misses'}).")
demo = rows.get("demo (build)", {})
if "1M" in demo and "100k" in demo:
    r = demo["1M"] / demo["100k"]
    head += f" The demo build at 1M took {r:.1f} × its 100k time (target ≤ 12: {'meets' if r <= 12 else 'misses'})."
table = head + "\n\n" + "\n".join(lines) + "\n"
print(table)
open(f"{work}/scale.md", "w").write(table)
if readme:
    text = open("README.md").read()
    a, b = "<!-- scale:start -->", "<!-- scale:end -->"
    if a in text and b in text:
        pre, rest = text.split(a, 1)
        _, post = rest.split(b, 1)
        open("README.md", "w").write(pre + a + "\n" + table + b + post)
        print("README.md updated")
    else:
        print("README.md has no scale markers; table left in", f"{work}/scale.md")
PY
echo "results kept in $WORK"
