#!/usr/bin/env bash
# Runs the training job on CUDA on a GPU machine that has no .NET SDK and no NuGet access, but has a Python
# PyTorch with CUDA (a typical rented or shared GPU machine).
#
# Why this way: TorchSharp-cuda-linux (the normal route, `-p:TorchBackend=cuda`) may not be restorable on the
# machine that builds (no access to its feed, or too little disk for its CUDA libraries). So we publish the CPU
# build self-contained, drop its libtorch-cpu libraries, and let TorchSharp's
# libLibTorchSharp.so bind to the CUDA libtorch that ships inside the machine's Python torch package
# (found through LD_LIBRARY_PATH). TorchSharp 0.107.0 is built against libtorch 2.10; the script first lists
# any symbol that the machine's libtorch lacks, so an ABI mismatch shows as such rather than as a crash.
#
# Usage: cuda-with-python-libtorch.sh PUBLISH_TAR_XZ DATA_TAR_XZ OUT_DIR
#   PUBLISH_TAR_XZ  the job published self-contained, without the libtorch-cpu files, as cudapub/ (about 40 MB):
#                     dotnet publish RpsVision.Training -c Release -r linux-x64 --self-contained -o /tmp/cudapub
#                     (cd /tmp/cudapub && rm -f $(ls ~/.nuget/packages/libtorch-cpu-linux-x64/*/runtimes/linux-x64/native))
#                     tar -C /tmp -cJf cudapub.tar.xz cudapub
#   DATA_TAR_XZ     the images as rps-28px/ (rps/ and rps-test-set/): tar -C ../shared/data -cJf rps-28px.tar.xz rps-28px
#   OUT_DIR         where the logs and the runs' metrics.json are copied
# Environment: STEPS (which checks, default all), DEVICE (default cuda), TORCH_LIB (default: Python torch's lib/).
set -uo pipefail
publish_archive=$1 data_archive=$2 out=$3
work=$(mktemp -d)
mkdir -p "$out"

echo "== machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
nproc
python3 -c 'import torch; print("python torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))'
# TORCH_LIB overrides where libtorch is found (e.g. to try the script with libtorch-cpu on a machine without a GPU).
torch_lib=${TORCH_LIB:-$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}

tar -C "$work" -xJf "$publish_archive" && tar -C "$work" -xJf "$data_archive" || exit 1
app=$work/cudapub
export LD_LIBRARY_PATH=$torch_lib
# The image may lack ICU; nothing in training depends on culture data.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 CI=true

echo "== symbols of libLibTorchSharp.so that this libtorch lacks"
missing=$(ldd -r "$app/libLibTorchSharp.so" 2>&1 | grep -E "undefined symbol|not found")
echo "${missing:-none}" | head -20

run() { # name, then the job's arguments
    local name=$1; shift
    echo "== $name: $*"
    local start=$SECONDS
    timeout 240 "$app/RpsVision.Training" "$@" 2>&1 | tee "$out/$name.log" | tail -n 8
    echo "$name: exit ${PIPESTATUS[0]}, $((SECONDS - start)) s"
}

keep_metrics() { # name: the run folder runs-<name>/latest
    [ -f "$work/runs-$1/latest/metrics.json" ] && cp "$work/runs-$1/latest/metrics.json" "$out/metrics-$1.json"
}

# DEVICE=cpu tries the script on a machine without a GPU.
device=${DEVICE:-cuda}
data=(--data-dir "$work/rps-28px" --offline)
# STEPS picks the checks (default: all of them); the machine returns at most 8 files, so pick accordingly.
for step in ${STEPS:-cuda tf32 evaluate bench-data best resume cpu}; do
    case $step in
    cuda) run train-cuda "${data[@]}" --device "$device" --output-dir "$work/runs-cuda"; keep_metrics cuda ;;
    tf32) run train-tf32 "${data[@]}" --device "$device" --mixed-precision --output-dir "$work/runs-tf32"; keep_metrics tf32 ;;
    cpu) run train-cpu "${data[@]}" --device cpu --output-dir "$work/runs-cpu"; keep_metrics cpu ;;
    best) # restores the best epoch's weights into the live CUDA model at the end
        run train-best "${data[@]}" --device "$device" --select best-validation --output-dir "$work/runs-best"; keep_metrics best ;;
    evaluate) # loads a GPU run's checkpoint back onto the GPU (a trainer resumed from it)
        checkpoint=$(ls "$work"/runs-{best,cuda}/latest/checkpoint.bin 2>/dev/null | head -n 1)
        [ -n "$checkpoint" ] || { run train-cuda "${data[@]}" --device "$device" --output-dir "$work/runs-cuda"; checkpoint=$work/runs-cuda/latest/checkpoint.bin; }
        run evaluate-cuda evaluate --checkpoint "$checkpoint" "${data[@]}" --device "$device" ;;
    bench-data) run bench-data-cuda bench data "${data[@]}" --device "$device" ;;
    resume) # kill -9 a 12-epoch run after epoch 4, resume it, and set it beside an uninterrupted 12-epoch run
        echo "== resume-cuda"
        "$app/RpsVision.Training" "${data[@]}" --device "$device" --epochs 12 --output-dir "$work/runs-resume" > "$out/resume-cuda.log" 2>&1 &
        pid=$!
        for _ in $(seq 1200); do grep -q "epoch   4/12" "$out/resume-cuda.log" && break; sleep 0.1; done
        kill -9 $pid; wait $pid 2>/dev/null
        echo "killed after: $(grep -c '^epoch' "$out/resume-cuda.log") epochs"
        timeout 240 "$app/RpsVision.Training" "${data[@]}" --device "$device" --epochs 12 --output-dir "$work/runs-resume" --resume >> "$out/resume-cuda.log" 2>&1
        echo "resume-cuda: exit $?"; tail -n 4 "$out/resume-cuda.log"; keep_metrics resume
        run train-12 "${data[@]}" --device "$device" --epochs 12 --output-dir "$work/runs-12"; keep_metrics 12 ;;
    *) echo "unknown step $step"; exit 2 ;;
    esac
done
ls -la "$out"
