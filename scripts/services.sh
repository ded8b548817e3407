#!/usr/bin/env bash
# Local services for the tests and CI: a RabbitMQ broker, an S3-compatible server (s3rver) and PostgreSQL,
# both bound to 127.0.0.1 on fixed non-default ports, all state under .local/ (gitignored).
#
#   scripts/services.sh start             install what is missing (incl. chromium + playwright-core for the web UI
#                                         test), start both (idempotent)
#   scripts/services.sh stop              stop both (idempotent)
#   scripts/services.sh status            print the state of each; exit 0 only when both answer
#   scripts/services.sh restart-rabbitmq  stop + start the broker only (fault tests)
#   scripts/services.sh stop-s3|start-s3  stop / start the S3 server only (fault tests; data is kept)
#   scripts/services.sh restart-postgres  stop + start PostgreSQL only (fault tests; data is kept)
#   scripts/services.sh clean             stop both and delete their state (.local/rabbitmq, .local/s3)
#   CARTOON_SERVICES_PORT_OFFSET=100 ...  the same on ports shifted by 100 (a second checkout beside this one)
#
# After `start`, .local/services.env holds the addresses (source it):
#   CARTOON_TEST_RABBITMQ, CARTOON_TEST_RABBITMQ_MANAGEMENT, CARTOON_TEST_S3,
#   CARTOON_TEST_S3_ACCESS_KEY, CARTOON_TEST_S3_SECRET_KEY, CARTOON_TEST_POSTGRES (Npgsql connection string of a
#   superuser: tests create one database each)
#
# Facts this follows (shared/docs/ENVIRONMENT.md): no systemd, so the broker is started by hand as root
# through /usr/lib/rabbitmq/bin (the /usr/sbin wrappers switch user); server and CLI share one HOME (the
# Erlang cookie); epmd outlives the broker and is killed on stop; s3rver's ListObjects answer needs its
# XML namespace patched or the MinIO SDK lists nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"

# CARTOON_SERVICES_PORT_OFFSET shifts every port (and the node name), so two checkouts can run their
# services side by side (e.g. 100 for a second worktree). CI leaves it at 0.
OFFSET=${CARTOON_SERVICES_PORT_OFFSET:-0}
RABBITMQ_AMQP_PORT=$((5673 + OFFSET))
RABBITMQ_MANAGEMENT_PORT=$((15673 + OFFSET))
RABBITMQ_PROMETHEUS_PORT=$((15693 + OFFSET))
RABBITMQ_EPMD_PORT=$((4370 + OFFSET))
RABBITMQ_DIST_PORT_NUMBER=$((25673 + OFFSET))
S3_PORT=$((9100 + OFFSET))
PG_PORT=$((5433 + OFFSET))
PG_VERSION=15 # Debian 12's postgresql package
S3RVER_VERSION=3.7.1
PLAYWRIGHT_CORE_VERSION=1.65.1 # drives Debian's chromium in the web UI test; `npx playwright install` cannot download browsers here
S3_ACCESS_KEY=S3RVER
S3_SECRET_KEY=S3RVER

RMQ_DIR="$LOCAL/rabbitmq"
RMQ_BIN=/usr/lib/rabbitmq/bin
RMQ_PIDFILE="$RMQ_DIR/rabbitmq.pid"
NODE_DIR="$LOCAL/node"
S3RVER_JS="$NODE_DIR/node_modules/s3rver/bin/s3rver.js"
S3_DIR="$LOCAL/s3"
S3_PIDFILE="$S3_DIR/s3rver.pid"
ENV_FILE="$LOCAL/services.env"
PG_DIR="$LOCAL/postgres"
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- helpers -----------------------------------------------------------------------------------------

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

now_ms() { date +%s%3N; }

apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    log "apt-get install -y $*"
    if ! apt-get install -y --no-install-recommends "$@" >"$LOCAL/apt-install.log" 2>&1; then
        log "apt-get install failed; refreshing the package lists once and retrying"
        apt-get update >>"$LOCAL/apt-install.log" 2>&1 || true
        apt-get install -y --no-install-recommends "$@" >>"$LOCAL/apt-install.log" 2>&1 \
            || { tail -n 30 "$LOCAL/apt-install.log" >&2; die "apt-get install $* failed (log: $LOCAL/apt-install.log)"; }
    fi
}

ensure_packages() {
    local missing=()
    [[ -x "$RMQ_BIN/rabbitmq-server" ]] || missing+=(rabbitmq-server)
    command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)  # validates docker-compose.yml (Deploy.Tests)
    command -v yamllint >/dev/null 2>&1 || missing+=(yamllint)              # lints the chart values / deploy YAML (Deploy.Tests)
    [[ -x "$PG_BIN/pg_ctl" ]] || missing+=(postgresql)                      # job state (Integration.Tests, distributed stacks)
    { command -v ffmpeg && command -v ffprobe; } >/dev/null 2>&1 || missing+=(ffmpeg) # video jobs: probe, extract, mux (Media.Tests)
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    [[ -x /usr/bin/chromium ]] || missing+=(chromium fonts-dejavu-core)       # headless browser of the web UI test (Gateway.Tests/WebUi)
    if ((${#missing[@]})); then
        apt_install "${missing[@]}"
    fi
}

ensure_s3rver() {
    if [[ ! -f "$S3RVER_JS" ]] || ! grep -q "\"version\": \"$S3RVER_VERSION\"" "$NODE_DIR/node_modules/s3rver/package.json" 2>/dev/null; then
        log "npm install s3rver@$S3RVER_VERSION into ${NODE_DIR#"$ROOT"/}"
        mkdir -p "$NODE_DIR"
        [[ -f "$NODE_DIR/package.json" ]] || printf '{ "name": "cartoon-local-services", "private": true }\n' >"$NODE_DIR/package.json"
        (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "s3rver@$S3RVER_VERSION" >"$NODE_DIR/npm-install.log" 2>&1) \
            || { tail -n 30 "$NODE_DIR/npm-install.log" >&2; die "npm install s3rver@$S3RVER_VERSION failed"; }
    fi
    # s3rver 3.7.1 answers ListObjects with a wrong XML namespace, so the MinIO SDK parses no items.
    local f
    for f in "$NODE_DIR"/node_modules/s3rver/lib/controllers/*.js; do
        if grep -q 'http://doc.s3.amazonaws.com/2006-03-01/' "$f"; then
            sed -i 's#http://doc\.s3\.amazonaws\.com/2006-03-01/#http://s3.amazonaws.com/doc/2006-03-01/#g' "$f"
            log "patched XML namespace in ${f#"$NODE_DIR"/}"
        fi
    done
}

ensure_playwright() {
    if ! grep -q "\"version\": \"$PLAYWRIGHT_CORE_VERSION\"" "$NODE_DIR/node_modules/playwright-core/package.json" 2>/dev/null; then
        log "npm install playwright-core@$PLAYWRIGHT_CORE_VERSION into ${NODE_DIR#"$ROOT"/}"
        mkdir -p "$NODE_DIR"
        [[ -f "$NODE_DIR/package.json" ]] || printf '{ "name": "cartoon-local-services", "private": true }\n' >"$NODE_DIR/package.json"
        (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_CORE_VERSION" >"$NODE_DIR/npm-install-playwright.log" 2>&1) \
            || { tail -n 30 "$NODE_DIR/npm-install-playwright.log" >&2; die "npm install playwright-core@$PLAYWRIGHT_CORE_VERSION failed"; }
    fi
}

# --- RabbitMQ ----------------------------------------------------------------------------------------

rmq_env() {
    # Server and CLI must see the same values (node name, epmd port, HOME with the Erlang cookie).
    export HOME="$RMQ_DIR/home"
    export RABBITMQ_NODENAME="cartoon${OFFSET#0}@localhost"
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT=$RABBITMQ_AMQP_PORT
    export RABBITMQ_DIST_PORT=$RABBITMQ_DIST_PORT_NUMBER
    export ERL_EPMD_ADDRESS=127.0.0.1
    export ERL_EPMD_PORT=$RABBITMQ_EPMD_PORT
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    export RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
    export RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia"
    export RABBITMQ_LOG_BASE="$RMQ_DIR/log"
    export RABBITMQ_PID_FILE="$RMQ_PIDFILE"
}

rmq_write_config() {
    mkdir -p "$RMQ_DIR/home" "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
    cat >"$RMQ_DIR/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBITMQ_MANAGEMENT_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $RABBITMQ_PROMETHEUS_PORT
loopback_users.guest = true
EOF
    printf '[rabbitmq_management,rabbitmq_prometheus].\n' >"$RMQ_DIR/enabled_plugins"
}

rmq_running() {
    [[ -x "$RMQ_BIN/rabbitmqctl" ]] || return 1
    port_open "$RABBITMQ_AMQP_PORT" || return 1
    (rmq_env; timeout 20 "$RMQ_BIN/rabbitmq-diagnostics" -q ping -t 15 >/dev/null 2>&1)
}

rmq_start() {
    if rmq_running; then
        log "RabbitMQ already running on 127.0.0.1:$RABBITMQ_AMQP_PORT"
        return 0
    fi
    local p
    for p in $RABBITMQ_AMQP_PORT $RABBITMQ_MANAGEMENT_PORT $RABBITMQ_PROMETHEUS_PORT $RABBITMQ_DIST_PORT_NUMBER; do
        port_open "$p" && die "port 127.0.0.1:$p is taken by another process; RabbitMQ cannot start"
    done
    rmq_write_config
    local t0; t0=$(now_ms)
    (
        rmq_env
        cd "$RMQ_DIR"
        "$RMQ_BIN/rabbitmq-server" -detached >"$RMQ_DIR/log/start.out" 2>&1
        if ! timeout 120 "$RMQ_BIN/rabbitmqctl" -q wait --timeout 90 "$RMQ_PIDFILE" >>"$RMQ_DIR/log/start.out" 2>&1; then
            tail -n 40 "$RMQ_DIR/log/start.out" >&2 || true
            tail -n 40 "$RMQ_DIR"/log/*.log >&2 2>/dev/null || true
            exit 1
        fi
    ) || die "RabbitMQ did not boot (logs: ${RMQ_DIR#"$ROOT"/}/log)"
    # The AMQP listener and the management plugin come up with the boot; wait until both answer.
    local i
    for i in $(seq 1 60); do
        port_open "$RABBITMQ_AMQP_PORT" && curl -fsS -o /dev/null -u guest:guest \
            "http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT/api/overview" 2>/dev/null && break
        sleep 0.5
    done
    port_open "$RABBITMQ_AMQP_PORT" || die "RabbitMQ booted but 127.0.0.1:$RABBITMQ_AMQP_PORT does not answer"
    log "RabbitMQ up on 127.0.0.1:$RABBITMQ_AMQP_PORT (management $RABBITMQ_MANAGEMENT_PORT, prometheus $RABBITMQ_PROMETHEUS_PORT) in $(( ($(now_ms) - t0) ))ms"
}

rmq_stop() {
    if [[ -x "$RMQ_BIN/rabbitmqctl" ]]; then
        (
            rmq_env
            if port_open "$RABBITMQ_AMQP_PORT" || [[ -f "$RMQ_PIDFILE" ]]; then
                timeout 60 "$RMQ_BIN/rabbitmqctl" -q stop "$RMQ_PIDFILE" >/dev/null 2>&1 \
                    || timeout 30 "$RMQ_BIN/rabbitmqctl" -q stop >/dev/null 2>&1 || true
            fi
            # epmd outlives the broker; this one is ours (own port, 127.0.0.1).
            if port_open "$RABBITMQ_EPMD_PORT"; then
                epmd -port "$RABBITMQ_EPMD_PORT" -kill >/dev/null 2>&1 || true
            fi
        )
    fi
    # Last resort: the Erlang VM whose pid we recorded.
    if [[ -f "$RMQ_PIDFILE" ]]; then
        local pid; pid=$(cat "$RMQ_PIDFILE" 2>/dev/null || true)
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            log "RabbitMQ still alive after rabbitmqctl stop; sending TERM to $pid"
            kill "$pid" 2>/dev/null || true
            sleep 2
            kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$RMQ_PIDFILE"
    fi
    log "RabbitMQ stopped"
}

# --- s3rver ------------------------------------------------------------------------------------------

s3_pid() { [[ -f "$S3_PIDFILE" ]] && cat "$S3_PIDFILE" 2>/dev/null || true; }

s3_running() {
    local pid; pid=$(s3_pid)
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && port_open "$S3_PORT"
}

s3_start() {
    if s3_running; then
        log "s3rver already running on 127.0.0.1:$S3_PORT"
        return 0
    fi
    port_open "$S3_PORT" && die "port 127.0.0.1:$S3_PORT is taken by another process; s3rver cannot start"
    ensure_s3rver
    mkdir -p "$S3_DIR/data"
    local t0; t0=$(now_ms)
    # setsid: its own session, so it outlives this script and is not hit by the caller's job control.
    setsid nohup node "$S3RVER_JS" -d "$S3_DIR/data" -a 127.0.0.1 -p "$S3_PORT" --no-vhost-buckets --silent \
        >"$S3_DIR/s3rver.log" 2>&1 </dev/null &
    echo $! >"$S3_PIDFILE"
    local i
    for i in $(seq 1 100); do
        port_open "$S3_PORT" && break
        kill -0 "$(s3_pid)" 2>/dev/null || { cat "$S3_DIR/s3rver.log" >&2; die "s3rver exited at start"; }
        sleep 0.1
    done
    port_open "$S3_PORT" || die "s3rver did not listen on 127.0.0.1:$S3_PORT within 10 s"
    log "s3rver up on 127.0.0.1:$S3_PORT in $(( ($(now_ms) - t0) ))ms"
}

s3_stop() {
    local pid; pid=$(s3_pid)
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$S3_PIDFILE"
    log "s3rver stopped"
}

# --- PostgreSQL --------------------------------------------------------------------------------------
# A throwaway cluster owned by the postgres user (initdb refuses root), loopback only, its own port and socket
# folder, trust authentication for the one superuser "cartoon".

pg_as() { su postgres -s /bin/bash -c "$*"; }

pg_running() { [[ -f "$PG_DIR/data/postmaster.pid" ]] && port_open "$PG_PORT"; }

pg_start() {
    if pg_running; then
        log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
        return 0
    fi
    port_open "$PG_PORT" && die "port 127.0.0.1:$PG_PORT is taken by another process; PostgreSQL cannot start"
    local t0; t0=$(now_ms)
    install -d -o postgres -g postgres -m 0700 "$PG_DIR"
    if [[ ! -f "$PG_DIR/data/PG_VERSION" ]]; then
        pg_as "'$PG_BIN/initdb' -D '$PG_DIR/data' -A trust -U cartoon -E UTF8 --no-locale" >"$LOCAL/postgres-initdb.log" 2>&1 \
            || { tail -n 30 "$LOCAL/postgres-initdb.log" >&2; die "initdb failed"; }
    fi
    # fsync off: a throwaway test cluster; durability across a power cut is not what the tests measure.
    pg_as "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/postgres.log' -w -t 60 start \
        -o \"-p $PG_PORT -k '$PG_DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300\"" \
        >/dev/null 2>&1 || { tail -n 30 "$PG_DIR/postgres.log" >&2; die "PostgreSQL did not start"; }
    log "PostgreSQL up on 127.0.0.1:$PG_PORT in $(( ($(now_ms) - t0) ))ms"
}

pg_stop() {
    if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
        pg_as "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m fast -w -t 60 stop" >/dev/null 2>&1 || true
    fi
    log "PostgreSQL stopped"
}

# --- env file, status --------------------------------------------------------------------------------

write_env() {
    cat >"$ENV_FILE" <<EOF
# Written by scripts/services.sh start: addresses of the local test services.
export CARTOON_TEST_RABBITMQ=amqp://guest:guest@127.0.0.1:$RABBITMQ_AMQP_PORT/
export CARTOON_TEST_RABBITMQ_MANAGEMENT=http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT
export CARTOON_TEST_RABBITMQ_PROMETHEUS=http://127.0.0.1:$RABBITMQ_PROMETHEUS_PORT
export CARTOON_TEST_S3=127.0.0.1:$S3_PORT
export CARTOON_TEST_S3_ACCESS_KEY=$S3_ACCESS_KEY
export CARTOON_TEST_S3_SECRET_KEY=$S3_SECRET_KEY
export CARTOON_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=cartoon;Database=postgres"
EOF
}

status() {
    local ok=0
    if rmq_running; then
        echo "rabbitmq: running  amqp://127.0.0.1:$RABBITMQ_AMQP_PORT  management http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT  prometheus http://127.0.0.1:$RABBITMQ_PROMETHEUS_PORT/metrics"
    else
        echo "rabbitmq: stopped"; ok=1
    fi
    if s3_running; then
        echo "s3rver:   running  http://127.0.0.1:$S3_PORT (pid $(s3_pid))"
    else
        echo "s3rver:   stopped"; ok=1
    fi
    if pg_running; then
        echo "postgres: running  127.0.0.1:$PG_PORT"
    else
        echo "postgres: stopped"; ok=1
    fi
    return $ok
}

main() {
    mkdir -p "$LOCAL"
    case "${1:-}" in
        start)
            local t0; t0=$(now_ms)
            ensure_packages
            ensure_s3rver
            ensure_playwright
            s3_start
            pg_start
            rmq_start
            write_env
            log "services ready in $(( ($(now_ms) - t0) ))ms; addresses in ${ENV_FILE#"$ROOT"/}"
            ;;
        stop)
            s3_stop
            pg_stop
            rmq_stop
            ;;
        status) status ;;
        restart-rabbitmq)
            rmq_stop
            rmq_start
            ;;
        stop-s3) s3_stop ;;
        restart-postgres)
            pg_stop
            pg_start
            ;;
        start-s3) s3_start ;;
        clean)
            s3_stop
            pg_stop
            rmq_stop
            rm -rf "$RMQ_DIR" "$S3_DIR" "$PG_DIR" "$ENV_FILE"
            log "state removed"
            ;;
        *)
            echo "usage: $0 start|stop|status|restart-rabbitmq|stop-s3|start-s3|restart-postgres|clean" >&2
            exit 2
            ;;
    esac
}

main "$@"
