# shellcheck shell=bash
# The application's commands: build the jars when a source is newer, run the server and its tools
# (run, gen-tokens, dlq, reconcile, bench), and the tests (`./seckill test`).

APP_JAR="$ROOT/seckill-app/target/seckill-app.jar"
BENCH_JAR="$ROOT/seckill-bench/target/seckill-bench.jar"

# True when the jar is missing or older than any pom.xml or any file under a module's src/.
# jar_needs_build JAR: whether JAR is missing or older than a source or pom of the repository
jar_needs_build() {
    [[ -f "$1" ]] || return 0
    [[ -n "$(find "$ROOT" \
        \( -path "$ROOT/.git" -o -path "$STATE" -o -path "$ROOT/services" -o -name target -o -name node_modules \) -prune \
        -o \( -name pom.xml -o -path '*/src/*' \) -type f -newer "$1" -print -quit)" ]]
}

# build_if_needed MODULE JAR: package MODULE (and what it depends on) when JAR is stale
build_if_needed() {
    local module=$1 jar=$2
    jar_needs_build "$jar" || return 0
    # the formatting is the tests' to check (./seckill test): a run or a bench of unformatted code still builds
    log "building $module (mvn -q -B -DskipTests -Dspotless.check.skip -pl $module -am package)"
    (cd "$ROOT" && mvn -q -B -DskipTests -Dspotless.check.skip=true -pl "$module" -am package)
    [[ -f "$jar" ]] || die "the build finished but $jar is missing"
}

# run_app SUBCOMMAND ARGS...: services up where the subcommand needs them, build the jar
# if it is stale, then replace this shell with `java -jar seckill-app.jar SUBCOMMAND ARGS`
# (the bench: `java -jar seckill-bench.jar ARGS`, its own jar, which starts servers from the app's).
run_app() {
    local sub=$1
    shift
    case "$sub" in
        run | bench) services_up ;;
        gen-tokens | dlq | reconcile) ;;
    esac
    export SECKILL_HOME="$ROOT"
    if [[ "$sub" == bench ]]; then
        # the bench builds both jars (it depends on the app), and runs from the root (bench-out/, the drills' ./seckill)
        build_if_needed seckill-bench "$BENCH_JAR"
        build_if_needed seckill-app "$APP_JAR"
        cd "$ROOT" || die "cannot enter $ROOT"
        # shellcheck disable=SC2086 # SECKILL_JAVA_OPTS is a list of JVM options
        exec "$(java_bin)" ${SECKILL_JAVA_OPTS:-} -jar "$BENCH_JAR" "$@"
    fi
    # file arguments are the caller's; the commands find configs/app.yaml through SECKILL_HOME when the caller's
    # directory has none
    build_if_needed seckill-app "$APP_JAR"
    # shellcheck disable=SC2086 # SECKILL_JAVA_OPTS is a list of JVM options
    exec "$(java_bin)" ${SECKILL_JAVA_OPTS:-} -jar "$APP_JAR" "$sub" "$@"
}

# shell_scripts: the repository's shell scripts (a bash or sh shebang, or a shellcheck shell= line
# for the files ./seckill sources), one per line, relative to ROOT.
shell_scripts() {
    local f
    (cd "$ROOT" && find . \( -name .git -o -name .services -o -name target -o -name node_modules \) -prune \
        -o -type f -print) | sed 's|^\./||' | sort | while read -r f; do
        head -n 1 "$ROOT/$f" 2>/dev/null | grep -qE '^#!(/usr/bin/env |/bin/)(ba)?sh|^# shellcheck shell=' && echo "$f"
    done
}

# check_scripts: shellcheck (Debian's package) on every shell script; any finding fails the tests.
check_scripts() {
    need_cmd shellcheck shellcheck
    local scripts=()
    mapfile -t scripts < <(shell_scripts)
    ((${#scripts[@]} > 0)) || die "found no shell script under $ROOT"
    log "test: shellcheck on ${#scripts[@]} scripts"
    (cd "$ROOT" && shellcheck -x "${scripts[@]}") \
        || die "shellcheck found the problems above: fix them, or disable one check on its line with the reason"
}

run_tests() {
    # the outage tests stop and start the shared services: two runs on one machine take turns
    local lock="${TMPDIR:-/tmp}/seckill-test-$KAFKA_PORT.lock"
    exec 9>"$lock"
    if ! flock -n 9; then
        log "another ./seckill test is using the services on this machine; waiting for it ($lock)"
        flock -w 3600 9 || die "still waiting for the other test run after an hour; stop it or remove $lock"
    fi
    check_scripts 9>&-
    need_cmd promtool prometheus   # Debian's prometheus package brings it; its service is not started
    log "test: the alert and recording rules (promtool test rules)"
    "$ROOT/ops/prometheus/test-rules" 9>&-
    services_up --redis-cluster --ha 9>&-
    cd "$ROOT" || die "cannot enter $ROOT"
    mvn -B verify "$@" 9>&-
}

