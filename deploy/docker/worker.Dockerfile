# syntax=docker/dockerfile:1.7
# Cartoon GPU worker (src/GpuWorker): consumes the tier queues (one engine call per group or per chunk of video
# frames) and the video queue (frame extraction, face tracking, the mux).
#   docker build -f deploy/docker/worker.Dockerfile -t cartoon-worker .
# Runtime: NVIDIA CUDA 13 + cuDNN 9 (what ONNX Runtime GPU 1.31's CUDA provider loads) + the .NET 10 ASP.NET
# runtime copied from Microsoft's aspnet image (both Ubuntu 24.04 / glibc 2.39). Without a GPU the engine falls back
# to CPU (Engine__Device=Auto) or fails at start (Engine__Device=Cuda).
# The DCT-Net weights are NOT in the image (licence unclear): mount the folder at /models.
# Listens on 8080: /metrics, /health/live, /health/ready.

ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG DOTNET_RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
ARG CUDA_IMAGE=nvidia/cuda:13.0.1-cudnn-runtime-ubuntu24.04

FROM ${DOTNET_SDK_IMAGE} AS build
WORKDIR /repo
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
# linux-x64 only: keeps ONNX Runtime's Linux natives (CUDA provider included), not other platforms'.
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/GpuWorker/GpuWorker.csproj -c Release -r linux-x64 --self-contained false \
        -o /app /p:UseAppHost=false

FROM ${DOTNET_RUNTIME_IMAGE} AS dotnet

FROM ${CUDA_IMAGE} AS runtime
# .NET runtime dependencies (InvariantGlobalization: no ICU), curl for HEALTHCHECK, ffmpeg (with ffprobe) and
# util-linux's prlimit for video items (section "Media", checked at start unless Video:Enabled=false).
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl libssl3t64 libstdc++6 tzdata zlib1g ffmpeg util-linux \
    && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && groupadd --gid 1654 app \
    && useradd --uid 1654 --gid app --create-home --shell /usr/sbin/nologin app \
    && mkdir -p /models && chown app:app /models
WORKDIR /app
COPY --from=build /app ./
# Two glibc malloc arenas instead of 8 per core: with ONNX Runtime's and ImageSharp's native buffers the default
# arenas kept growing RSS 6-8 % per pass of the hostile corpus; with 2 it is flat (+1.7 %, docs/reliability.md).
# A fixed mmap threshold at glibc's 32 MiB ceiling: glibc otherwise moves it after each large free and RSS crept
# (worker over 1000 items: 498 -> 639 MiB). At 128 KiB (the gateway's) every image and tensor buffer was mapped and
# faulted in anew: the worker ran the path bench at 0.78x the raw engine; at 32 MiB 0.98x, RSS over 500 mixed items
# flat (-0.6 %, peak 590 MiB; docs/operate.md, docs/benchmarks.md "Issue 13").
ENV DOTNET_ROOT=/usr/share/dotnet \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=33554432 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    ASPNETCORE_HTTP_PORTS=8080 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    Engine__ModelsDirectory=/models
EXPOSE 8080
VOLUME ["/models"]
USER 1654
# Liveness only (no checks): model load and warm-up are what /health/ready waits for.
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health/live >/dev/null || exit 1
# SIGTERM: the worker finishes the groups in flight (Worker:StopTimeout 2 min + Worker:DrainTimeout 30 s);
# give it that long (docker stop -t 180, compose stop_grace_period, Kubernetes terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "Cartoon.GpuWorker.dll"]
