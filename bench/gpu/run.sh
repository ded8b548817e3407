#!/usr/bin/env bash
# On the GPU machine (CUDA 13 + cuDNN 9 inside PyTorch's nvidia-* wheels, no .NET): joins the parts that pack.sh made,
# checks them against SHA256SUMS, unpacks, puts the wheels' CUDA libraries on LD_LIBRARY_PATH and runs
# `Cartoon.Bench gpu` on CUDA, fp32 then fp16 (where the build and the weights have it). bench/gpu/README.md says
# how the parts get there.
#
#   bash run.sh [PARTS_DIR]              # default: the folder of this script
#
# Environment: OUT (results; default PARTS_DIR/out), WORK (unpack folder; default PARTS_DIR/work), PYTHON (default
# python3: the one whose site-packages hold nvidia/*), BENCH_SIDE (720), BENCH_GROUPS (1,4,8,16), BENCH_REPS (5), PRECISIONS ("Fp32 Fp16"),
# DEVICE (Cuda: fail rather than fall back to the CPU; Auto for a dry run on a machine without a GPU).
# Results, at most 8 files (a device call brings back no more): env.txt, gpu-<precision>.{md,json,log}.
set -euo pipefail

parts_dir=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")}" && pwd)
out=${OUT:-$parts_dir/out}
work=${WORK:-$parts_dir/work}
name=cartoon-gpu-bench
mkdir -p "$out" "$work"
env_txt=$out/env.txt

cd "$parts_dir"
ls "$name".tar.xz.part-* > /dev/null
cat "$name".tar.xz.part-* > "$name.tar.xz"
sha256sum -c SHA256SUMS | tee "$env_txt"   # every part, and the joined archive

rm -rf "${work:?}/$name"
if command -v xz > /dev/null; then
  xz -dc -T0 "$name.tar.xz" | tar -x -C "$work"
else
  "${PYTHON:-python3}" -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$name.tar.xz" | tar -x -C "$work"
fi
rm "$name.tar.xz"
bench=$work/$name

# CUDA 13 / cuDNN 9 from the wheels PyTorch installed: every nvidia/<package>/lib (cu13 wheels: nvidia/cu13/lib).
libs=$("${PYTHON:-python3}" - <<'PY'
import glob, os, site
roots = site.getsitepackages() + [site.getusersitepackages()]
dirs = sorted({d for r in roots for d in glob.glob(os.path.join(r, "nvidia", "*", "lib")) if os.path.isdir(d)})
print(":".join(dirs))
PY
)
if [[ -z $libs ]]; then
  echo "run: no site-packages/nvidia/*/lib found for ${PYTHON:-python3}" | tee -a "$env_txt" >&2
  # Only a dry run (DEVICE=Auto: the engine falls back to the CPU) goes on without them.
  [[ ${DEVICE:-Cuda} == Auto ]] || exit 1
fi
# The driver's NVML (libnvidia-ml.so.1), where the image keeps it outside the linker's path.
[[ -d /usr/local/nvidia/lib64 ]] && libs=$libs:/usr/local/nvidia/lib64
export LD_LIBRARY_PATH=$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
LD_LIBRARY_PATH=${LD_LIBRARY_PATH#:}

{
  echo "## LD_LIBRARY_PATH"; tr ':' '\n' <<< "$LD_LIBRARY_PATH"
  echo "## unresolved libraries of the CUDA provider (none expected)"
  ldd "$bench/app/libonnxruntime_providers_cuda.so" | grep 'not found' || echo "none"
  echo "## nvidia-smi"; nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv || echo "nvidia-smi failed"
  echo "## models"; ls -l "$bench/shared/models"
} >> "$env_txt" 2>&1

export CARTOON_MODELS=$bench/shared/models Engine__Device=${DEVICE:-Cuda}
# Unset by default: the engine would warm 720² for nothing; each group's first call warms its own shape.
args=(gpu --side "${BENCH_SIDE:-720}" --groups "${BENCH_GROUPS:-1,4,8,16}" --reps "${BENCH_REPS:-5}")
status=0
for precision in ${PRECISIONS:-Fp32 Fp16}; do
  tag=$(tr '[:upper:]' '[:lower:]' <<< "$precision")
  if [[ $precision == Fp16 ]] && ! ls "$bench/shared/models/"*fp16* > /dev/null 2>&1; then
    echo "run: no fp16 weights in the pack: fp16 skipped" | tee -a "$env_txt"
    continue
  fi
  log=$out/gpu-$tag.log
  # Portraits are found from the working directory (shared/samples), the weights through CARTOON_MODELS.
  if (cd "$bench" && ./app/Cartoon.Bench "${args[@]}" --set "Engine:Precision=$precision" \
        --out "$out/gpu-$tag.md" --json "$out/gpu-$tag.json") > "$log" 2>&1; then
    continue
  fi
  if grep -q "not found on the instance of Cartoon.Engine.EngineOptions: 'Precision'" "$log"; then
    if [[ $precision == Fp32 ]]; then
      # A build from before Engine:Precision: its only precision is the weights' own (fp32 compute).
      echo "run: this build has no Engine:Precision; fp32 run without it" | tee -a "$env_txt"
      (cd "$bench" && ./app/Cartoon.Bench "${args[@]}" --out "$out/gpu-$tag.md" --json "$out/gpu-$tag.json") > "$log" 2>&1 || status=1
    else
      echo "run: this build has no Engine:Precision: $precision skipped" | tee -a "$env_txt"
    fi
  else
    echo "run: $precision failed, see $log" | tee -a "$env_txt"; tail -5 "$log" >&2; status=1
  fi
done
cat "$out"/gpu-*.md 2>/dev/null || true
exit $status
