#!/usr/bin/env bash
# The serving benchmark (bench/serving-benchmark.sh) on a bigger machine that has neither a .NET SDK nor wrk, with
# the load generator on cores of its own. On a two-core machine wrk shares the server's cores, so
# the throughput ratio (server / in-process, target 0.90) also pays for wrk; pinning the server and the in-process
# run to the same two cores and wrk to two others measures the server alone, and the same run with wrk on the
# server's cores is the control.
#
# Two steps:
#   here (with the SDK):  bench/serving-on-device.sh pack [ARCHIVE]         default ARCHIVE .gpu/serving-bench.tar.xz
#     packs a .NET runtime (no SDK), the server and bench/InProcess.cs published framework-dependent, wrk with the
#     shared libraries it links, the two models (runs/latest and the run before it) and ../shared/data/photos.
#   there:                bench/serving-on-device.sh run ARCHIVE MODE [ROUNDS] [SECONDS]
#     MODE separate: server and in-process on CPUs 0,1 and wrk on 2,3; MODE shared: all three on 0,1.
#     ROUNDS (default 10) interleaved rounds; SECONDS (default 20) per concurrency run. ROUNDS 5 and SECONDS 10 take
#     about 4 minutes a mode; with the repository and the archive copied to the machine:
#       bench/serving-on-device.sh run .gpu/serving-bench.tar.xz separate 5 10 &&
#       bench/serving-on-device.sh run .gpu/serving-bench.tar.xz shared 5 10
set -euo pipefail
cd "$(dirname "$0")/.."

pack() {
  local archive=${1:-.gpu/serving-bench.tar.xz} stage runtime
  stage=$(mktemp -d)
  runtime=$(dirname "$(readlink -f "$(command -v dotnet)")")
  mkdir -p "$stage/pack/dotnet/shared" "$stage/pack/wrk/lib" "$stage/pack/models"
  cp -a "$runtime/dotnet" "$runtime/host" "$stage/pack/dotnet/"
  cp -a "$runtime/shared/Microsoft.NETCore.App" "$runtime/shared/Microsoft.AspNetCore.App" "$stage/pack/dotnet/shared/"
  dotnet publish RpsVision.Serving -c Release -r linux-x64 --self-contained false -o "$stage/pack/prebuilt/serving" -v q -nologo >/dev/null
  dotnet publish bench/InProcess.cs -c Release -r linux-x64 --self-contained false -o "$stage/pack/prebuilt/inprocess" -v q -nologo >/dev/null
  # Files the two apps share (ONNX Runtime, ImageSharp, Core, ...) are kept once, to keep the archive small (about 54 MB).
  local file
  for file in "$stage/pack/prebuilt/inprocess"/*; do
    if cmp -s "$file" "$stage/pack/prebuilt/serving/$(basename "$file")"; then
      ln -sf "../serving/$(basename "$file")" "$file"
    fi
  done
  cp "$(command -v wrk)" "$stage/pack/wrk/"
  # The libraries wrk links beyond glibc (LuaJIT, OpenSSL), so that it runs where they are not installed.
  ldd "$(command -v wrk)" | awk '/=> \// {print $3}' | grep -E 'luajit|libssl|libcrypto' | xargs -I{} cp -L {} "$stage/pack/wrk/lib/"
  local previous
  previous=$(find runs -mindepth 1 -maxdepth 1 -type d ! -name "$(readlink runs/latest)" | sort | tail -n 1)
  cp runs/latest/model.onnx "$stage/pack/models/a.onnx"
  cp "$previous/model.onnx" "$stage/pack/models/b.onnx"
  cp -a ../shared/data/photos "$stage/pack/photos"
  mkdir -p "$(dirname "$archive")"
  tar -C "$stage" -cJf "$archive" pack
  rm -rf "$stage"
  echo "packed $archive ($(du -h "$archive" | cut -f1))"
}

run() {
  local archive=$1 mode=$2
  case $mode in
  separate) export SERVER_CPUS=0,1 LOAD_CPUS=2,3 ;;
  shared) export SERVER_CPUS=0,1 LOAD_CPUS=0,1 ;;
  *) echo "MODE must be separate or shared" >&2; exit 2 ;;
  esac
  work=$(mktemp -d)  # global: the EXIT trap removes it
  trap 'rm -rf "$work"' EXIT
  tar -C "$work" -xJf "$archive"
  local pack=$work/pack
  # wrk on PATH is a wrapper that finds wrk's libraries, so they never shadow the server's own.
  mkdir -p "$pack/bin"
  printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$pack/wrk/lib" "$pack/wrk/wrk" > "$pack/bin/wrk"
  chmod +x "$pack/bin/wrk"
  export PATH=$pack/bin:$pack/dotnet:$PATH DOTNET_ROOT=$pack/dotnet PREBUILT=$pack/prebuilt
  # The machine may lack ICU; neither the server nor the classifier depends on culture data.
  export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 ROUNDS=${3:-10}
  echo "== $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), mode $mode, $(command -v dotnet)"
  # If CPUs 0-3 are not four separate cores (hyperthread siblings), the record should say so.
  for cpu in 0 1 2 3; do
    echo "cpu$cpu siblings: $(cat /sys/devices/system/cpu/cpu$cpu/topology/thread_siblings_list 2>/dev/null || echo '?')"
  done
  bench/serving-benchmark.sh "$pack/models/a.onnx" "$pack/models/b.onnx" "$pack/photos" "${4:-20}"
}

case ${1:-} in
pack) shift; pack "$@" ;;
run) shift; run "$@" ;;
*) sed -n '2,18p' "$0"; exit 2 ;;
esac
