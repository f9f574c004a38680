#!/usr/bin/env bash
# cmake --install into a temporary prefix, then build a small program
# against the installed library twice — with pkg-config and with CMake's
# find_package(yoloflops) — run both, and check the man page and binary.
# usage: install_check.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
for f in bin/yoloflops include/yoloflops.h include/yoloflops_version.h \
         lib/pkgconfig/yoloflops.pc lib/cmake/yoloflops/yoloflopsConfig.cmake \
         share/man/man1/yoloflops.1; do
  [ -e "$tmp/prefix/$f" ] || { echo "missing: $f"; exit 1; }
done
ls "$tmp/prefix"/lib/libyoloflops.* >/dev/null
"$tmp/prefix/bin/yoloflops" --version | grep -q '^yoloflops '
grep -q '^\.TH YOLOFLOPS 1' "$tmp/prefix/share/man/man1/yoloflops.1"
grep -q 'max\\-gflops' "$tmp/prefix/share/man/man1/yoloflops.1"   # from the figure registry

cat >"$tmp/use.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <yoloflops.h>
int main(void)
{
    const char *cfg = "[net]\nwidth=8\nheight=8\nchannels=3\n[convolutional]\nfilters=4\nsize=3\npad=1\n";
    yf_error err;
    yf_model *m = yf_model_load_buffer(cfg, strlen(cfg), "use.cfg", NULL, &err);
    if (!m)
        return 1;
    /* budgets from JSON (cJSON) and a figure's value (libm): a static
     * library's dependencies must reach the consumer's link line */
    const char *json = "{\"max_params\": \"1k\"}";
    yf_limit limits[4];
    int n = 0;
    if (yf_budget_parse(json, strlen(json), limits, 4, &n, &err) || n != 1)
        return 1;
    yf_profile p = {.model = m};
    yf_value v = yf_figure_value(&p, yf_figure_find("params"), -1);
    printf("%s %lld\n", YF_VERSION, (long long)yf_value_real(v));
    yf_model_free(m);
    return 0;
}
C
want="$("$tmp/prefix/bin/yoloflops" --version | cut -d' ' -f2) 112"
# Both ways a consumer asks pkg-config: plain --libs (what most Makefiles
# write) must link the static library on its own, and so must --static.
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
for mode in "" --static; do
  cc "$tmp/use.c" -o "$tmp/use-pc" $(pkg-config --cflags --libs $mode yoloflops) \
    || { echo "pkg-config consumer (--libs $mode) does not link"; exit 1; }
  [ "$("$tmp/use-pc")" = "$want" ] || { echo "pkg-config consumer (--libs $mode): wrong output"; exit 1; }
done

mkdir -p "$tmp/proj"
cat >"$tmp/proj/CMakeLists.txt" <<'C'
cmake_minimum_required(VERSION 3.16)
project(use C)
find_package(yoloflops REQUIRED)
add_executable(use ../use.c)
target_link_libraries(use PRIVATE yoloflops::yoloflops)
C
cmake -S "$tmp/proj" -B "$tmp/proj/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/proj/build" >/dev/null
[ "$("$tmp/proj/build/use")" = "$want" ] || { echo "CMake consumer: wrong output"; exit 1; }
echo "install: binary, library, headers, pkg-config, CMake package and man page work"
