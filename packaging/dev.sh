#!/usr/bin/env bash
# layso developer entry point.
#   packaging/dev.sh run    install what is missing, build, start layso-server with demo data
#   packaging/dev.sh test   install what tests need, check the code style, build with sanitizers, run ctest
#   packaging/dev.sh format rewrite every tracked .c/.h file in the style of .clang-format
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

# Debian packages to build and run (the server and the kiosk).
build_packages=(
  build-essential cmake pkg-config
  libglib2.0-dev libsodium-dev libjson-c-dev
  libmicrohttpd-dev libsqlite3-dev libpq-dev zlib1g-dev
  libcairo2-dev libpango1.0-dev libqrencode-dev libgdk-pixbuf-2.0-dev libzbar-dev
  libgtk-4-dev libgtk-4-bin librsvg2-common libcurl4-openssl-dev libcups2-dev
  libespeak-ng-dev espeak-ng-data
  fonts-noto-core ca-certificates
)
# What the tests add: a real cupsd, Xvfb and cage, Chromium (Node comes below), OCR, wrk, and
# PostgreSQL (ctest starts a private throwaway cluster: tests/pg/cluster.sh) with nginx and
# openssl for the nginx example's test.
test_packages=(
  postgresql nginx openssl
  cups cups-client cups-bsd cups-filters
  xvfb xauth matchbox-window-manager dbus imagemagick
  zbar-tools qrencode poppler-utils tesseract-ocr tesseract-ocr-vie curl sqlite3 chromium wrk xdotool
  cage xwayland python3
  clang libclang-rt-14-dev clang-format
)

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # the services these packages bring (nginx, cupsd, PostgreSQL) are not started: the tests
  # start their own, and a distribution nginx on port 80 could fail to start and fail the
  # install; Debian's invoke-rc.d asks policy-rc.d, which answers 101 (forbidden)
  local policy=/usr/sbin/policy-rc.d added=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy"
    added=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
    { [ -z "$added" ] || $sudo rm -f "$policy"; return 1; }
  [ -z "$added" ] || $sudo rm -f "$policy"
}

install_npm() {
  # Node may come from elsewhere than Debian's nodejs (the CI image has its own): only ask
  # apt for it when there is no npm at all.
  command -v npm >/dev/null || install_missing nodejs npm
  # playwright-core drives Debian's /usr/bin/chromium; it never downloads a browser.
  # npm writes node_modules/.package-lock.json on every install: reinstall when the
  # committed lock file is newer (a dependency was added since the last install).
  local dir=tests/browser
  [ -f "$dir/package-lock.json" ] || return 0
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
     [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

jobs=$(nproc)

# The style is whatever .clang-format says; the check and the fix run the same program on the
# same files, so a tree that `format` produced always passes `test`.
c_sources() {
  git ls-files -z '*.c' '*.h'
}

check_format() {
  if ! c_sources | xargs -0 clang-format --dry-run --Werror 2>/dev/null; then
    echo "dev.sh: these files are not formatted (run packaging/dev.sh format):" >&2
    c_sources | while IFS= read -r -d '' f; do
      clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "  $f" >&2
    done
    return 1
  fi
}

case "${1:-}" in
  run)
    install_missing "${build_packages[@]}"
    cmake -S . -B build-run -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
    cmake --build build-run -j"$jobs"
    mkdir -p "${XDG_DATA_HOME:-$HOME/.local/share}/layso"
    db="${LAYSO_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/layso/layso.db}"
    echo "layso-server: http://127.0.0.1:8080/dat-lich  (database $db)"
    # The server keeps only a hash of a kiosk token and prints the token once, when the
    # kiosk is created: keep it beside the database so later runs can show it again.
    token_file="$db.kiosk-token"
    [ -s "$token_file" ] && cat "$token_file"
    # a release build has no source-tree fallback for the pages: name them
    build-run/server/layso-server --db "sqlite:$db" --listen 127.0.0.1:8080 --seed-demo \
      --assets "$PWD/assets/web" |
      while IFS= read -r line; do
        printf '%s\n' "$line"
        case "$line" in
          "kiosk token: "*) (umask 077; printf '%s\n' "$line" > "$token_file") ;;
        esac
      done
    ;;
  test)
    install_missing "${build_packages[@]}" "${test_packages[@]}"
    install_npm
    check_format
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug -DLAYSO_SANITIZE=ON -DLAYSO_WERROR=ON
    cmake --build build -j"$jobs"
    cd build
    ctest --output-on-failure -j"$jobs" --timeout 600
    cd "$here"
    # libFuzzer targets, 30 s each, in their own clang build dir (build-fuzz)
    tests/fuzz/run.sh 30
    ;;
  format)
    install_missing clang-format
    c_sources | xargs -0 clang-format -i
    ;;
  *)
    echo "usage: packaging/dev.sh run|test|format" >&2
    exit 2
    ;;
esac
