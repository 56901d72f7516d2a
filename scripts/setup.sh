#!/usr/bin/env bash
# Set up everything rendering and testing need: Debian packages, .venv, the project with its dev extra.
# Idempotent: a second run checks and returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
TORCH_VERSION=2.13.0
# libreoffice-impress and poppler-utils: the PPTX test converts decks to PDF and renders its pages
DEB_PACKAGES="libcairo2-dev libpango1.0-dev pkg-config texlive-latex-base texlive-latex-extra dvisvgm libreoffice-impress poppler-utils"
# the web page tests' browser; they skip without it, so a system that has no such package (Ubuntu ships
# Chromium as a snap) only gets a note, once
BROWSER_PACKAGE=chromium
NO_BROWSER_NOTE=".cache/setup-no-chromium"

say() { printf 'setup: %s\n' "$*" >&2; }

# 1. System libraries for Manim (cairo, pango) and LaTeX for its formulas.
if command -v apt-get >/dev/null 2>&1; then
    missing=""
    for pkg in $DEB_PACKAGES; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
    done
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    want_browser=""
    if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
            && [ ! -f "$NO_BROWSER_NOTE" ]; then
        want_browser=1
    fi
    if [ -n "$missing" ] || [ -n "$want_browser" ]; then
        $sudo apt-get update -qq
    fi
    if [ -n "$missing" ]; then
        say "installing Debian packages:$missing"
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
    fi
    if [ -n "$want_browser" ]; then
        say "installing $BROWSER_PACKAGE (for the web page tests)"
        if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
                "$BROWSER_PACKAGE"; then
            say "no $BROWSER_PACKAGE package here: the web page tests will skip (install Chromium to run them)"
            mkdir -p "$(dirname "$NO_BROWSER_NOTE")" && touch "$NO_BROWSER_NOTE"
        fi
    fi
else
    if ! pkg-config --exists cairo pangocairo 2>/dev/null || ! command -v latex >/dev/null 2>&1 \
            || ! command -v dvisvgm >/dev/null 2>&1; then
        cat >&2 <<'MSG'
setup: no apt-get here, so install these yourself, then run this again:
  - cairo, pango and pkg-config   (macOS: brew install cairo pango pkg-config)
  - LaTeX with dvisvgm            (macOS: brew install --cask basictex, then
                                   sudo tlmgr install standalone preview doublestroke dvisvgm)
MSG
        exit 1
    fi
fi

# 2. The virtual environment.
if [ ! -x .venv/bin/python ]; then
    say "creating .venv"
    "$PYTHON" -m venv .venv
fi
PIP=".venv/bin/python -m pip"

# 3. torch, pinned; a CPU build unless this machine has an NVIDIA GPU.
installed_torch=$(.venv/bin/python -c "from importlib.metadata import version; print(version('torch'))" 2>/dev/null || true)
if [ "${installed_torch%%+*}" != "$TORCH_VERSION" ]; then
    if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
        say "installing torch $TORCH_VERSION (CUDA build: this machine has an NVIDIA GPU)"
        $PIP install -q "torch==$TORCH_VERSION"
    else
        say "installing torch $TORCH_VERSION (CPU build)"
        # A local or mirrored CPU wheel first; PyTorch's CPU index only where that fails.
        $PIP install -q "torch==$TORCH_VERSION+cpu" 2>/dev/null \
            || $PIP install -q "torch==$TORCH_VERSION+cpu" --extra-index-url https://download.pytorch.org/whl/cpu \
            || $PIP install -q "torch==$TORCH_VERSION" --index-url https://download.pytorch.org/whl/cpu
    fi
fi

# 4. The project and its dev extra, redone only when pyproject.toml changes.
stamp=".venv/.installed-$(cat pyproject.toml scripts/setup.sh | cksum | cut -d' ' -f1)"
if [ ! -f "$stamp" ]; then
    say "installing the project into .venv"
    $PIP install -q -e ".[all,dev]"
    rm -f .venv/.installed-*
    touch "$stamp"
fi
