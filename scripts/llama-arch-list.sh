#!/usr/bin/env bash
# Prints the architectures a llama.cpp source tree's llama-server runs (the names of LLM_ARCH_NAMES in
# src/llama-arch.cpp, without the "clip" placeholder and "(unknown)"), one per line: the body of
# tether-engine/src/main/resources/dev/tether/engine/llamacpp/llama-server-architectures.txt.
#   scripts/llama-arch-list.sh "$(scripts/llama-server.sh --source | tail -1)"
set -euo pipefail
SRC="${1:?usage: $0 LLAMA_CPP_SOURCE_TREE}"
sed -n '/LLM_ARCH_NAMES = {/,/^};/p' "$SRC/src/llama-arch.cpp" \
  | grep -o '{ *LLM_ARCH_[A-Z0-9_]*, *"[^"]*"' | sed 's/.*"\(.*\)"/\1/' | grep -vx 'clip' | grep -vxF '(unknown)'
