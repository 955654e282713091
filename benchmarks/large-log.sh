#!/usr/bin/env bash
# Analyses a 1 GB generated log in a JVM capped at 256 MB of heap and prints the time and peak heap.
#
#   benchmarks/large-log.sh [SIZE] [HEAP]     SIZE default 1g, HEAP default 256m
#
# Shows memory stays bounded however large the input: the engine streams lines and keeps a fixed budget.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${1:-1g}"
HEAP="${2:-256m}"
DIR="${BENCH_DIR:-/tmp/deploy-diagnostics-bench}"
JAR=benchmarks/target/benchmarks.jar
mkdir -p "$DIR"
if [[ ! -f "$JAR" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
LOG="$DIR/large-$SIZE.log"
if [[ ! -f "$LOG" ]]; then
  java -cp "$JAR" dev.deploydiagnostics.benchmarks.LogGenerator "$LOG" "$SIZE" 42
fi
GC_LOG="$DIR/large-gc.log"
t0=$(date +%s%N)
set +e
java -Xmx"$HEAP" -Xlog:gc:file="$GC_LOG" -cp "$JAR" dev.deploydiagnostics.benchmarks.AnalyzeFile "$LOG" | sed 's/^/  /'
status=${PIPESTATUS[0]}
set -e
t1=$(date +%s%N)
# the largest heap in use after any collection, from the GC log ("... 120M->35M(256M) ...")
after_gc=$(grep -o '[0-9]*M->[0-9]*M' "$GC_LOG" | sed 's/.*->//; s/M//' | sort -n | tail -1)
echo "large log: $(du -h "$LOG" | cut -f1) with -Xmx$HEAP: exit $status, wall $(awk -v n=$((t1 - t0)) 'BEGIN { printf "%.1f", n / 1e9 }') s, \
largest heap after a GC ${after_gc:-?} MB ($(grep -c 'Pause' "$GC_LOG") GC pauses, log $GC_LOG)"
exit "$status"
