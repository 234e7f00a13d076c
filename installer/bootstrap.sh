#!/usr/bin/env bash
# Installs what Squall needs on Debian 12, builds it, then runs it or its tests.
#   installer/bootstrap.sh run [options]                build and start the studio (or, with no
#                                                        display, the daemon)
#   installer/bootstrap.sh test                          build and run every test
#   installer/bootstrap.sh build                         build only
#   installer/bootstrap.sh sanitize                      ASan + UBSan build (build-asan/) and its unit tests
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${SQUALL_BUILD_DIR:-$here/build}"
mode="${1:-run}"
shift || true

packages=(cmake ninja-build ccache g++ pkg-config
          qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite
          qt6-charts-dev qt6-svg-dev libqt6svg6 qt6-qpa-plugins desktop-file-utils appstream
          libyaml-cpp-dev libssl-dev libqscintilla2-qt6-dev
          python3 sqlite3 xvfb xauth dpkg-dev)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
extra=()
if [ "$mode" = sanitize ]; then
    # Everything instrumented, in its own directory; the studio and the
    # benchmarks are not needed to run the unit tests.
    build="${SQUALL_ASAN_BUILD_DIR:-$here/build-asan}"
    # No -Werror here: gcc's -Wmaybe-uninitialized is wrong about std::variant under
    # ASan; warnings are checked by the normal build.
    extra=(-DSQUALL_SANITIZE=ON -DSQUALL_BUILD_STUDIO=OFF -DSQUALL_BUILD_BENCH=OFF -DSQUALL_WERROR=OFF)
fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DSQUALL_WERROR="$werror" "${extra[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"

case "$mode" in
    run)
        if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$build/app/studio/squall-studio" ]; then
            exec "$build/app/studio/squall-studio" "$@"
        fi
        echo "No display (neither DISPLAY nor WAYLAND_DISPLAY is set): starting the headless daemon, squall serve." >&2
        echo "The studio can attach to it from a desktop: squall-studio --connect http://HOST:9101" >&2
        exec "$build/app/squall/squall" serve "$@"
        ;;
    test)
        cd "$build"
        exec ctest --output-on-failure -j "$(nproc)" "$@"
        ;;
    sanitize)
        # The unit tests only: the e2e tests drive the daemon and CLI as
        # processes and the ui tests need a display; both run in the normal build.
        cd "$build"
        export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
        export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
        # crashguard tests install their own fatal-signal handlers, which ASan owns here.
        exec ctest --output-on-failure -j "$(nproc)" -E '^(e2e|ui)_|^crashguard$' "$@"
        ;;
    build)
        ;;
    *)
        echo "usage: $0 run|test|build|sanitize" >&2
        exit 2
        ;;
esac
