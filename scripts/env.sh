# Sourced (not run) by scripts/tools, scripts/serve and scripts/test.
# Sets up the paths and pinned versions every script shares.
# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$ROOT/.tools"

# ---- Pinned tool versions: the one place to change them -------------------
# wasm-bindgen-cli must equal the `wasm-bindgen = "=X.Y.Z"` pin in Cargo.toml,
# so it is read from there rather than written twice.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen *= *"=\([0-9][0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml" | head -n1)"
TRUNK_VERSION="0.21.14"     # 0.22 needs a newer rustc
WASM_PACK_VERSION="0.15.1"
BINARYEN_VERSION="132"      # npm package `binaryen`; provides wasm-opt
PLAYWRIGHT_VERSION="1.56.1" # npm package `playwright-core`, for the end-to-end tests (e2e/)
WASM_TARGET="wasm32-unknown-unknown"
APT_PACKAGES=(chromium chromium-driver)
CHROMIUM="/usr/bin/chromium"
CHROMEDRIVER="/usr/bin/chromedriver"
# ---------------------------------------------------------------------------

export PATH="$TOOLS_DIR/npm/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Trunk reads these as its [tools] versions; Trunk.toml repeats them so a bare
# `trunk build` also uses the installed binaries (scripts/tools checks they agree).
export TRUNK_TOOLS_WASM_BINDGEN="$WASM_BINDGEN_VERSION"
export TRUNK_TOOLS_WASM_OPT="version_$BINARYEN_VERSION"

die() {
    echo "error: $*" >&2
    exit 1
}

if [[ -z "$WASM_BINDGEN_VERSION" ]]; then
    die "could not read the wasm-bindgen pin from Cargo.toml (expected a line like: wasm-bindgen = \"=0.2.130\")"
fi
