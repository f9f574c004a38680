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
clang -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=all -I"$root/include" -I"$(dirname "$out")/include" -I"$root/src" \
  -I"$root/src/core" "$here/fuzz_$target.c" "${cli[@]}" \
  "$root"/src/{core,core/layers,figures,analysis,render}/*.c -lcjson -lm -o "$out"
echo "$out"
