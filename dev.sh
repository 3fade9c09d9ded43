#!/usr/bin/env bash
# Kupang Desk set-up and entry points (see README.md):
#   bash dev.sh app [ARGS]    start the app (ARGS go to kupang-desk, e.g. "demo")
#   bash dev.sh test [ARGS]   ruff, import-linter, mypy, then the whole pytest suite (ARGS go to
#                             pytest)
# Installs what is missing: the Debian libraries Qt needs (when run as root), a virtual
# environment in .venv, and the project with its test extra.
set -euo pipefail
cd "$(dirname "$0")"

QT_DEBS=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libx11-xcb1
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0 libwayland-client0
  libwayland-cursor0 libwayland-egl1 libgssapi-krb5-2 binutils
  xvfb)  # xvfb: tests/test_preview_sizes.py shows the preview on a real X screen

install_debian_libraries() {
  command -v dpkg-query >/dev/null || return 0
  local missing=()
  for package in "${QT_DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
  python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "Memasang pustaka Debian: ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Peringatan: pustaka berikut belum terpasang (jalankan sebagai root atau:" >&2
    echo "  sudo apt-get install ${missing[*]})" >&2
  fi
}

install_python_environment() {
  local stamp=.venv/.installed wanted
  wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
  [ -x .venv/bin/python ] || python3 -m venv .venv
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test]"
    echo "$wanted" >"$stamp"
  fi
}

command=${1:-}
shift || true
case "$command" in
  app)
    install_debian_libraries
    install_python_environment
    exec .venv/bin/kupang-desk "$@"
    ;;
  test)
    install_debian_libraries
    install_python_environment
    export QT_QPA_PLATFORM=offscreen
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    .venv/bin/lint-imports
    .venv/bin/mypy  # files and strictness: [tool.mypy] in pyproject.toml
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "Pemakaian: bash dev.sh app [ARGUMEN] | bash dev.sh test [ARGUMEN PYTEST]" >&2
    exit 2
    ;;
esac
