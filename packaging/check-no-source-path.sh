#!/bin/sh
# usage: check-no-source-path.sh SOURCE_DIR BINARY — fails if BINARY holds SOURCE_DIR, the build
# machine's path (run after linking a release build; a release binary must not carry it).
if grep -qaF -- "$1" "$2"; then
  echo "error: $2 holds the source path $1 (a release binary must not):" >&2
  strings -a "$2" | grep -F -- "$1" | head -5 >&2
  exit 1
fi
