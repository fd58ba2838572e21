#!/usr/bin/env bash
# Builds the fuzz targets with -sanitize=fuzzer into their own scratch folder and runs
# each one: `Fuzz/run.sh SECONDS` fuzzes every target for SECONDS (make fuzz);
# `Fuzz/run.sh replay` only runs the seeds, the regression inputs and the corpus kept
# from earlier runs through each target (make test). Prints per target the corpus size
# and executions per second; exits 1 if a target crashed, hung or leaked past its
# limits (the input is saved under $SCRATCH/crashes/ and the command to rerun it printed).
#
# Environment: SWIFT (default swift), PYTHON (a python with python/requirements-remote.txt,
# default .venv-remote/bin/python), FUZZ_SCRATCH (default .build-fuzz), FUZZ_TARGETS
# (default: all), FUZZ_JOBS is not used: one target at a time, on one core.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:?usage: Fuzz/run.sh SECONDS|replay}
SWIFT=${SWIFT:-swift}
PYTHON=${PYTHON:-.venv-remote/bin/python}
SCRATCH=${FUZZ_SCRATCH:-.build-fuzz}
TARGETS=${FUZZ_TARGETS:-FuzzMessagePack FuzzWebSocketFrames FuzzHTTPResponse FuzzRobotCard FuzzScene FuzzURDF FuzzPrompt FuzzInstruction}

"$SWIFT" build -c debug --package-path Fuzz --scratch-path "$SCRATCH" \
  -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
test -x "$SCRATCH/debug/FuzzMessagePack" || { echo "fuzz: the build failed" >&2; exit 1; }
rm -rf "$SCRATCH/seeds"
"$PYTHON" Fuzz/make_seeds.py "$SCRATCH/seeds" >/dev/null

# libFuzzer's own crash handler writes the input; Swift's backtracer would take the signal first.
export SWIFT_BACKTRACE=enable=no
failed=0
printf '%-22s %8s %12s %10s %s\n' target corpus executions exec/s result
for t in $TARGETS; do
  corpus="$SCRATCH/corpus/$t"; crashes="$SCRATCH/crashes"; mkdir -p "$corpus" "$crashes"
  inputs=("$corpus" "$SCRATCH/seeds/$t")
  if [ -d "Fuzz/Regressions/$t" ]; then inputs+=("Fuzz/Regressions/$t"); fi
  if [ "$MODE" = replay ]; then limits=(-runs=0); else limits=(-max_total_time="$MODE"); fi
  case $t in
    FuzzRobotCard|FuzzScene|FuzzURDF) limits+=(-dict=Fuzz/Dictionaries/numbers.dict) ;;
    FuzzPrompt|FuzzInstruction) limits+=(-dict=Fuzz/Dictionaries/prompt.dict) ;;
  esac
  log="$SCRATCH/$t.log"
  # -timeout: an input that takes over 10 s is a hang; -rss_limit_mb: a leak or a bomb.
  if "$SCRATCH/debug/$t" "${limits[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$crashes/$t-" "${inputs[@]}" >"$log" 2>&1; then result=ok
  else result="FAILED (see $log)"; failed=1; fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  size=$( (grep -oE 'corp: [0-9]+/[0-9]+(b|Kb|Mb)' "$log" || true) | tail -1 | cut -d' ' -f2)
  printf '%-22s %8s %12s %10s %s\n' "$t" "${size:-?}" "${execs:-?}" "${rate:-?}" "$result"
  if [ "$result" != ok ]; then
    (grep -E 'ERROR|Fatal error|SUMMARY|Test unit written' "$log" || true) | head -5 | sed 's/^/    /'
    echo "    rerun: SWIFT_BACKTRACE=enable=no $SCRATCH/debug/$t $crashes/$t-<crash file>"
  fi
done
exit $failed
