#!/usr/bin/env bash
# Wall time of the CLI on a bundled example, JVM start included, without and with an AppCDS archive.
#
#   benchmarks/cli-startup.sh [RUNS] [INPUT]     RUNS default 10, INPUT default examples/bundles/k8s-oom
#
# Uses hyperfine when it is installed, else a loop timed with date +%s%N (mean, min, max).
# Builds diagnostics-cli/target/diagnostics-cli.jar when missing. Target: under 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-10}"
INPUT="${2:-examples/bundles/k8s-oom}"
JAR=diagnostics-cli/target/diagnostics-cli.jar
DIR="${BENCH_DIR:-/tmp/deploy-diagnostics-bench}"
ARCHIVE="$DIR/diagnostics-cli.jsa"
mkdir -p "$DIR"
if [[ ! -f "$JAR" ]]; then
  ./mvnw -B -q -pl diagnostics-cli -am package -DskipTests
fi

# the exit code says what was found (1 = root cause found), so it is no failure here
run_cli() { java "$@" -jar "$JAR" --input "$INPUT" > /dev/null 2>&1 || [[ $? -le 3 ]]; }

measure() { # name, java options...
  local name="$1"; shift
  if command -v hyperfine > /dev/null; then
    hyperfine --warmup 1 --runs "$RUNS" -i --export-json "$DIR/hyperfine.json" \
      "java $* -jar $JAR --input $INPUT" > /dev/null
    awk -v name="$name" 'BEGIN{RS=""} { match($0, /"mean": *[0-9.]+/); m=substr($0, RSTART, RLENGTH); sub(/.*: */, "", m);
      match($0, /"min": *[0-9.]+/); lo=substr($0, RSTART, RLENGTH); sub(/.*: */, "", lo);
      match($0, /"max": *[0-9.]+/); hi=substr($0, RSTART, RLENGTH); sub(/.*: */, "", hi);
      printf "%s: mean %.3f s, min %.3f s, max %.3f s (hyperfine)\n", name, m, lo, hi }' "$DIR/hyperfine.json"
    return
  fi
  run_cli "$@"   # warm-up: page cache, archive mapping
  local total=0 min=0 max=0 t0 t1 d
  for ((i = 0; i < RUNS; i++)); do
    t0=$(date +%s%N); run_cli "$@"; t1=$(date +%s%N)
    d=$((t1 - t0)); total=$((total + d))
    if ((min == 0 || d < min)); then min=$d; fi
    if ((d > max)); then max=$d; fi
  done
  awk -v n="$name" -v t="$total" -v r="$RUNS" -v lo="$min" -v hi="$max" \
    'BEGIN { m = t / r / 1e9; printf "%s: mean %.3f s, min %.3f s, max %.3f s over %d runs; target < 1 s: %s\n", n, m, lo / 1e9, hi / 1e9, r, (m < 1 ? "met" : "MISSED") }'
}

echo "CLI startup: java -jar $JAR --input $INPUT ($RUNS runs, $(nproc) cores)"
measure "  plain JVM                         "
rm -f "$ARCHIVE"
java -XX:ArchiveClassesAtExit="$ARCHIVE" -jar "$JAR" --input "$INPUT" > /dev/null 2>&1 || true
if [[ -f "$ARCHIVE" ]]; then
  measure "  AppCDS archive                    " -XX:SharedArchiveFile="$ARCHIVE"
  measure "  AppCDS + -XX:TieredStopAtLevel=1  " -XX:SharedArchiveFile="$ARCHIVE" -XX:TieredStopAtLevel=1
else
  echo "  AppCDS: the JVM did not write an archive (needs JDK 13+)"
fi
