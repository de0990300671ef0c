#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback, for running crm's tests against PostgreSQL.
#
#   source .ci/pg.sh          (or `. .ci/pg.sh start`) from a bash script: starts a server,
#                             exports CRM_TEST_PG and PGPASSFILE, and stops the server and
#                             removes its files when that script exits (an EXIT trap that
#                             keeps any EXIT trap set before it working; set yours first).
#   bash .ci/pg.sh shell      starts one and opens a shell with that environment; exiting
#                             the shell stops the server and removes its files.
#   bash .ci/pg.sh run CMD…   the same around one command; exits with the command's status.
#
# What it sets up:
# - Debian's `postgresql` is installed with apt-get when `initdb`/`pg_ctl` are not in PATH
#   or /usr/lib/postgresql/*/bin (as root only; otherwise it says so and fails).
# - A temporary directory (under $TMPDIR, else /tmp) holding the cluster, its socket
#   directory, its log and a password file. As root the cluster belongs to the `postgres`
#   user (initdb refuses root); otherwise to the current user.
# - The superuser is `postgres`, reachable only through the Unix socket, with trust: the
#   socket directory is mode 0700, so only the cluster's owner (and root) can connect.
#   TCP on 127.0.0.1 asks for a password (scram-sha-256) from everyone.
# - A role `crm_test` (LOGIN CREATEDB CREATEROLE, random password) owning a database
#   `crm_test`; a 0600 password file line `127.0.0.1:PORT:*:crm_test:PASSWORD`, so tests may
#   create and use databases and roles of their own.
# - fsync and full-page writes are off: a crashed or killed server keeps what it committed,
#   only a crash of the whole machine could lose it, which a throwaway server can afford.
#
# Exported: CRM_TEST_PG=postgresql://crm_test@127.0.0.1:PORT/crm_test?sslmode=disable,
# PGPASSFILE, and for tests that need the server itself: CRM_TEST_PG_PORT, CRM_TEST_PG_DATA
# (the data directory), CRM_TEST_PG_BIN (the directory of pg_ctl), CRM_TEST_PG_SOCKET (the
# socket directory), CRM_TEST_PG_OWNER (the OS user the server runs as) and CRM_TEST_PG_LOG
# (its log). Port, socket directory, listen address and the settings above are also in the
# data directory's postgresql.conf: `pg_ctl start -D "$CRM_TEST_PG_DATA" -l "$CRM_TEST_PG_LOG"`
# run as CRM_TEST_PG_OWNER (runuser -u postgres -- … as root) starts the same server again.
# CRM_PG_PORT chooses the port (it must be free); otherwise a free one is picked.

_crm_pg_say() { echo "pg.sh: $*" >&2; }

# The directory holding initdb, pg_ctl and postgres, or nothing.
_crm_pg_bindir() {
    local p d
    if p=$(command -v initdb 2>/dev/null) && command -v pg_ctl >/dev/null 2>&1; then
        d=$(dirname "$(readlink -f "$p")")
        if [[ -x $d/pg_ctl && -x $d/postgres ]]; then
            echo "$d"
            return 0
        fi
    fi
    while read -r d; do
        if [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]]; then
            echo "$d"
            return 0
        fi
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r) # the newest first
    return 1
}

_crm_pg_install() {
    if [[ $(id -u) != 0 ]]; then
        _crm_pg_say "PostgreSQL's initdb and pg_ctl are not installed, and only root can install them here."
        _crm_pg_say "Install the server (Debian: apt-get install postgresql) or put its bin directory on PATH."
        return 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        _crm_pg_say "PostgreSQL is not installed and there is no apt-get to install it; install the server by hand."
        return 1
    fi
    _crm_pg_say "installing Debian's postgresql (apt-get)…"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }; then
        _crm_pg_say "apt-get install postgresql failed."
        return 1
    fi
}

# Runs a command as the cluster's owner, from / (the caller's directory may be closed to it).
_crm_pg_as() {
    local owner=$1
    shift
    if [[ $owner == "$(id -un)" ]]; then
        (cd / && "$@")
    else
        (cd / && "$_CRM_PG_RUNUSER" -u "$owner" -- "$@")
    fi
}

_crm_pg_port_free() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        [[ -z $(ss -Hltn "sport = :$port" 2>/dev/null) ]]
    else
        ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

_crm_pg_pick_port() {
    local port _
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 12000)) # below Linux's ephemeral range (32768-60999)
        if _crm_pg_port_free "$port"; then
            echo "$port"
            return 0
        fi
    done
    _crm_pg_say "found no free TCP port on 127.0.0.1."
    return 1
}

# The temporary directory: one the cluster's owner can reach, with a short enough socket path.
_crm_pg_mkdir() {
    local owner=$1 base dir bases=("${TMPDIR:-/tmp}")
    [[ ${bases[0]} == /tmp ]] || bases+=(/tmp)
    for base in "${bases[@]}"; do
        [[ -d $base ]] || continue
        dir=$(mktemp -d "$base/crm-pg.XXXXXX" 2>/dev/null) || continue
        # 0711: the server's owner may pass through to its own directory; no one else lists this one.
        chmod 0711 "$dir"
        if [[ $dir == *[[:space:]]* || ${#dir} -gt 80 ]] \
            || ! _crm_pg_as "$owner" test -x "$dir"; then
            rm -rf "$dir"
            continue
        fi
        echo "$dir"
        return 0
    done
    _crm_pg_say "could not make a temporary directory that user $owner can reach (tried ${bases[*]})."
    return 1
}

# Stops the server in DIR (if it runs) and removes DIR.
_crm_pg_cleanup() {
    local dir=$1 bin=$2 owner=$3
    [[ -n $dir && -d $dir ]] || return 0
    if [[ -f $dir/server/data/postmaster.pid ]] \
        && _crm_pg_as "$owner" "$bin/pg_ctl" status -D "$dir/server/data" >/dev/null 2>&1; then
        _crm_pg_as "$owner" "$bin/pg_ctl" stop -D "$dir/server/data" -m fast -w -t 30 >/dev/null 2>&1 \
            || _crm_pg_as "$owner" "$bin/pg_ctl" stop -D "$dir/server/data" -m immediate -w -t 10 >/dev/null 2>&1 \
            || _crm_pg_say "could not stop the server in $dir/server/data"
    fi
    rm -rf "$dir"
}

# The EXIT trap: cleans up, then runs the trap that was there before, with the exit status
# in $? as it expects (and without a non-zero status stopping the trap under `set -e`).
_crm_pg_on_exit() {
    local rc=$?
    _crm_pg_cleanup "$1" "$2" "$3"
    if [[ -n ${4:-} ]]; then
        if [[ $rc -eq 0 ]]; then
            eval "$4"
        else
            (exit "$rc") || eval "$4"
        fi
    fi
}

# The EXIT trap's command text, or nothing.
# shellcheck disable=SC2120 # its $3 is trap -p's, set inside
_crm_pg_exit_trap() {
    local t
    t=$(trap -p EXIT)
    [[ -n $t ]] || return 0
    eval "set -- $t" # trap -- 'CODE' EXIT
    printf '%s' "$3"
}

# Stops the server started by the last crm_pg_start, now rather than at exit.
crm_pg_stop() {
    _crm_pg_cleanup "${_CRM_PG_DIR:-}" "${CRM_TEST_PG_BIN:-}" "${CRM_TEST_PG_OWNER:-}"
}

_crm_pg_fail() {
    local dir=$1 bin=$2 owner=$3
    shift 3
    _crm_pg_say "$*"
    if [[ -s $dir/server/log ]]; then
        _crm_pg_say "the server's log ($dir/server/log):"
        sed 's/^/    /' "$dir/server/log" >&2
    fi
    _crm_pg_cleanup "$dir" "$bin" "$owner"
    return 1
}

crm_pg_start() {
    local bin owner dir data sock port psql password tries out stmt
    if ! bin=$(_crm_pg_bindir); then
        _crm_pg_install || return 1
        bin=$(_crm_pg_bindir) || {
            _crm_pg_say "postgresql is installed but initdb/pg_ctl are still not found."
            return 1
        }
    fi
    if [[ $(id -u) == 0 ]]; then
        owner=postgres
        _CRM_PG_RUNUSER=$(PATH=$PATH:/usr/sbin:/sbin command -v runuser) || {
            _crm_pg_say "runuser (util-linux) is not installed; it is needed to run initdb as postgres."
            return 1
        }
        if ! id postgres >/dev/null 2>&1; then
            _crm_pg_install || return 1
            id postgres >/dev/null 2>&1 || {
                _crm_pg_say "there is no 'postgres' user to run the server as (initdb refuses root)."
                return 1
            }
        fi
    else
        owner=$(id -un)
    fi
    psql=$bin/psql
    [[ -x $psql ]] || psql=$(command -v psql) || {
        _crm_pg_say "psql is not installed (Debian: apt-get install postgresql-client)."
        return 1
    }

    dir=$(_crm_pg_mkdir "$owner") || return 1
    # Registered at once, so even a failure below leaves nothing behind.
    trap -- "_crm_pg_on_exit $(printf '%q ' "$dir" "$bin" "$owner" "$(_crm_pg_exit_trap)")" EXIT
    _CRM_PG_DIR=$dir
    data=$dir/server/data
    sock=$dir/server/sock
    if ! (umask 077 && mkdir -p "$data" "$sock" && touch "$dir/server/log") \
        || { [[ $owner != "$(id -un)" ]] && ! chown -R "$owner:" "$dir/server"; }; then
        _crm_pg_fail "$dir" "$bin" "$owner" "could not prepare $dir/server for user $owner."
        return 1
    fi

    if ! out=$(_crm_pg_as "$owner" "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 --no-instructions 2>&1); then
        _crm_pg_fail "$dir" "$bin" "$owner" "initdb failed:"$'\n'"$out"
        return 1
    fi
    # In the configuration file too, so a plain `pg_ctl start -D DATA` (a test that stops or
    # kills the server and starts it again) gets the same server back; the port follows below.
    if ! printf '%s\n' '# .ci/pg.sh' "listen_addresses = '127.0.0.1'" \
        "unix_socket_directories = '$sock'" 'fsync = off' 'full_page_writes = off' \
        >>"$data/postgresql.conf"; then
        _crm_pg_fail "$dir" "$bin" "$owner" "could not write $data/postgresql.conf."
        return 1
    fi

    for tries in 1 2 3 4 5; do
        if [[ -n ${CRM_PG_PORT:-} ]]; then
            port=$CRM_PG_PORT
            _crm_pg_port_free "$port" || {
                _crm_pg_fail "$dir" "$bin" "$owner" "port $port (CRM_PG_PORT) is in use."
                return 1
            }
        else
            port=$(_crm_pg_pick_port) || {
                _crm_pg_fail "$dir" "$bin" "$owner" "no port."
                return 1
            }
        fi
        if _crm_pg_as "$owner" "$bin/pg_ctl" start -D "$data" -l "$dir/server/log" -w -t 60 \
            -o "-p $port -k $sock -c listen_addresses=127.0.0.1" >/dev/null 2>&1; then
            echo "port = $port" >>"$data/postgresql.conf"
            break
        fi
        # Another process took the port between the check and the start: try another.
        if [[ -z ${CRM_PG_PORT:-} && $tries -lt 5 ]] && grep -q 'could not bind\|Address already in use' "$dir/server/log"; then
            _crm_pg_say "port $port was taken meanwhile; trying another."
            : >"$dir/server/log"
            continue
        fi
        _crm_pg_fail "$dir" "$bin" "$owner" "the server did not start (pg_ctl start on port $port)."
        return 1
    done

    password=$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')
    for stmt in \
        "CREATE ROLE crm_test LOGIN CREATEDB CREATEROLE PASSWORD '$password'" \
        "CREATE DATABASE crm_test OWNER crm_test" \
        "GRANT pg_signal_backend, pg_read_all_stats TO crm_test"; do
        if ! out=$("$psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U postgres -d postgres \
            -c "$stmt" 2>&1); then
            _crm_pg_fail "$dir" "$bin" "$owner" "setting up role and database crm_test failed: ${out//$password/…}"
            return 1
        fi
    done
    if ! (umask 077 && printf '127.0.0.1:%s:*:crm_test:%s\n' "$port" "$password" >"$dir/pgpass") \
        || ! chmod 0600 "$dir/pgpass"; then
        _crm_pg_fail "$dir" "$bin" "$owner" "could not write the password file $dir/pgpass."
        return 1
    fi

    export CRM_TEST_PG="postgresql://crm_test@127.0.0.1:$port/crm_test?sslmode=disable"
    export PGPASSFILE=$dir/pgpass
    export CRM_TEST_PG_PORT=$port CRM_TEST_PG_DATA=$data CRM_TEST_PG_BIN=$bin
    export CRM_TEST_PG_SOCKET=$sock CRM_TEST_PG_OWNER=$owner CRM_TEST_PG_LOG=$dir/server/log
    _crm_pg_say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $data)"
    _crm_pg_say "CRM_TEST_PG=$CRM_TEST_PG PGPASSFILE=$PGPASSFILE"
}

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
    # Sourced: start, whatever the arguments (a plain `source` passes on the caller's own).
    crm_pg_start || return 1
else
    set -uo pipefail
    case "${1:-}" in
    shell)
        crm_pg_start || exit 1
        _crm_pg_say "a shell with CRM_TEST_PG set; run 'cargo test' here, and exit to stop the server."
        "${SHELL:-/bin/bash}" -i
        exit $?
        ;;
    run)
        shift
        if [[ $# -eq 0 ]]; then
            _crm_pg_say "usage: bash .ci/pg.sh run COMMAND [ARG…]"
            exit 2
        fi
        crm_pg_start || exit 1
        "$@"
        exit $?
        ;;
    start)
        _crm_pg_say "'start' only makes sense sourced: . .ci/pg.sh start (or use 'shell' or 'run')."
        exit 2
        ;;
    *)
        echo "usage: bash .ci/pg.sh shell | bash .ci/pg.sh run COMMAND… | source .ci/pg.sh" >&2
        exit 2
        ;;
    esac
fi
