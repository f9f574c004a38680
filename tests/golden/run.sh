#!/usr/bin/env bash
# One golden case: tests/golden/run.sh BIN ROOT CASEDIR
# CASEDIR/cmd holds the arguments (one line, shell words, paths relative to
# the repository root); expected results are CASEDIR/stdout, stderr and exit.
# CASEDIR/locale, when present, is the LC_ALL to run with (default C.UTF-8).
# UPDATE=1 rewrites the expectations instead of comparing (review the diff).
set -u
bin=$1 root=$2 dir=$3
args=$(cat "$dir/cmd")
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
cd "$root" || exit 2
locale=C.UTF-8
[ -f "$dir/locale" ] && locale=$(cat "$dir/locale")
LC_ALL=$locale eval "\"\$bin\" $args" >"$out" 2>"$err" </dev/null
code=$?
if [ "${UPDATE:-0}" = 1 ]; then
  cp "$out" "$dir/stdout"; cp "$err" "$dir/stderr"; echo "$code" >"$dir/exit"
  exit 0
fi
status=0
diff -u "$dir/stdout" "$out" || status=1
diff -u "$dir/stderr" "$err" || status=1
want=$(cat "$dir/exit")
if [ "$code" != "$want" ]; then
  echo "exit code $code, expected $want"
  status=1
fi
exit $status
