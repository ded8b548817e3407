#!/usr/bin/env bash
# Performance benchmarks of the whole path (docs/benchmarks.md, "Whole path"): builds Release, starts the local
# RabbitMQ + S3 server (scripts/services.sh, honouring CARTOON_SERVICES_PORT_OFFSET), runs the chosen sections of
# Cartoon.Bench one after the other and writes each report to bench/results/<UTC date>-<section>.md.
#
#   bench/perf.sh                         # every section: path sweep rss ingest storage events
#   bench/perf.sh path ingest             # some of them
#   bench/perf.sh sse                     # stage published → event on a stream of another gateway replica
#   UPLOADS_ARGS="--before ../ab" bench/perf.sh uploads   # gateway memory, 20 concurrent 100 MiB submits, vs a worktree
#   bench/perf.sh overhead cli memory engine   # the engine alone (no services needed, started anyway): its call vs the
#                                         # raw ORT passes, the CLI vs a plain pipeline, ORT's CPU memory settings
#   CARTOON_SERVICES_PORT_OFFSET=500 bench/perf.sh   # services on shifted ports (several checkouts on one machine)
#   bench/perf.sh detail                  # detail=high vs Standard on large photos (engine alone, issue 14)
#   bench/perf.sh video                   # a 720p clip: the CLI's video pipeline frames/s vs its picture path on the same
#                                         # frames, and the share of time outside the nets (engine + ffmpeg, issue 15)
#   PATH_ARGS="--images 16 --runs 2" SWEEP_ARGS=... RSS_ARGS=... INGEST_ARGS=... STORAGE_ARGS=... EVENTS_ARGS=... SSE_ARGS=... UPLOADS_ARGS=...
#   OVERHEAD_ARGS=... CLI_ARGS=... MEMORY_ARGS=... ENGINE_ARGS=... DETAIL_ARGS=... VIDEO_ARGS=...   # extra options per section
#
# Each section starts its own worker / gateway processes (Release builds, free loopback ports) on a vhost and bucket of
# its own and stops them at its end; the services are stopped at the end only if this script started them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECTIONS=("$@")
((${#SECTIONS[@]})) || SECTIONS=(path sweep rss ingest storage events)
RESULTS="$ROOT/bench/results"
STAMP="$(date -u +%Y-%m-%d-%H%M)"
started_services=0

log() { printf '[perf] %s\n' "$*" >&2; }

cleanup() {
    if ((started_services)); then
        "$ROOT/scripts/services.sh" stop || true
    fi
    # Every section's bucket (inputs and results of thousands of jobs): s3rver keeps each bucket as a folder.
    rm -rf "$ROOT"/.local/s3/data/bench-* 2>/dev/null || true
}
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building (Release): Gateway, GpuWorker, Cli, Cartoon.Bench"
for project in src/Gateway src/GpuWorker src/Cli bench/Cartoon.Bench; do
    dotnet build -c Release --nologo -v q "$project" >/tmp/cartoon-perf-build.log 2>&1 || { tail -n 30 /tmp/cartoon-perf-build.log >&2; exit 1; }
done

if ! "$ROOT/scripts/services.sh" status >/dev/null 2>&1; then
    "$ROOT/scripts/services.sh" start
    started_services=1
fi
# shellcheck source=/dev/null
source "$ROOT/.local/services.env"

mkdir -p "$RESULTS"
for section in "${SECTIONS[@]}"; do
    case "$section" in
        path) extra=${PATH_ARGS:-} ;;
        sweep) extra=${SWEEP_ARGS:-} ;;
        rss) extra=${RSS_ARGS:-} ;;
        ingest) extra=${INGEST_ARGS:-} ;;
        storage) extra=${STORAGE_ARGS:-} ;;
        events) extra=${EVENTS_ARGS:-} ;;
        sse) extra=${SSE_ARGS:-} ;;
        uploads) extra=${UPLOADS_ARGS:-} ;;
        overhead) extra=${OVERHEAD_ARGS:-} ;;
        cli) extra=${CLI_ARGS:-} ;;
        memory) extra=${MEMORY_ARGS:-} ;;
        engine) extra=${ENGINE_ARGS:-} ;;
        detail) extra=${DETAIL_ARGS:-} ;;
        video) extra=${VIDEO_ARGS:-} ;;
        *) log "unknown section $section (path, sweep, rss, ingest, storage, events, sse, uploads, overhead, cli, memory, engine, detail, video)"; exit 2 ;;
    esac
    out="$RESULTS/$STAMP-$section.md"
    log "$section: load average $(cut -d' ' -f1-3 /proc/loadavg); report → ${out#"$ROOT"/}"
    # shellcheck disable=SC2086 # extra options are words on purpose
    dotnet bench/Cartoon.Bench/bin/Release/net10.0/Cartoon.Bench.dll "$section" $extra --out "$out"
done
