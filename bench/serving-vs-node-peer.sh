#!/usr/bin/env bash
# RpsVision.Serving against the Node.js peer (../shared/peers/node-serving, installed as its README says) on the same
# model file, in one window: after 8 s of warm-up each, wrk alternates 10 s slices between the two servers at
# concurrency 1, 8 and 32, the order flipping every round. Run from the repository root:
#   bench/serving-vs-node-peer.sh <model.onnx> <node-peer folder> [rounds, default 3]
# Prints one JSON line per slice (the peer's predict.lua summary) prefixed with the server and concurrency.
set -euo pipefail
model=$(realpath "$1"); peer=$(realpath "$2"); rounds=${3:-3}
export PHOTOS="$(ls "$(realpath ../shared/data/photos)"/*/*.png | tr '\n' ' ')"
dotnet build -c Release RpsVision.Serving -v q -nologo >/dev/null
dotnet RpsVision.Serving/bin/Release/net10.0/RpsVision.Serving.dll --contentRoot "$PWD/RpsVision.Serving" \
  --urls http://127.0.0.1:8080 --Model:Path="$model" >/tmp/rpsvision-serving.log 2>&1 &
ours=$!; theirs=""
trap 'kill $ours $theirs 2>/dev/null' EXIT
until curl -sf http://127.0.0.1:8080/v2/health/ready >/dev/null; do sleep 0.2; done
# The peer normalises as the model's metadata says (GET /model shows the mean and std RpsVision applies).
read -r mean std < <(curl -s http://127.0.0.1:8080/model | python3 -c '
import json, sys
metadata = json.load(sys.stdin)["metadata"]
def values(text):
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    return ",".join(map(str, parsed)) if isinstance(parsed, list) else str(parsed)
print(values(metadata["mean"]), values(metadata["std"]))')
(cd "$peer" && exec node server.js --model "$model" --port 18950 --workers 2 --softmax --mean "$mean" --std "$std") \
  >/tmp/node-peer.log 2>&1 &
theirs=$!
until curl -sf http://127.0.0.1:18950/health >/dev/null; do sleep 0.2; done
slice() {  # name url concurrency seconds
  local threads=$([ "$3" = 1 ] && echo 1 || echo 2)
  echo "$1 c=$3 $(wrk -t"$threads" -c"$3" -d"$4"s --latency -s "$peer/predict.lua" "$2" | tail -n 1)"
}
for url in http://127.0.0.1:18950/predict http://127.0.0.1:8080/predict; do slice warmup "$url" 8 8 >/dev/null; done
for round in $(seq "$rounds"); do
  for c in 1 8 32; do
    if [ $((round % 2)) = 1 ]; then
      slice node "http://127.0.0.1:18950/predict" "$c" 10; slice rpsvision "http://127.0.0.1:8080/predict" "$c" 10
    else
      slice rpsvision "http://127.0.0.1:8080/predict" "$c" 10; slice node "http://127.0.0.1:18950/predict" "$c" 10
    fi
  done
done
