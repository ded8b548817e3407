#!/usr/bin/env bash
# End to end, one job of 12 portraits (720x720, one size tier) through the HTTP API, in both modes, on this machine:
#   (a) EMBEDDED gateway (default config: in-memory bus, file-system store, engine in process) on :5180;
#   (b) DISTRIBUTED: local RabbitMQ + s3rver (scripts/services.sh), a GpuWorker process on :5181 and a gateway
#       process with Messaging:Transport=RabbitMq and S3 storage on :5182.
# Each phase waits for /health/ready, runs `Cartoon.Bench jobs`, prints the engine-call log lines and stops its
# processes (also on error or Ctrl-C). The services are stopped at the end only if this script started them.
#
#   bench/e2e-12.sh                  # IMAGES=12 STYLE=anime RUNS=1 by default
#   RUNS=2 bench/e2e-12.sh           # a second job on the same warm processes
#   PHASES="distributed embedded" bench/e2e-12.sh   # order or subset of the phases
#   QUIET_LOAD=1.5 QUIET_WAIT=180    # before each job, wait up to QUIET_WAIT s for the 1-min load average < QUIET_LOAD
set -euo pipefail
set -m # every background job in its own process group: stopping one stops `dotnet run` and the app it started

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

IMAGES=${IMAGES:-12}
STYLE=${STYLE:-anime}
RUNS=${RUNS:-1}
PHASES=${PHASES:-embedded distributed}
READY_TIMEOUT=${READY_TIMEOUT:-300}
QUIET_LOAD=${QUIET_LOAD:-1.5}
QUIET_WAIT=${QUIET_WAIT:-180}
EMBEDDED_URL=http://127.0.0.1:5180
WORKER_URL=http://127.0.0.1:5181
DISTRIBUTED_URL=http://127.0.0.1:5182
RABBIT_PORT=5673
RABBIT_MANAGEMENT=http://127.0.0.1:15673
S3_ENDPOINT=127.0.0.1:9100
VHOST="cartoon-bench-$$"

WORK="$(mktemp -d /tmp/cartoon-e2e-12.XXXXXX)"
pids=()
started_services=0
vhost_created=0

log() { printf '[e2e-12] %s\n' "$*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
load1() { cut -d' ' -f1 /proc/loadavg; }

stop_processes() {
    local pid i
    for pid in "${pids[@]}"; do
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for i in $(seq 1 300); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    pids=()
}

cleanup() {
    local rc=$?
    stop_processes
    if ((vhost_created)); then
        curl -fsS -o /dev/null -u guest:guest -X DELETE "$RABBIT_MANAGEMENT/api/vhosts/$VHOST" || true
    fi
    if ((started_services)); then
        "$ROOT/scripts/services.sh" stop || true
    fi
    if ((rc == 0)); then
        rm -rf "$WORK"
    else
        log "failed (exit $rc); process logs kept in $WORK"
    fi
}
trap cleanup EXIT

# start NAME CMD...: in the background, output to $WORK/NAME.log
start() {
    local name=$1
    shift
    "$@" >"$WORK/$name.log" 2>&1 </dev/null &
    pids+=($!)
    log "$name started (pid $!, log $WORK/$name.log)"
}

wait_ready() {
    local name=$1 url=$2 pid=$3 t0=$SECONDS
    until curl -fs -o /dev/null --max-time 5 "$url/health/ready"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 40 "$WORK/$name.log" >&2
            log "$name exited before it was ready"
            exit 1
        fi
        if ((SECONDS - t0 > READY_TIMEOUT)); then
            tail -n 40 "$WORK/$name.log" >&2
            log "$name not ready within ${READY_TIMEOUT}s"
            exit 1
        fi
        sleep 0.5
    done
    log "$name ready in $((SECONDS - t0)) s"
}

# Before each measured job: wait (bounded) until the 1-min load average is under QUIET_LOAD, so that neither other
# work on the machine nor the previous phase (whose load the average still carries) overlaps the measurement.
wait_quiet() {
    local t0=$SECONDS
    while awk -v l="$(load1)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l >= q) }' && ((SECONDS - t0 < QUIET_WAIT)); do
        sleep 5
    done
    log "load average (1 min) before the job: $(load1) (waited $((SECONDS - t0)) s for < $QUIET_LOAD)"
}

run_bench() {
    local url=$1
    wait_quiet
    timeout 900 dotnet run --no-build -c Release --project bench/Cartoon.Bench -- jobs --gateway "$url" --images "$IMAGES" --style "$STYLE" --runs "$RUNS"
}

# The engine calls as the worker logged them (one line per group).
group_lines() { grep -ho 'Group tier=.*' "$@" || true; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building (Release): Gateway, GpuWorker, Cartoon.Bench"
for project in src/Gateway src/GpuWorker bench/Cartoon.Bench; do
    timeout 900 dotnet build -c Release --nologo -v q "$project" >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; exit 1; }
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/^Mem:/ {print $2}') GiB; $(date -u '+%Y-%m-%d %H:%M UTC')"

for phase in $PHASES; do
    case "$phase" in
        embedded)
            echo
            echo "## (a) embedded: one process (API + worker + engine), in-memory bus, file-system store"
            start embedded-gateway env Storage__Root="$WORK/embedded-blobs" \
                dotnet run --no-build -c Release --no-launch-profile --project src/Gateway --urls "$EMBEDDED_URL"
            wait_ready embedded-gateway "$EMBEDDED_URL" "${pids[-1]}"
            run_bench "$EMBEDDED_URL"
            group_lines "$WORK/embedded-gateway.log"
            stop_processes
            ;;
        distributed)
            echo
            echo "## (b) distributed: gateway process + GpuWorker process, RabbitMQ, S3 (s3rver), all on this machine"
            if port_open "$RABBIT_PORT" && port_open "${S3_ENDPOINT##*:}"; then
                log "RabbitMQ :$RABBIT_PORT and S3 :${S3_ENDPOINT##*:} already answer: using them (not stopped afterwards)"
            else
                "$ROOT/scripts/services.sh" start
                started_services=1
            fi
            # A vhost of its own: fresh queues (the gateway's event queue has a fixed name), removed afterwards.
            curl -fsS -o /dev/null -u guest:guest -X PUT "$RABBIT_MANAGEMENT/api/vhosts/$VHOST"
            vhost_created=1
            curl -fsS -o /dev/null -u guest:guest -X PUT -H 'content-type: application/json' \
                -d '{"configure":".*","write":".*","read":".*"}' "$RABBIT_MANAGEMENT/api/permissions/$VHOST/guest"
            common=(
                Messaging__Transport=RabbitMq Messaging__RabbitMq__Host=127.0.0.1 Messaging__RabbitMq__Port="$RABBIT_PORT"
                Messaging__RabbitMq__VirtualHost="$VHOST"
                Storage__Provider=S3 Storage__S3Endpoint="$S3_ENDPOINT" Storage__S3AccessKey=S3RVER Storage__S3SecretKey=S3RVER
                Storage__Bucket=cartoon-bench
            )
            start worker env "${common[@]}" \
                dotnet run --no-build -c Release --no-launch-profile --project src/GpuWorker --urls "$WORKER_URL"
            worker_pid=${pids[-1]}
            # Auth__RequireKeys=false: a bench gateway on 127.0.0.1 runs open (distributed mode requires keys otherwise).
            start distributed-gateway env "${common[@]}" Auth__RequireKeys=false \
                dotnet run --no-build -c Release --no-launch-profile --project src/Gateway --urls "$DISTRIBUTED_URL"
            gateway_pid=${pids[-1]}
            wait_ready worker "$WORKER_URL" "$worker_pid"
            wait_ready distributed-gateway "$DISTRIBUTED_URL" "$gateway_pid"
            run_bench "$DISTRIBUTED_URL"
            group_lines "$WORK/worker.log"
            stop_processes
            ;;
        *)
            log "unknown phase $phase (embedded, distributed)"
            exit 2
            ;;
    esac
done
