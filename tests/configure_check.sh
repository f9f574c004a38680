#!/usr/bin/env bash
# The README's first command works on a machine without cmocka: the build
# configures (unit tests skipped, with a message saying so), and with
# YF_REQUIRE_CMOCKA=ON (scripts/test, CI) a missing cmocka stops the
# configure. cmocka is hidden by presetting its header's cache entry to
# NOTFOUND; the check fails if that no longer hides it.
# usage: configure_check.sh SOURCE_DIR
set -euo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hide=(-DCMOCKA_INCLUDE_DIR=CMOCKA_INCLUDE_DIR-NOTFOUND)
cmake -S "$src" -B "$tmp/plain" "${hide[@]}" >"$tmp/plain.log" 2>&1 \
  || { cat "$tmp/plain.log"; echo "configure without cmocka failed"; exit 1; }
grep -q -- '-- cmocka not found: the [0-9]* unit test executables are skipped' "$tmp/plain.log" \
  || { cat "$tmp/plain.log"; echo "no message that the unit tests are skipped"; exit 1; }
if ctest --test-dir "$tmp/plain" -N | grep -q ' unit_'; then
  echo "unit tests registered without cmocka"; exit 1
fi
if cmake -S "$src" -B "$tmp/required" "${hide[@]}" -DYF_REQUIRE_CMOCKA=ON >"$tmp/req.log" 2>&1; then
  cat "$tmp/req.log"; echo "YF_REQUIRE_CMOCKA=ON configured without cmocka"; exit 1
fi
grep -q 'YF_REQUIRE_CMOCKA=ON needs them' "$tmp/req.log" \
  || { cat "$tmp/req.log"; echo "no message naming YF_REQUIRE_CMOCKA"; exit 1; }
echo "configure: without cmocka the unit tests are skipped with a message; YF_REQUIRE_CMOCKA=ON fails"
