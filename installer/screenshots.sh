#!/usr/bin/env bash
# Pictures of every studio page under Xvfb, at the sizes people use, in both
# palettes, into docs/screenshots/<page>-<W>x<H>[-dark].png. Look at them.
#   installer/screenshots.sh [OUTDIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${SQUALL_BUILD_DIR:-$here/build}"
out="${1:-$here/docs/screenshots}"
cmake --build "$build" --target squall-studio-shots >/dev/null
for size in 1366x768 1920x1080; do
    xvfb-run -a -s "-screen 0 ${size}x24" "$build/app/studio/squall-studio-shots" --out "$out" --designer
done
xvfb-run -a -s "-screen 0 1366x768x24" "$build/app/studio/squall-studio-shots" --out "$out" --dark --designer
