#!/usr/bin/env bash
# Builds llama.cpp's llama-server from the source the npm package node-llama-cpp ships (a git bundle), once per
# version, into a cache outside the repository, and prints the executable's path on the last line of stdout.
#
#   scripts/llama-server.sh            build if missing, print the path
#   scripts/llama-server.sh --source   print the source tree's path (vocab GGUFs, templates, gguf-py, tests)
#
# Cache: $TETHER_LLAMA_CACHE, else $XDG_CACHE_HOME/tether/llama.cpp, else ~/.cache/tether/llama.cpp.
# CUDA (nvcc) and Vulkan (glslc + libvulkan) are turned on when their toolkits are present.
# Users: prefer your package manager (winget ggml.llamacpp, brew llama.cpp) or llama.cpp's release zips.
set -euo pipefail
NPM_PACKAGE="node-llama-cpp@3.22.1"
VERSION="nlc-3.22.1"
CACHE="${TETHER_LLAMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tether/llama.cpp}"
SRC="$CACHE/$VERSION/src"
# CUDA when nvcc and a GPU are both there, Vulkan when its SDK and loader are; TETHER_LLAMA_GPU=off builds CPU only.
FLAGS=(); BACKEND=cpu
if [ "${TETHER_LLAMA_GPU:-auto}" != off ]; then
  if command -v nvcc >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then FLAGS+=(-DGGML_CUDA=ON); BACKEND=cuda; fi
  if command -v glslc >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q libvulkan; then
    FLAGS+=(-DGGML_VULKAN=ON); BACKEND="$BACKEND-vulkan"
  fi
fi
BUILD="$CACHE/$VERSION/build-$BACKEND"
BIN="$BUILD/bin/llama-server"
log() { echo "llama-server.sh: $*" >&2; }

fetch_source() {
  [ -f "$SRC/CMakeLists.txt" ] && return 0
  local tmp; tmp="$(mktemp -d)"
  log "fetching $NPM_PACKAGE (llama.cpp source bundle)"
  (cd "$tmp" && npm pack "$NPM_PACKAGE" --silent >/dev/null)
  tar -xzf "$tmp"/node-llama-cpp-*.tgz -C "$tmp" package/llama/gitRelease.bundle
  mkdir -p "$(dirname "$SRC")"
  rm -rf "$SRC.partial"
  git clone -q "$tmp/package/llama/gitRelease.bundle" "$SRC.partial"
  mv "$SRC.partial" "$SRC"
  rm -rf "$tmp"
}

build() {
  [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1 && return 0
  command -v cmake >/dev/null || { log "cmake is missing (apt-get install cmake ninja-build g++)"; exit 1; }
  local gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)
  log "building llama-server ($BACKEND) in $BUILD (about 9 minutes on 2 cores for CPU)"
  rm -rf "$BUILD"
  cmake -S "$SRC" -B "$BUILD" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF "${FLAGS[@]}" >&2
  cmake --build "$BUILD" --target llama-server -j "$(nproc)" >&2
  "$BIN" --version >&2
}

# One build at a time per cache (CI and a developer's shell may both ask).
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9
fetch_source
if [ "${1:-}" = "--source" ]; then echo "$SRC"; exit 0; fi
build
echo "$BIN"
