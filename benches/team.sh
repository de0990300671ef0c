#!/usr/bin/env bash
# Team mode: crm on PostgreSQL, whole commands side by side in one run, on demo data copied
# into a local server with `crm db copy`:
#   crm log-call REF TEXT     vs  psql -c "INSERT INTO interactions …" of the same row
#   crm search QUERY          vs  fzf --filter QUERY over the same contact lines
#   crm report KIND           vs  its numbers by hand-written SQL in psql (each kind)
#   the app's first frame     on PostgreSQL vs on the SQLite file it was copied from
# Targets (issue 16): log-call ≤ 1.5 × psql, search ≤ fzf, each report ≤ 1.5 × psql,
# first frame ≤ 1.5 × SQLite.
#
# Needs hyperfine, psql, sqlite3, fzf and python3 (apt-get install -y hyperfine
# postgresql-client sqlite3 fzf), and PostgreSQL's server unless BENCH_PG is given.
#   SIZE       20k (default: 20,000 contacts, 4,000 deals, 100,000 interactions),
#              100k (100,000 / 20,000 / 1,000,000, the issue's size) or 1m (ten times that)
#   BENCH_PG   a postgresql:// URL of a database to use (filled by `db copy` when it has no
#              contacts yet); otherwise a throwaway server is started with .ci/pg.sh
#              (CRM_PG_PORT chooses its port) and removed at the end
#   BENCH_DIR  keeps the SQLite demo database between runs; CRM the binary to time
#              (default target/release/crm, built when missing); RUNS (20); QUERY (maria silva)
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine psql sqlite3 fzf python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hyperfine postgresql-client sqlite3 fzf" >&2; exit 1; }
done

CRM="${CRM:-$PWD/target/release/crm}"
[ -x "$CRM" ] || cargo build --release --quiet
WORK="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$WORK"
SIZE="${SIZE:-20k}"
RUNS="${RUNS:-20}"
QUERY="${QUERY:-maria silva}"
case "$SIZE" in
20k) SPEC=(20000 4000 100000) ;;
100k) SPEC=(100000 20000 1000000) ;;
1m) SPEC=(1000000 200000 10000000) ;;
*) echo "SIZE is 20k, 100k or 1m" >&2; exit 2 ;;
esac
DB="$WORK/team-$SIZE.db"
if [ ! -s "$DB" ]; then
    echo "== generating the $SIZE demo database (${SPEC[0]} contacts, ${SPEC[1]} deals, ${SPEC[2]} interactions)"
    "$CRM" --db "$DB" demo --contacts "${SPEC[0]}" --deals "${SPEC[1]}" --interactions "${SPEC[2]}" -q
fi
"$CRM" --db "$DB" report pipeline -q >/dev/null # opening applies any pending migration

# The server: the one given, or a throwaway one (stopped and removed when this script exits).
if [ -n "${BENCH_PG:-}" ]; then
    PG="$BENCH_PG"
else
    # shellcheck source=../.ci/pg.sh
    source .ci/pg.sh start
    # crm's first migration creates an aggregate over `internal` state (compat.sql's
    # group_concat), which only a superuser may do: the role that copies in is one here.
    psql -X -q -h "$CRM_TEST_PG_SOCKET" -p "$CRM_TEST_PG_PORT" -U postgres -d postgres -c "ALTER ROLE crm_test SUPERUSER"
    psql -X -q "$CRM_TEST_PG" -c "CREATE DATABASE crm_bench"
    PG="${CRM_TEST_PG%%/crm_test\?*}/crm_bench?sslmode=disable"
fi
PSQL=(psql -X -q -A -t -v ON_ERROR_STOP=1 "$PG")
if [ "$("${PSQL[@]}" -c "SELECT to_regclass('contacts') IS NOT NULL")" != t ] \
    || [ "$("${PSQL[@]}" -c "SELECT EXISTS (SELECT 1 FROM contacts)")" != t ]; then
    echo "== copying it into PostgreSQL"
    /usr/bin/time -f "db copy: %es, peak %MKB" "$CRM" --db "$DB" db copy --to "$PG"
fi
"${PSQL[@]}" -c "VACUUM ANALYZE" # fresh statistics, as a server that has run a while has
echo "== PostgreSQL $("${PSQL[@]}" -c "SHOW server_version"), $("${PSQL[@]}" -c "SELECT count(*) FROM contacts") contacts," \
    "$("${PSQL[@]}" -c "SELECT count(*) FROM deals") deals, $("${PSQL[@]}" -c "SELECT count(*) FROM interactions") interactions"
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

# Both sides of each pair are one process (-N, no shell), except fzf, which reads a redirect.
# log-call: a contact found by e-mail, against a raw INSERT of an equivalent row.
EMAIL=$("${PSQL[@]}" -c "SELECT email FROM contact_emails WHERE live = 1 ORDER BY contact_id LIMIT 1 OFFSET $((SPEC[0] / 4))")
CID=$("${PSQL[@]}" -c "SELECT contact_id FROM contact_emails WHERE email = '$EMAIL'")
NOW="extract(epoch FROM now())::bigint"
INSERT="INSERT INTO interactions (contact_id, kind, direction, occurred_at, summary, created_at) VALUES ($CID, 'call', 'out', $NOW, 'benchmark call', $NOW)"
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/team-$SIZE-log.json" \
    -n "crm log-call" "$CRM --db $PG log-call $EMAIL benchmark-call" \
    -n "psql INSERT" "psql -X -q $PG -c \"$INSERT\"" \
    -n "psql SELECT 1" "psql -X -q -A -t $PG -c \"SELECT 1\""

# search: the contact lines fzf reads (name, first e-mail, company), from the same server.
"${PSQL[@]}" -c "SELECT c.name || ' ' || coalesce(e.email, '') || ' ' || coalesce(co.name, '')
    FROM contacts c
    LEFT JOIN contact_emails e ON e.contact_id = c.id AND e.position = 0
    LEFT JOIN companies co ON co.id = c.company_id
    WHERE c.deleted_at IS NULL" >"$WORK/team-$SIZE-contacts.txt"
if HITS=$("$CRM" --db "$PG" search $QUERY --limit 100000 --json 2>"$WORK/team-$SIZE-search.err" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null); then
    echo "== search '$QUERY': crm finds $HITS, fzf $(fzf --filter "$QUERY" <"$WORK/team-$SIZE-contacts.txt" | wc -l) of $(wc -l <"$WORK/team-$SIZE-contacts.txt") lines"
    hyperfine --warmup 3 --runs "$RUNS" --export-json "$WORK/team-$SIZE-search.json" \
        -n "crm search" "$CRM --db '$PG' search $QUERY" \
        -n "fzf --filter" "fzf --filter '$QUERY' < $WORK/team-$SIZE-contacts.txt"
else
    echo "== crm search fails on PostgreSQL here: $(head -c 300 "$WORK/team-$SIZE-search.err")"
    rm -f "$WORK/team-$SIZE-search.json"
fi

# Each report against the same numbers by hand-written SQL, both with their default period.
DAY=86400
NOWS=$(date +%s)
TODAY=$(date +%Y-%m-%d)
# activity: the last 12 weeks from local midnight, as crm counts them.
SINCE=$(date -d "$TODAY -84 days" +%s)
STALE=$((NOWS - 30 * DAY))
declare -A SQL=(
    [pipeline]="SELECT s.name, d.currency, count(*), sum(d.value_minor), sum(d.value_minor * coalesce(d.probability, s.probability)) / 100 FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.status = 'open' GROUP BY s.position, s.name, d.currency ORDER BY s.position"
    [forecast]="SELECT substr(d.expected_close, 1, 7) AS m, d.currency, count(*), sum(d.value_minor), sum(d.value_minor * coalesce(d.probability, s.probability)) / 100 FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.status = 'open' AND (d.expected_close IS NULL OR d.expected_close >= '$TODAY') GROUP BY m, d.currency ORDER BY m NULLS LAST, d.currency; SELECT d.id, d.title, d.value_minor, d.currency, d.expected_close, c.name FROM deals d LEFT JOIN contacts c ON c.id = d.contact_id WHERE d.status = 'open' AND d.expected_close < '$TODAY' ORDER BY d.expected_close"
    [funnel]="SELECT to_stage_id, count(DISTINCT deal_id) FROM (SELECT deal_id, to_stage_id FROM stage_history WHERE to_stage_id IS NOT NULL UNION SELECT id, stage_id FROM deals) x GROUP BY to_stage_id; SELECT status, currency, count(*), avg(value_minor), avg(closed_at - created_at) / 86400.0 FROM deals GROUP BY status, currency"
    [won]="SELECT to_char(to_timestamp(closed_at), 'YYYY-MM') AS m, currency, count(*), sum(value_minor) FROM deals WHERE status = 'won' GROUP BY m, currency ORDER BY m, currency; SELECT currency, count(*), sum(value_minor) FROM deals WHERE status = 'won' GROUP BY currency; SELECT currency, count(*) FROM deals WHERE status = 'open' GROUP BY currency"
    [activity]="SELECT to_char(to_timestamp(occurred_at), 'IYYY-IW') AS week, kind, count(*) FROM interactions WHERE occurred_at >= $SINCE GROUP BY week, kind ORDER BY week, kind; SELECT i.contact_id, c.name, count(*) AS n FROM interactions i JOIN contacts c ON c.id = i.contact_id WHERE i.occurred_at >= $SINCE AND c.deleted_at IS NULL GROUP BY i.contact_id, c.name ORDER BY n DESC, i.contact_id LIMIT 10"
    [stale]="SELECT id, name, last_contact_at, ($NOWS - last_contact_at) / $DAY FROM contacts WHERE deleted_at IS NULL AND lifecycle <> 'churned' AND (last_contact_at IS NULL OR last_contact_at < $STALE) ORDER BY last_contact_at NULLS FIRST, id"
    [lifecycle]="SELECT lifecycle, count(*) FROM contacts WHERE deleted_at IS NULL GROUP BY lifecycle"
    [satisfaction]="SELECT count(*), avg(score), 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*) FROM interactions WHERE kind = 'feedback' AND score IS NOT NULL"
    # The default case targets (first response, resolution) by priority, in seconds.
    [service]="WITH t(priority, fr, res) AS (VALUES ('low', 3 * $DAY, 30 * $DAY), ('normal', $DAY, 7 * $DAY), ('high', 4 * 3600, 3 * $DAY), ('urgent', 3600, $DAY)),
        k AS (SELECT c.*, t.fr, t.res, (coalesce(c.first_response_at, $NOWS) - c.opened_at > t.fr OR coalesce(c.solved_at, $NOWS) - c.opened_at > t.res) AS late FROM cases c JOIN t ON t.priority = c.priority JOIN contacts p ON p.id = c.contact_id)
        SELECT count(*), count(*) FILTER (WHERE solved_at IS NOT NULL), count(*) FILTER (WHERE late AND status IN ('open', 'pending')), count(*) FILTER (WHERE late AND solved_at IS NOT NULL),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY (first_response_at - opened_at) / 3600.0) FILTER (WHERE first_response_at IS NOT NULL),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY (solved_at - opened_at) / 3600.0) FILTER (WHERE solved_at IS NOT NULL) FROM k;
        SELECT priority, count(*) FROM cases WHERE status IN ('open', 'pending') GROUP BY priority;
        SELECT avg(score), count(*) FROM interactions WHERE case_id IS NOT NULL AND kind = 'feedback' AND score IS NOT NULL"
)
REPORTS=(pipeline forecast funnel won activity stale lifecycle satisfaction service)
for kind in "${REPORTS[@]}"; do
    if ! "$CRM" --db "$PG" report "$kind" --format json >/dev/null 2>"$WORK/team-$SIZE-report.err"; then
        echo "== crm report $kind fails on PostgreSQL here: $(head -c 300 "$WORK/team-$SIZE-report.err")"
        rm -f "$WORK/team-$SIZE-report-$kind.json"
        continue
    fi
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$WORK/team-$SIZE-report-$kind.json" \
        -n "crm report $kind" "$CRM --db $PG report $kind --format json" \
        -n "psql $kind" "psql -X -q -A -t $PG -c \"${SQL[$kind]//$'\n'/ }\"" >/dev/null
done

# The app's first frame, whole process: crm under a pseudo-terminal (160×48), from exec to
# the end of its first draw (painted before any query), and to the end of the second (the
# pipeline filled in), then `q`. On the SQLite file and on
# the server it was copied into, alternating, RUNS times each. hyperfine cannot stop at the
# first frame, so a few lines of python time it.
python3 - "$CRM" "$DB" "$PG" "$RUNS" "$WORK/team-$SIZE-tui.json" <<'PY'
import fcntl, json, os, pty, select, signal, statistics, struct, sys, termios, time
crm, db, pg, runs, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

END = b"\x1b[0m\x1b[?25l"  # how each of ratatui's draws ends: reset, cursor hidden


def frames(target):
    """Seconds from exec to the end of the first draw (painted before any query) and of the
    second (the pipeline filled in with its data)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(crm, [crm, "--db", target, "tui"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
    t0 = time.perf_counter()
    buf, took = b"", []
    while len(took) < 2:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        buf += chunk
        start = buf.find(b"\x1b[?1049h")  # the alternate screen: the app has begun
        if start >= 0 and buf.count(END, start) > len(took):
            took.append(time.perf_counter() - t0)
            if buf.count(END, start) > len(took):
                took.append(took[-1])
    try:
        os.write(fd, b"q")
        deadline = time.time() + 5
        while time.time() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            try:
                if select.select([fd], [], [], 0.05)[0]:
                    os.read(fd, 65536)
            except OSError:
                pass
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    finally:
        os.close(fd)
    if len(took) < 2:
        raise SystemExit(f"no filled frame from crm --db {target} tui; it wrote: {buf[-300:]!r}")
    return took


times = {(w, b): [] for w in ("first frame", "filled pipeline") for b in ("sqlite", "postgresql")}
for _ in range(3):  # warm-up
    frames(db), frames(pg)
for _ in range(runs):
    for backend, target in (("sqlite", db), ("postgresql", pg)):
        first, filled = frames(target)
        times[("first frame", backend)].append(first)
        times[("filled pipeline", backend)].append(filled)
res = [{"command": f"TUI {w} ({b})", "mean": statistics.mean(v), "stddev": statistics.stdev(v),
        "min": min(v), "max": max(v), "times": v} for (w, b), v in times.items()]
json.dump({"results": res}, open(out, "w"))
for r in res:
    print(f"{r['command']}: {r['mean']*1000:.1f} ms ± {r['stddev']*1000:.1f} (fastest {r['min']*1000:.1f})")
PY

# The table for the README.
python3 - "$WORK" "$SIZE" "$QUERY" "${REPORTS[@]}" <<'PY'
import json, os, sys
w, size, query, reports = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def ms(s):
    return f"{s * 1000:,.1f} ms" if s < 1 else f"{s:,.2f} s"
def pair(name, path, target, label_a=None, label_b=None):
    if not os.path.exists(path):
        return f"| {label_a or name} | fails on PostgreSQL | | | | ≤ {target}: not measured |"
    a, b = json.load(open(path))["results"][:2]
    r = a["mean"] / b["mean"]
    verdict = "meets" if r <= target else "misses"
    return (f"| {label_a or a['command']} | {ms(a['mean'])} ± {ms(a['stddev'])} | {label_b or b['command']} | "
            f"{ms(b['mean'])} ± {ms(b['stddev'])} | {r:.2f} | ≤ {target}: {verdict} |")
print(f"| on PostgreSQL ({size}) | mean ± σ | compared with | mean ± σ | ratio | target |")
print("|---|---|---|---|---|---|")
print(pair("log-call", f"{w}/team-{size}-log.json", 1.5, "`crm log-call EMAIL …`", '`psql -c "INSERT INTO interactions …"`'))
print(pair("search", f"{w}/team-{size}-search.json", 1.0, f"`crm search {query}`", f"`fzf --filter '{query}'`"))
for k in reports:
    print(pair(f"`crm report {k}`", f"{w}/team-{size}-report-{k}.json", 1.5, f"`crm report {k}`", "its SQL in `psql`"))
t = json.load(open(f"{w}/team-{size}-tui.json"))["results"]
for (sq, pg), label, target in (((t[0], t[1]), "the app's first frame (`crm tui`, exec to paint)", 1.5),
                                ((t[2], t[3]), "the app's filled pipeline (exec to the second paint)", None)):
    r = pg["mean"] / sq["mean"]
    verdict = f"≤ {target}: {'meets' if r <= target else 'misses'}" if target else ""
    print(f"| {label} | {ms(pg['mean'])} ± {ms(pg['stddev'])} | the same on the SQLite file | "
          f"{ms(sq['mean'])} ± {ms(sq['stddev'])} | {r:.2f} | {verdict} |")
floor = json.load(open(f"{w}/team-{size}-log.json"))["results"][2]
print(f"\n`psql -c 'SELECT 1'`, the floor under every psql row: {ms(floor['mean'])} ± {ms(floor['stddev'])}")
PY
echo "results kept in $WORK"
