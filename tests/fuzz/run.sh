#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs each for a
# bounded time on a copy of its committed corpus (the committed corpus never grows here).
#   tests/fuzz/run.sh [seconds-per-target]      default 30
# Env: LAYSO_FUZZ_BUILD (build dir, default <repo>/build-fuzz), LAYSO_FUZZ_TARGETS (subset),
#      LAYSO_FUZZ_KEEP (a dir: keep each run's grown corpus and logs there).
# Exit status: non-zero when any target finds a crash, leak, UB or timeout.
set -euo pipefail

seconds=${1:-30}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${LAYSO_FUZZ_BUILD:-$repo/build-fuzz}
targets=(${LAYSO_FUZZ_TARGETS:-headers jsonbody router cccd-qr seed})

missing=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build "$build" -j"${LAYSO_FUZZ_JOBS:-2}" --target $(printf 'fuzz-%s ' "${targets[@]}") >/dev/null

work=${LAYSO_FUZZ_KEEP:-}
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

failed=()
printf '%-10s %12s %9s %6s %6s %7s  %s\n' target executions exec/s cov ft corpus findings
for t in "${targets[@]}"; do
  corpus="$work/$t-corpus" artifacts="$work/$t-artifacts/" log="$work/$t.log"
  rm -rf "$corpus" "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  cp "$here/corpus/$t/"* "$corpus/"
  dict=()
  [ -f "$here/dict/$t.dict" ] && dict=(-dict="$here/dict/$t.dict")
  rc=0
  # one process, -max_total_time bounds it; -timeout flags an input slower than 10 s
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz-$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts" "${dict[@]}" "$corpus" >"$log" 2>&1 || rc=$?
  stats=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$stats")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$stats")
  corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$stats")
  findings=$(find "$artifacts" -type f | wc -l)
  printf '%-10s %12s %9s %6s %6s %7s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
    "${ft:-?}" "${corp:-?}" "$findings"
  if [ "$rc" -ne 0 ] || [ "$findings" -ne 0 ]; then
    failed+=("$t")
    echo "fuzz: $t failed (exit $rc); the end of its log ($log):" >&2
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written|ERROR: libFuzzer' "$log" | head -20 >&2 || true
    mkdir -p "$build/findings"
    for a in "$artifacts"*; do
      [ -f "$a" ] || continue
      cp "$a" "$build/findings/$t-$(basename "$a")"
      echo "  input saved as $build/findings/$t-$(basename "$a"); replay: $build/fuzz-$t FILE" >&2
    done
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, no findings"
