#!/usr/bin/env bash
# Importing a 1,000,000-row contacts CSV (name, e-mail, phone, company, title, tags, notes)
# into an empty database, side by side with sqlite3's own `.import --csv` followed by an
# INSERT … SELECT into an equivalent table with a unique e-mail index. Prints wall time and
# peak memory of each. Needs sqlite3 and python3. ROWS changes the size.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { echo "missing sqlite3: apt-get install -y sqlite3" >&2; exit 1; }
# Builds share a lock with other cargo runs on the machine, when there is one.
if command -v flock >/dev/null; then flock /tmp/crm-cargo.lock cargo build --release --quiet; else cargo build --release --quiet; fi
CRM="$PWD/target/release/crm"
WORK="${BENCH_DIR:-$(mktemp -d)}"
ROWS="${ROWS:-1000000}"
CSV="$WORK/contacts-$ROWS.csv"
mkdir -p "$WORK"

if [ ! -s "$CSV" ]; then
    python3 - "$CSV" "$ROWS" <<'PY'
import random, sys
random.seed(7)
first = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Ken", "Dennis", "Margaret", "Radia",
         "Søren", "Zoë", "José", "Łukasz", "Mei", "Hiro", "Amara", "Chidi", "Ines", "Olga"]
last = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Thompson", "Ritchie", "Hamilton",
        "Perlman", "Kierkegaard", "Ångström", "García", "Nowak", "Chen", "Tanaka", "Okafor", "Eze", "Silva", "Ivanova"]
with open(sys.argv[1], "w") as f:
    f.write("Name,Email,Phone,Company,Title,Tags,Notes\n")
    for i in range(int(sys.argv[2])):
        fn, ln = random.choice(first), random.choice(last)
        f.write(f'{fn} {ln},person.{i}@example.com,+1 555 {i % 10000:04d},Company {i % 5000},Engineer,"vip;newsletter",met at conference {i}\n')
PY
fi
echo "== $(($(wc -l < "$CSV") - 1)) rows, $(du -h "$CSV" | cut -f1)"

rm -f "$WORK"/base.db* "$WORK"/crm.db*
cat > "$WORK/base.sql" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, phone TEXT, company TEXT, title TEXT, tags TEXT, notes TEXT);
CREATE UNIQUE INDEX people_email ON people(email);
.import --csv $CSV t
INSERT INTO people (name, email, phone, company, title, tags, notes) SELECT Name, lower(Email), Phone, Company, Title, Tags, Notes FROM t;
SQL
/usr/bin/time -f "sqlite3 .import + INSERT SELECT: %e s, peak %M KB" sqlite3 "$WORK/base.db" < "$WORK/base.sql" > /dev/null
/usr/bin/time -f "crm import contacts: %e s, peak %M KB" "$CRM" --db "$WORK/crm.db" import contacts "$CSV" -q
echo "results kept in $WORK"
