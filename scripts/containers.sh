# shellcheck shell=bash
# Container commands of ./seckill, sourced by it: `image` (the app image) and `stack` (compose.yaml).
# Uses the script's log/die/usage_error, apt_install, have, build_if_needed, kafka_libs and paths.
#
# Podman or Docker, whichever can run containers here. Where no image registry answers (this kind
# of sandbox reaches only Debian's and Maven's), the images the stack needs are built locally from
# a Debian base made with debootstrap: seckill-debian, -jre, -redis, -mariadb, -kafka, -prometheus.

OPS="$ROOT/ops"
APP_IMAGE=${SECKILL_IMAGE:-localhost/seckill:latest}
OFFICIAL_JRE=docker.io/library/eclipse-temurin:17-jre
LOCAL_TAG=bookworm
IMAGES_DIR="$STATE/images"
ENGINE=""

# engine_pick: sets ENGINE to podman or docker (SECKILL_CONTAINER_ENGINE chooses), installing
# Debian's podman when neither is usable. Podman reads our containers.conf (runc, ulimits).
engine_pick() {
    [[ -n $ENGINE ]] && return 0
    local want=${SECKILL_CONTAINER_ENGINE:-}
    [[ -z $want || $want == podman || $want == docker ]] \
        || usage_error "SECKILL_CONTAINER_ENGINE=$want: podman or docker"
    if [[ $want != podman ]] && have docker && timeout 10 docker info >/dev/null 2>&1; then
        ENGINE=docker
    elif [[ $want == docker ]]; then
        die "SECKILL_CONTAINER_ENGINE=docker but no Docker engine answers (docker info failed)"
    else
        # without Debian's recommends: netavark and aardvark-dns give the stack's network its names,
        # iptables its published ports, runc what crun cannot do here
        if ! have podman || ! have runc || [[ ! -x /usr/lib/podman/aardvark-dns ]] || ! have iptables; then
            apt_install podman runc netavark aardvark-dns iptables
        fi
        export CONTAINERS_CONF=${CONTAINERS_CONF:-$OPS/podman/containers.conf}
        timeout 30 podman info >/dev/null 2>&1 \
            || die "podman is installed but cannot run here (podman info failed); no container engine to use"
        ENGINE=podman
    fi
}

# engine_build TAG CONTEXT FILE [ARGS...]: builds an image (Docker's format keeps the HEALTHCHECK).
engine_build() {
    local tag=$1 context=$2 file=$3
    shift 3
    local format=()
    [[ $ENGINE == podman ]] && format=(--format docker)
    "$ENGINE" build "${format[@]}" -q -t "$tag" -f "$file" "$@" "$context" >"$IMAGES_DIR/build.log" 2>&1 \
        || { show_logs "$IMAGES_DIR/build.log"; die "building $tag failed; read $IMAGES_DIR/build.log"; }
}

image_exists() { "$ENGINE" image inspect "$1" >/dev/null 2>&1; }

# registry_answers: whether the official JRE image is here or can be pulled (one quick try).
REGISTRY=""
registry_answers() {
    if [[ -z $REGISTRY ]]; then
        REGISTRY=no
        if image_exists "$OFFICIAL_JRE" || timeout 120 "$ENGINE" pull -q "$OFFICIAL_JRE" >/dev/null 2>&1; then
            REGISTRY=yes
        fi
    fi
    [[ $REGISTRY == yes ]]
}

# debian_base: localhost/seckill-debian, a minimal bookworm made by debootstrap, once per machine.
debian_base() {
    local tag="localhost/seckill-debian:$LOCAL_TAG" rootfs="$IMAGES_DIR/rootfs"
    image_exists "$tag" && return 0
    have debootstrap || apt_install debootstrap
    log "image: no registry answers; making a Debian base with debootstrap (once; ~1 min)"
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$IMAGES_DIR/debootstrap.log" 2>&1 \
        || { show_logs "$IMAGES_DIR/debootstrap.log"; die "debootstrap failed; read $IMAGES_DIR/debootstrap.log"; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | "$ENGINE" import - "$tag" >/dev/null
    rm -rf "$rootfs"
}

# local_image NAME [CONTEXT [MORE_RECIPE...]]: localhost/seckill-NAME from ops/images/NAME.Containerfile,
# rebuilt when the recipe (the Containerfile, the files beside it it copies, MORE_RECIPE) changed.
local_image() {
    local name=$1 context=${2:-$OPS/images} tag="localhost/seckill-$1:$LOCAL_TAG" recipe have_recipe files
    files=("$OPS/images/$name.Containerfile" "$OPS/images/$name"-*)
    [[ -e ${files[1]} ]] || files=("${files[0]}")   # no files beside it: the glob stayed unexpanded
    recipe=$(cat "${files[@]}" "${@:3}" | sha256sum | cut -c1-16)
    have_recipe=$("$ENGINE" image inspect --format '{{index .Labels "seckill.recipe"}}' "$tag" 2>/dev/null || true)
    [[ $have_recipe == "$recipe" ]] && return 0
    log "image: building $tag"
    engine_build "$tag" "$context" "$OPS/images/$name.Containerfile" --label "seckill.recipe=$recipe"
}

# kafka_image: the broker's jars (the same pom as the local broker's) beside its entrypoint.
kafka_image() {
    local context="$IMAGES_DIR/kafka"
    kafka_libs
    rm -rf "$context"
    mkdir -p "$context"
    cp -r "$KAFKA_LIBS" "$context/libs"
    cp "$OPS/images/kafka-entrypoint" "$context/"
    cp "$OPS/images/kafka-log4j2.properties" "$context/log4j2.properties"
    local_image kafka "$context" "$KAFKA_LIBS/.pom.sha256"   # another Kafka version: another image
}

# local_images: every image the stack runs, built here (used when no registry answers).
local_images() {
    debian_base
    local_image jre
    local name
    for name in redis mariadb prometheus; do local_image "$name"; done
    kafka_image
}

# image_cmd [--base IMAGE] [--tag TAG]: the app image from Containerfile and the built jar.
image_cmd() {
    local base="" tag=$APP_IMAGE
    while (($#)); do
        case $1 in
            --base) [[ $# -ge 2 ]] || usage_error "--base needs an image, e.g. --base $OFFICIAL_JRE"; base=$2; shift 2 ;;
            --tag) [[ $# -ge 2 ]] || usage_error "--tag needs a name, e.g. --tag seckill:1.0"; tag=$2; shift 2 ;;
            *) usage_error "image: unknown option $1 (known: --base IMAGE, --tag TAG)" ;;
        esac
    done
    engine_pick
    mkdir -p "$IMAGES_DIR"
    build_if_needed seckill-app "$APP_JAR"
    if [[ -z $base ]]; then
        if registry_answers; then
            base=$OFFICIAL_JRE
        else
            debian_base
            local_image jre
            base="localhost/seckill-jre:$LOCAL_TAG"
        fi
    fi
    log "image: building $tag on $base ($ENGINE)"
    local started=$SECONDS
    engine_build "$tag" "$ROOT" "$ROOT/Containerfile" --build-arg "BASE=$base"
    log "image: $tag built in $((SECONDS - started)) s"
}

# compose_run ARGS...: podman-compose or docker compose on compose.yaml, with the local images'
# file over it where no registry answers. STACK_PROJECT names the stack (its containers and volumes).
STACK_PROJECT=${SECKILL_STACK_PROJECT:-seckill}
STACK_FILES=(-f "$ROOT/compose.yaml")
# What `stack up` starts unless told: all but Grafana (profile dashboards, which podman-compose 1.0 ignores).
STACK_SERVICES=(redis mariadb kafka app1 app2 prometheus)
compose_run() {
    if [[ $ENGINE == podman ]]; then
        have podman-compose || apt_install podman-compose
        podman-compose -p "$STACK_PROJECT" "${STACK_FILES[@]}" "$@"
    else
        docker compose -p "$STACK_PROJECT" "${STACK_FILES[@]}" "$@"
    fi
}

# stack_images: the app image, and the services' images when they must be built here.
stack_images() {
    engine_pick
    mkdir -p "$IMAGES_DIR"
    image_cmd --tag "$APP_IMAGE"   # seconds when nothing changed: the engine keeps the layers
    if ! registry_answers; then
        local_images
        STACK_FILES+=(-f "$OPS/compose.local.yaml")
    fi
}

stack_cmd() {
    local sub=${1:-}
    [[ $# -gt 0 ]] && shift
    case "$sub" in
        up) stack_images; if (($#)); then compose_run up -d "$@"; else compose_run up -d "${STACK_SERVICES[@]}"; fi ;;
        # these act on the containers by name, whatever their images: no registry probe (which may pull)
        down | ps | logs) engine_pick; compose_run "$sub" "$@" ;;
        smoke) stack_smoke ;;
        testcontainers) stack_testcontainers "$@" ;;
        "") usage_error "stack needs a subcommand: up, down, ps, logs, smoke, testcontainers" ;;
        *) usage_error "unknown stack subcommand: $sub (up, down, ps, logs, smoke, testcontainers)" ;;
    esac
}

# container_of SERVICE: the id of the stack's container of SERVICE (both composes label them so).
container_of() {
    "$ENGINE" ps -q --filter "label=com.docker.compose.project=$STACK_PROJECT" \
        --filter "label=com.docker.compose.service=$1" | head -n 1
}

# smoke_until SECONDS WHAT COMMAND...: runs COMMAND every second until it succeeds; dies after SECONDS.
smoke_until() {
    local deadline=$((SECONDS + $1)) what=$2
    shift 2
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || { smoke_logs; die "smoke: $what did not happen within $((deadline - SMOKE_STEP)) s"; }
        sleep 1
    done
    log "smoke: $what ($((SECONDS - SMOKE_STARTED)) s)"
    SMOKE_STEP=$SECONDS
}

smoke_logs() {
    local service
    for service in app1 app2 kafka; do
        printf -- '----- last lines of %s -----\n' "$service" >&2
        "$ENGINE" logs --tail 15 "$(container_of "$service")" 2>&1 | grep -v 'level=error' >&2 || true
    done
}

smoke_teardown() {
    log "smoke: tearing the stack down (containers and volumes)"
    compose_run down -v >"$IMAGES_DIR/smoke-down.log" 2>&1 || log "smoke: teardown failed; read $IMAGES_DIR/smoke-down.log"
}

smoke_http() {  # smoke_http METHOD URL [CURL ARGS]: the body; fails on an HTTP error
    local method=$1 url=$2
    shift 2
    curl -sS --fail-with-body -m 10 -X "$method" "$@" "$url"
}

order_created() {  # order_created PORT TOKEN ORDER_ID
    [[ $(smoke_http GET "http://127.0.0.1:$1/voucher-order/$3" -H "authorization: $2" | jq -r .data.status) == CREATED ]]
}

both_apps_scraped() {
    [[ $(smoke_http GET "http://127.0.0.1:$SECKILL_PROMETHEUS_PORT/api/v1/query" \
        --data-urlencode 'query=sum(up{job="seckill"})' -G | jq -r '.data.result[0].value[1]') == 2 ]]
}

smoke_secret() { od -An -N8 -tx8 /dev/urandom | tr -d ' '; }

# smoke_least_privilege: the app's account holds rights on its own database only, and no DROP.
smoke_least_privilege() {
    local grants rights
    grants=$("$ENGINE" exec -e "MYSQL_PWD=$SECKILL_MYSQL_PASSWORD" "$(container_of mariadb)" mariadb -useckill -N -e 'SHOW GRANTS')
    # shellcheck disable=SC2016 # the backquotes are MariaDB's, not the shell's
    rights=$(sed -n 's/^GRANT \(.*\) ON `seckill`\.\* TO .*/\1/p' <<<"$grants" | tr -d ' ' | tr ',' '\n' | sort | paste -sd,)
    [[ $(grep -c . <<<"$grants") == 2 && $grants == *'GRANT USAGE ON *.* TO'* \
        && $rights == ALTER,CREATE,DELETE,INDEX,INSERT,REFERENCES,SELECT,UPDATE ]] \
        || die "smoke: the app's DB account has other rights than its own database's: $grants"
    log "smoke: the app's DB account holds rights on seckill.* only, no DROP"
}

# stack_smoke: a stack of its own (project seckill-smoke, its own ports and volumes), one sale,
# four buyers through both apps, every order CREATED in the database, a repeat buyer refused by the
# other app, both apps scraped by Prometheus; then all of it torn down. Exit 1 on any failure.
stack_smoke() {
    SMOKE_STARTED=$SECONDS
    SMOKE_STEP=$SECONDS
    STACK_PROJECT=seckill-smoke
    export SECKILL_APP1_PORT=${SECKILL_SMOKE_APP1_PORT:-18181} SECKILL_APP2_PORT=${SECKILL_SMOKE_APP2_PORT:-18182}
    export SECKILL_PROMETHEUS_PORT=${SECKILL_SMOKE_PROMETHEUS_PORT:-19190}
    SECKILL_ADMIN_TOKEN="smoke-$(smoke_secret)" SECKILL_MYSQL_PASSWORD="app-$(smoke_secret)" MARIADB_ROOT_PASSWORD="root-$(smoke_secret)"
    export SECKILL_ADMIN_TOKEN SECKILL_MYSQL_PASSWORD MARIADB_ROOT_PASSWORD
    have curl || apt_install curl
    have jq || apt_install jq
    stack_images
    log "smoke: images ready ($((SECONDS - SMOKE_STARTED)) s, $ENGINE)"
    compose_run down -v >/dev/null 2>&1 || true   # what an interrupted run left
    trap smoke_teardown EXIT
    compose_run up -d "${STACK_SERVICES[@]}" >"$IMAGES_DIR/smoke-up.log" 2>&1 \
        || { show_logs "$IMAGES_DIR/smoke-up.log"; die "smoke: the stack did not come up; read $IMAGES_DIR/smoke-up.log"; }
    local app1=$SECKILL_APP1_PORT app2=$SECKILL_APP2_PORT
    smoke_until 240 "app1 ready" smoke_http GET "http://127.0.0.1:$app1/health/ready"
    smoke_until 60 "app2 ready" smoke_http GET "http://127.0.0.1:$app2/health/ready"

    local tokens voucher begin end
    mapfile -t tokens < <(printf '1380000000%s\n' 1 2 3 4 | "$ENGINE" exec -i "$(container_of app1)" bash -c \
        'cat >/tmp/users.txt && java -jar /app/seckill-app.jar gen-tokens --in /tmp/users.txt --out /tmp/tokens.txt >/dev/null && cat /tmp/tokens.txt')
    ((${#tokens[@]} == 4)) || die "smoke: gen-tokens in app1 gave ${#tokens[@]} tokens, not 4"
    begin=$(date -u -d '-1 min' +%FT%TZ)
    end=$(date -u -d '+1 hour' +%FT%TZ)
    voucher=$(smoke_http POST "http://127.0.0.1:$app1/voucher/seckill" -H "X-Admin-Token: $SECKILL_ADMIN_TOKEN" \
        -H 'content-type: application/json' --data "{\"shopId\":1,\"title\":\"smoke\",\"subTitle\":\"\",\"rules\":\"\",\"payValue\":100,\"actualValue\":200,\"stock\":10,\"beginTime\":\"$begin\",\"endTime\":\"$end\"}" \
        | jq -r .data) || die "smoke: registering the voucher through app1 failed"
    log "smoke: voucher $voucher on sale (10 units)"

    local i port order orders=()
    for i in 0 1 2 3; do
        port=$app1; ((i >= 2)) && port=$app2
        order=$(smoke_http POST "http://127.0.0.1:$port/voucher-order/seckill/$voucher" -H "authorization: ${tokens[i]}" | jq -r .data) \
            || die "smoke: buyer $((i + 1)) was refused by the app on port $port"
        orders+=("$order")
    done
    log "smoke: 4 orders accepted, 2 by each app: ${orders[*]}"
    local repeat
    repeat=$(curl -sS -m 10 -X POST "http://127.0.0.1:$app2/voucher-order/seckill/$voucher" -H "authorization: ${tokens[0]}" | jq -r .code)
    [[ $repeat == ALREADY_ORDERED ]] || die "smoke: buyer 1 buying again through app2 got '$repeat', not ALREADY_ORDERED"
    for i in 0 1 2 3; do
        port=$app2; ((i >= 2)) && port=$app1   # asked of the other app
        smoke_until 90 "order ${orders[i]} CREATED" order_created "$port" "${tokens[i]}" "${orders[i]}"
    done
    smoke_until 60 "Prometheus scraping both apps" both_apps_scraped
    local rules
    rules=$(smoke_http GET "http://127.0.0.1:$SECKILL_PROMETHEUS_PORT/api/v1/rules" | jq '[.data.groups[].rules[]] | length')
    ((rules > 0)) || die "smoke: Prometheus loaded no rules from ops/prometheus/rules.yml"
    log "smoke: Prometheus loaded $rules alert and recording rules"
    smoke_least_privilege
    log "smoke: passed in $((SECONDS - SMOKE_STARTED)) s"
}

# engine_socket: DOCKER_HOST for Testcontainers: podman's Docker-compatible API on a socket of ours
# (served until this script exits; Ryuk, the reaper Testcontainers starts, needs more than it gives).
engine_socket() {
    [[ $ENGINE == podman ]] || return 0
    local socket="$IMAGES_DIR/podman.sock" deadline=$((SECONDS + 30))
    rm -f "$socket"
    podman system service --time=0 "unix://$socket" >"$IMAGES_DIR/podman-service.log" 2>&1 &
    ENGINE_SERVICE=$!
    until [[ -S $socket ]]; do
        ((SECONDS < deadline)) || die "podman system service made no socket in 30 s; read $IMAGES_DIR/podman-service.log"
        sleep 0.2
    done
    export DOCKER_HOST="unix://$socket" TESTCONTAINERS_RYUK_DISABLED=true
}

# testcontainers_created SINCE: the engine's events of containers Testcontainers created since then
testcontainers_created() {
    if [[ $ENGINE == podman ]]; then
        podman events --since "$1" --stream=false --filter event=create --filter label=org.testcontainers=true
    else
        docker events --since "$1" --until "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --filter event=create --filter label=org.testcontainers=true
    fi
}

testcontainers_cleanup() {
    local leftovers=()
    mapfile -t leftovers < <("$ENGINE" ps -aq --filter label=org.testcontainers=true)
    ((${#leftovers[@]} == 0)) || "$ENGINE" rm -f "${leftovers[@]}" >/dev/null 2>&1 || true
    [[ -z ${ENGINE_SERVICE:-} ]] || kill "$ENGINE_SERVICE" 2>/dev/null || true
}

# stack_testcontainers [MVN ARGS]: the Redis and MySQL adapters' integration tests on containers
# that Testcontainers starts through the engine (not on ./seckill services), with the images built
# here where no registry answers. The Redis Cluster ITs, the failover IT (replicated Redis) and the local-privileges IT
# need ./seckill services.
stack_testcontainers() {
    engine_pick
    mkdir -p "$IMAGES_DIR"
    if ! registry_answers; then
        debian_base
        local_image redis
        local_image mariadb
        export SECKILL_TEST_REDIS_IMAGE="localhost/seckill-redis:$LOCAL_TAG" SECKILL_TEST_MARIADB_IMAGE="localhost/seckill-mariadb:$LOCAL_TAG"
    fi
    trap testcontainers_cleanup EXIT
    engine_socket
    export SECKILL_TEST_SERVICES=containers
    log "testcontainers: the Redis and MySQL adapters' ITs on containers ($ENGINE${DOCKER_HOST:+, $DOCKER_HOST})"
    cd "$ROOT" || die "cannot enter $ROOT"
    local started
    started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    mvn -B -pl seckill-redis-adapter,seckill-mysql-adapter -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
        -Dit.failIfNoSpecifiedTests=false '-Dit.test=!RedisCluster*IT,!RedisFailoverIT,!LocalDatabasePrivilegesIT' "$@"
    local image created   # the containers are gone (removed at the JVM's exit), the engine's events are not
    created=$(testcontainers_created "$started")
    for image in "${SECKILL_TEST_REDIS_IMAGE:-redis:7.2-alpine}" "${SECKILL_TEST_MARIADB_IMAGE:-mariadb:11.4}"; do
        [[ $created == *"image=$image"* ]] \
            || die "testcontainers: the ITs passed but no $image container was created: they did not run on Testcontainers"
    done
    log "testcontainers: passed, on containers of ${SECKILL_TEST_REDIS_IMAGE:-redis:7.2-alpine} and ${SECKILL_TEST_MARIADB_IMAGE:-mariadb:11.4}"
}
