#!/usr/bin/env bash
# Builds the libFuzzer binary with clang: tests/fuzz/build.sh [OUT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/build-fuzz/fuzz_cfg}
mkdir -p "$(dirname "$out")/include"
version=$(sed -n 's/^project(yoloflops VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
sed "s/@PROJECT_VERSION@/$version/" "$root/include/yoloflops_version.h.in" \
  >"$(dirname "$out")/include/yoloflops_version.h"
clang -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=all -I"$root/include" -I"$(dirname "$out")/include" -I"$root/src" \
  -I"$root/src/core" "$here/fuzz_cfg.c" "$root"/src/{core,core/layers,figures,analysis,render}/*.c \
  -lcjson -lm -o "$out"
echo "$out"
