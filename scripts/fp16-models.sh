#!/usr/bin/env bash
# Writes the fp16 variants of the DCT-Net generators: for each dctnet_<style>_{head,bg}.onnx in MODELS_DIR,
# OUT_DIR/dctnet_<style>_{head,bg}.fp16.onnx (float16 weights and compute, float32 input/output), each checked by one
# ONNX Runtime CPU pass against its fp32 file. The engine loads them with Engine:Precision Auto (on CUDA) or Fp16 when
# they sit beside the fp32 files: OUT_DIR may be MODELS_DIR itself, or a folder that also holds (links to) the fp32
# files, the detector and the blend mask. Like the weights, the variants are never committed (*.onnx is ignored).
#
#   scripts/fp16-models.sh [MODELS_DIR] OUT_DIR [extra `cartoon models fp16` options, e.g. --style anime --time]
#   scripts/fp16-models.sh ../shared/models /srv/cartoon/models --link
#
# --link (this script's own option) also links every other file of MODELS_DIR into OUT_DIR, so OUT_DIR alone is a
# complete models folder for Engine:ModelsDirectory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -ge 2 && "$2" != --* ]]; then
    MODELS="$(cd "$1" && pwd)"; OUT="$2"; shift 2
elif [[ $# -ge 1 && "$1" != --* ]]; then
    MODELS="$(cd "$ROOT/../shared/models" && pwd)"; OUT="$1"; shift
else
    echo "usage: $0 [MODELS_DIR] OUT_DIR [--link] [cartoon models fp16 options]" >&2; exit 2
fi

LINK=0
ARGS=()
for arg in "$@"; do
    if [[ "$arg" == --link ]]; then LINK=1; else ARGS+=("$arg"); fi
done

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
dotnet build "$ROOT/src/Cli" -c Release -v q -nologo >/dev/null
dotnet run --no-build -c Release --project "$ROOT/src/Cli" -- models fp16 --models "$MODELS" --out "$OUT" "${ARGS[@]}"

if [[ $LINK == 1 && "$OUT" != "$MODELS" ]]; then
    for file in "$MODELS"/*; do
        name="$(basename "$file")"
        [[ "$name" == *.fp16.onnx || -e "$OUT/$name" ]] || ln -s "$file" "$OUT/$name"
    done
    echo "linked the other files of $MODELS into $OUT"
fi
