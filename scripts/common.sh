# shellcheck shell=bash
# What every part of ./seckill shares: messages, the services' addresses and accounts (one name per
# service, read alike by this script, the app and the tests), processes of ours (pid files), waiting
# for a service to answer, and Debian packages. Sourced by ./seckill after it sets ROOT.

STATE=${SECKILL_SERVICES_DIR:-$ROOT/.services}

log()  { printf '[seckill] %s\n' "$*" >&2; }
die()  { printf '[seckill] ERROR: %s\n' "$*" >&2; exit 1; }
usage_error() { printf '[seckill] %s (see ./seckill help)\n' "$*" >&2; exit 2; }

# local_port NAME VALUE DEFAULT_PORT: the port of a service address (redis://h:p/0, jdbc:mysql://h:p/db,
# h:p) that must be on this machine, since the script starts it there.
local_port() {
    local name=$1 value=$2 hostport host port
    hostport=${value#*://}; hostport=${hostport%%[/?,]*}; hostport=${hostport##*@}
    host=${hostport%:*}; port=${hostport##*:}
    [[ $hostport == *:* ]] || port=$3
    [[ $host == 127.0.0.1 || $host == localhost ]] \
        || usage_error "$name=$value: the local services listen on 127.0.0.1 only; give 127.0.0.1:<port>"
    if ! [[ $port =~ ^[0-9]{1,5}$ ]] || ((port < 1 || port > 65535)); then
        usage_error "$name=$value: '$port' is not a port"
    fi
    printf '%s' "$port"
}

# One name per service for this script, the app and the tests: the app's own address variables.
retired() {  # retired OLD NEW EXAMPLE: a name only this script read, refused with the one to use
    [[ -z "${!1:-}" ]] || usage_error "$1 is retired: set $2 (read by this script, the app and the tests alike), e.g. $2=$3"
}
retired SECKILL_REDIS_PORT SECKILL_REDIS_URI "redis://127.0.0.1:${SECKILL_REDIS_PORT:-}/0"
retired SECKILL_DB_PORT SECKILL_MYSQL_URL "jdbc:mysql://127.0.0.1:${SECKILL_DB_PORT:-}/seckill"
retired SECKILL_KAFKA_PORT SECKILL_KAFKA_BOOTSTRAP_SERVERS "127.0.0.1:${SECKILL_KAFKA_PORT:-}"
# The java that runs the broker, its tools and our jars: JAVA_HOME's, else the one on the PATH.
java_bin() { printf '%s' "${JAVA_HOME:+$JAVA_HOME/bin/}java"; }

# Prints the last lines of each given log file that exists (used on failures).
show_logs() {
    local f
    for f in "$@"; do
        [[ -s "$f" ]] || continue
        printf -- '----- last 20 lines of %s -----\n' "$f" >&2
        tail -n 20 "$f" >&2
        printf -- '-----\n' >&2
    done
}

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# ours PIDFILE WORD: true when PIDFILE names a live process whose command line contains
# WORD, i.e. a process that this script started and that is still running.
ours() {
    local pidfile=$1 word=$2 pid
    [[ -s "$pidfile" ]] || return 1
    pid=$(<"$pidfile")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$word"
}

# stop_pidfile LABEL PIDFILE WORD SECONDS: SIGTERM our process, wait until it is gone,
# SIGKILL it after SECONDS. Does nothing (but say so) when it is not running.
stop_pidfile() {
    local label=$1 pidfile=$2 word=$3 secs=$4 pid i
    if ! ours "$pidfile" "$word"; then
        log "$label: not running (nothing of ours to stop)"
        rm -f "$pidfile"
        return 0
    fi
    pid=$(<"$pidfile")
    log "$label: stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < secs * 5; i++)); do
        [[ -d "/proc/$pid" ]] || break
        # a zombie (our own child, not reaped yet) counts as gone
        [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" == Z ]] && break
        sleep 0.2
    done
    if [[ -d "/proc/$pid" && "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]]; then
        log "$label: pid $pid still running after ${secs}s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        while [[ -d "/proc/$pid" && "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]]; do sleep 0.1; done
    fi
    rm -f "$pidfile"
}

# wait_for LABEL PORT SECONDS PIDFILE WORD CHECK [ARGS...] -- LOGS...
# Repeats CHECK ARGS until it succeeds. Fails with the service name, port and logs when the
# deadline passes or when our process (PIDFILE/WORD, if given) dies while starting.
wait_for() {
    local label=$1 port=$2 secs=$3 pidfile=$4 word=$5
    shift 5
    local check=() logs=()
    while [[ $# -gt 0 && "$1" != -- ]]; do check+=("$1"); shift; done
    [[ $# -gt 0 ]] && shift
    logs=("$@")
    local deadline=$((SECONDS + secs))
    until "${check[@]}"; do
        if [[ -n "$pidfile" ]] && [[ -e "$pidfile" ]] && ! ours "$pidfile" "$word"; then
            show_logs "${logs[@]}"
            die "$label (127.0.0.1:$port) exited while starting; read ${logs[*]}"
        fi
        if ((SECONDS >= deadline)); then
            show_logs "${logs[@]}"
            die "$label did not answer on 127.0.0.1:$port within ${secs}s; read ${logs[*]}"
        fi
        sleep 0.5
    done
}



APT_UPDATED=0

# apt_install PKG...: installs Debian packages without letting their maintainer scripts
# start the system services (there is no init system here, and we run our own processes).
apt_install() {
    command -v apt-get >/dev/null || die "apt-get not found; install $* by hand"
    [[ $(id -u) -eq 0 ]] || die "need root to install $* (or install them by hand)"
    local policy=/usr/sbin/policy-rc.d made_policy=0
    if [[ ! -e "$policy" ]]; then
        # Exit code 101 = "action forbidden": invoke-rc.d then skips starting the service.
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        made_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    mkdir -p "$STATE"
    if ((APT_UPDATED == 0)); then
        log "apt-get update"
        apt-get update -q >>"$STATE/apt.log" 2>&1 \
            || { show_logs "$STATE/apt.log"; die "apt-get update failed; read $STATE/apt.log"; }
        APT_UPDATED=1
    fi
    log "apt-get install $* (output in $STATE/apt.log)"
    mkdir -p "$STATE"
    local rc=0
    apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "$@" >>"$STATE/apt.log" 2>&1 || rc=$?
    ((made_policy)) && rm -f "$policy"
    ((rc == 0)) || { show_logs "$STATE/apt.log"; die "apt-get install $* failed (exit $rc); read $STATE/apt.log"; }
}

have() { command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" ]]; }

# need_cmd COMMAND PACKAGE: installs PACKAGE when COMMAND is not on the PATH.
need_cmd() {
    if ! have "$1"; then apt_install "$2"; fi
    have "$1" || die "$2 is installed but $1 is still missing"
}

# preinstall WITH_CLUSTER: installs in a single apt-get run every package that this
