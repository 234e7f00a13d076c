#!/usr/bin/env bash
# Installs what Squall needs on Debian 12, builds it, then runs it or its tests.
#   installer/bootstrap.sh run [squall serve options]   build and start the daemon
#   installer/bootstrap.sh test                          build and run every test
#   installer/bootstrap.sh build                         build only
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${SQUALL_BUILD_DIR:-$here/build}"
mode="${1:-run}"
shift || true

packages=(cmake ninja-build ccache g++ pkg-config
          qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite
          libyaml-cpp-dev libssl-dev libqscintilla2-qt6-dev
          python3 sqlite3 xvfb xauth)

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
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DSQUALL_WERROR="$werror" >/dev/null
cmake --build "$build" -j "$(nproc)"

case "$mode" in
    run)
        exec "$build/app/squall/squall" serve --packs-dir "$here/packs" "$@"
        ;;
    test)
        cd "$build"
        exec ctest --output-on-failure -j "$(nproc)" "$@"
        ;;
    build)
        ;;
    *)
        echo "usage: $0 run|test|build" >&2
        exit 2
        ;;
esac
