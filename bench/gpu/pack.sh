#!/usr/bin/env bash
# Packs the engine bench for a GPU machine that has CUDA 13 + cuDNN 9 (in PyTorch's nvidia-* wheels) but no .NET and
# no package access: a self-contained linux-x64 publish (ONNX Runtime's CUDA provider included), the weights, the
# two sample photos, tar + xz -6, split into parts small enough for one device call each, and a sha256 manifest.
#
#   bench/gpu/pack.sh [OUT_DIR]          # default: <repo>/.gpu (ignored by git)
#
# Environment: CARTOON_MODELS (default ../shared/models beside the repo), PART_SIZE (split -b, default 57M: 57 MiB =
# 59.8 MB, so a part plus the repo's tracked files stays under a device call's 64 MiB), XZ_THREADS (default 0: all cores).
# Writes OUT_DIR/cartoon-gpu-bench.tar.xz.part-NN, OUT_DIR/SHA256SUMS, OUT_DIR/run.sh and OUT_DIR/PACK.txt (sizes).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:-$root/.gpu}
models=${CARTOON_MODELS:-$root/../shared/models}
samples=$root/../shared/samples
part_size=${PART_SIZE:-57M}
name=cartoon-gpu-bench

for f in retinaface_mnet025.onnx dctnet_face_blend_mask_288.jpg dctnet_anime_head.onnx dctnet_anime_bg.onnx dctnet_sketch_bg.onnx; do
  [[ -f $models/$f ]] || { echo "pack: $models/$f missing (set CARTOON_MODELS)" >&2; exit 1; }
done
[[ -d $samples ]] || { echo "pack: $samples missing" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
app=$stage/$name/app

# Partial trimming: the framework assemblies (which declare themselves trimmable) are trimmed, ours and the packages'
# are kept whole. Full trimming publishes and runs the engine, but MassTransit, Minio and ImageSharp report trim
# warnings (IL2104) and the options validation our assemblies use is reflection (IL2026): code a full trim may break
# where no test of the bench reaches it, to save a few MB beside ONNX Runtime's 317 MB of native libraries
# (bench/gpu/README.md has both sizes). The trim analyzers are off for the same reason: they would fail the build
# (warnings are errors) over code this publish keeps whole. Copies, not the repo's usual hard links into the NuGet
# cache: another build linking the same 284 MB file while tar reads it makes tar fail ("file changed as we read it").
dotnet publish "$root/bench/Cartoon.Bench/Cartoon.Bench.csproj" -c Release -r linux-x64 --self-contained \
  -p:PublishTrimmed=true -p:TrimMode=partial -p:EnableTrimAnalyzer=false -p:SuppressTrimAnalysisWarnings=true \
  -p:CreateHardLinksForPublishFilesIfPossible=false -o "$app" -v q -nologo
[[ -f $app/libonnxruntime_providers_cuda.so ]] || { echo "pack: the CUDA provider is not in the publish" >&2; exit 1; }
[[ -x $app/Cartoon.Bench ]] || { echo "pack: no Cartoon.Bench executable in the publish" >&2; exit 1; }

mkdir -p "$stage/$name/shared/models" "$stage/$name/shared/samples"
# Every generator (the engine checks all styles' files at start; the bench runs anime), fp16 variants included where a
# converter has written them beside, the detector and the blend mask.
cp "$models"/retinaface_mnet025.onnx "$models"/dctnet_face_blend_mask_288.jpg "$models"/dctnet_*.onnx "$stage/$name/shared/models/"
cp "$samples"/*.png "$stage/$name/shared/samples/"

mkdir -p "$out"
rm -f "$out/$name".tar.xz.part-* "$out/SHA256SUMS" "$out/$name.tar.xz"
tar -C "$stage" -cf - "$name" | xz -6 -T"${XZ_THREADS:-0}" > "$out/$name.tar.xz"
(cd "$out" && split -b "$part_size" -d -a 2 "$name.tar.xz" "$name.tar.xz.part-")
(cd "$out" && sha256sum "$name".tar.xz.part-* "$name.tar.xz" > SHA256SUMS)
cp "$root/bench/gpu/run.sh" "$out/run.sh"

publish_bytes=$(du -sb "$app" | cut -f1)
cuda_bytes=$(stat -c %s "$app/libonnxruntime_providers_cuda.so")
stage_bytes=$(du -sb "$stage/$name" | cut -f1)
xz_bytes=$(stat -c %s "$out/$name.tar.xz")
parts=$(ls "$out/$name".tar.xz.part-* | wc -l)
largest=$(stat -c %s "$out/$name".tar.xz.part-* | sort -n | tail -1)
rm "$out/$name.tar.xz"
{
  echo "packed: $(date -u '+%Y-%m-%d %H:%M') UTC from $(git -C "$root" rev-parse --short HEAD)"
  echo "publish (app/): $publish_bytes bytes ($(( publish_bytes / 1048576 )) MiB), of which libonnxruntime_providers_cuda.so $cuda_bytes"
  echo "archive contents (app + models + samples): $stage_bytes bytes ($(( stage_bytes / 1048576 )) MiB)"
  echo "tar.xz (-6): $xz_bytes bytes ($(( xz_bytes / 1048576 )) MiB)"
  echo "parts: $parts of at most $part_size (largest $largest bytes)"
} | tee "$out/PACK.txt"
