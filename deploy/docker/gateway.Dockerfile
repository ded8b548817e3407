# syntax=docker/dockerfile:1.7
# Cartoon gateway (src/Gateway): HTTP API, job state, webhooks. Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t cartoon-gateway .
# Listens on 8080 (ASPNETCORE_HTTP_PORTS of the aspnet image); serves /metrics, /health/live, /health/ready.

ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG DOTNET_RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${DOTNET_SDK_IMAGE} AS build
WORKDIR /repo
# The whole src/ tree (not csproj-first): new projects need no Dockerfile change; NuGet is cached by BuildKit.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
# CartoonEmbedded=false: the distributed gateway has no embedded worker, so no engine and no ONNX Runtime
# (56 MiB published instead of 360 MiB; tests/Deploy.Tests/GatewayPublishTests runs this same command).
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/Gateway/Gateway.csproj -c Release -o /app /p:UseAppHost=false /p:CartoonEmbedded=false

FROM ${DOTNET_RUNTIME_IMAGE} AS runtime
# curl for HEALTHCHECK (the aspnet image has no HTTP client); ffmpeg for its ffprobe, run under util-linux's prlimit:
# a video part is probed at submit (container, codec, duration, frame size) so limits are refused with 413/415 before
# anything is queued.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ffmpeg util-linux \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# Two glibc malloc arenas instead of 8 per core: with ImageSharp's (and, in the worker, ONNX Runtime's) buffers the default
# arenas kept growing RSS 6-8 % per pass of the hostile corpus; with 2 it is flat (+1.7 %, docs/reliability.md).
# A fixed 128 KiB mmap threshold: glibc otherwise raises it after each large free, so image and tensor buffers land in
# the arenas and are never given back (worker over 1000 items: 498 -> 639 MiB; fixed: 232 -> 239 MiB, docs/benchmarks.md).
ENV ASPNETCORE_HTTP_PORTS=8080 \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    Messaging__Transport=RabbitMq \
    Storage__Provider=S3
EXPOSE 8080
# Non-root: the aspnet image's "app" user (UID 1654).
USER $APP_UID
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health/live >/dev/null || exit 1
ENTRYPOINT ["dotnet", "Cartoon.Gateway.dll"]
