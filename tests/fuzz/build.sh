#!/usr/bin/env bash
# Builds the libFuzzer binary with clang: tests/fuzz/build.sh [OUT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/build-fuzz/fuzz_cfg}
mkdir -p "$(dirname "$out")"
clang -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=all -I"$root/include" -I"$root/src" \
  "$here/fuzz_cfg.c" "$root"/src/{arena,error,lex,keys,model,memory,budget,diff,weights,report,report_table,report_json,report_csv,report_md,report_diff,report_weights}.c \
  "$root"/src/layers/*.c -lcjson -lm -o "$out"
echo "$out"
