#!/usr/bin/env bash
# Builds a libFuzzer binary with clang: tests/fuzz/build.sh TARGET [OUT]
# TARGET: cfg, weights, budget or options (tests/fuzz/fuzz_TARGET.c).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${1:-cfg}
out=${2:-$root/build-fuzz/fuzz_$target}
mkdir -p "$(dirname "$out")/include"
version=$(sed -n 's/^project(yoloflops VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
sed "s/@PROJECT_VERSION@/$version/" "$root/include/yoloflops_version.h.in" \
  >"$(dirname "$out")/include/yoloflops_version.h"
cli=()
[ "$target" = options ] && cli=("$root"/src/cli/{options,output}.c)
# the latency model's data, built into the library as CMake does (CMakeLists.txt)
data=$(dirname "$out")/latency_data.c
clang -std=c11 -O1 "$root/tools/embed_json.c" -lcjson -o "$(dirname "$out")/yf_embed_json"
"$(dirname "$out")/yf_embed_json" "$data" yf_data_devices="$root/data/latency/devices.json" \
  yf_data_runtimes="$root/data/latency/runtimes.json" yf_data_fitted="$root/data/latency/fitted.json"
clang -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=all -I"$root/include" -I"$(dirname "$out")/include" -I"$root/src" \
  -I"$root/src/core" "$here/fuzz_$target.c" "${cli[@]}" \
  "$root"/src/{core,core/layers,figures,analysis,render}/*.c "$data" -lcjson -lm -o "$out"
echo "$out"
