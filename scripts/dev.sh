#!/usr/bin/env bash
# Set up a fresh machine (Python 3.11, git) and serve the site or run every test.
#   bash scripts/dev.sh serve   -> http://127.0.0.1:8000
#   bash scripts/dev.sh test    -> the whole test suite (unit, golden, build, browser)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3

setup_python() {
    if [ ! -x .venv/bin/python ]; then
        "$PYTHON" -m venv .venv
    fi
    # constraints.txt pins every transitive dependency, so a fresh machine gets what CI tested.
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
}

setup_chromium() {
    # Browser tests drive Debian's Chromium through Playwright; Playwright's own browser
    # download is not used (and cannot work offline).
    if [ -x /usr/bin/chromium ]; then return; fi
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "Installing Debian's chromium for the browser tests..." >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

case "${1:-}" in
    serve)
        setup_python
        exec .venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000
        ;;
    test)
        setup_python
        setup_chromium
        shift
        exec .venv/bin/python -m pytest "$@"
        ;;
    *)
        echo "usage: bash scripts/dev.sh serve | test [pytest args]" >&2
        exit 2
        ;;
esac
