#!/usr/bin/env bash
# Runs the end-to-end suite: builds gongkai (unless GONGKAI_BIN is set), creates the venv
# .venv-e2e with Python 3.12, installs e2e/requirements.txt, runs pytest on e2e/.
#
# Needs (Debian): nginx chromium chromium-driver default-jre-headless (or openjdk-17-jre-headless),
# and a Python 3.12 (PYTHON, else python3.12 on PATH, else pyenv's 3.12.x).
# Extra arguments go to pytest (e.g. `e2e/run.sh -k axe -x`).
# Exit status: pytest's; "no tests collected" (5) is a failure too, because this suite always has tests.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  # pyenv's shims answer `command -v` even when they cannot run: try each candidate for real.
  local p
  for p in ${PYTHON:-} "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3.12 python3.12; do
    if "$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' >/dev/null 2>&1; then
      echo "$p"; return
    fi
  done
  echo "e2e/run.sh: no working Python 3.12 found (set PYTHON=/path/to/python3.12)" >&2
  exit 2
}

VENV="${E2E_VENV:-.venv-e2e}"
if [[ ! -x "$VENV/bin/python" ]]; then
  "$(find_python)" -m venv "$VENV"
fi
stamp="$VENV/.requirements"
if ! cmp -s e2e/requirements.txt "$stamp"; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r e2e/requirements.txt
  cp e2e/requirements.txt "$stamp"
fi

if [[ -z "${GONGKAI_BIN:-}" ]]; then
  swift build --product gongkai
  export GONGKAI_BIN="$PWD/.build/debug/gongkai"
fi

set +e
"$VENV/bin/python" -m pytest -c e2e/pytest.ini -p no:cacheprovider -ra "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
  echo "e2e/run.sh: pytest collected no tests" >&2
  exit 1
fi
exit $status
