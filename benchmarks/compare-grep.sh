#!/usr/bin/env bash
# Times GNU grep and the engine on the same generated log, with the catalog's log signals as grep patterns.
#
#   benchmarks/compare-grep.sh [SIZE] [SEED]      SIZE like 256m (default), SEED default 42
#
# Needs benchmarks/target/benchmarks.jar (built here when missing). Work files go to $BENCH_DIR
# (default: /tmp/deploy-diagnostics-bench). Prints lines, MB, grep seconds, ours seconds and ours/grep three
# ways: one analysis in a new JVM (with and without the JVM's start), and the best of WARM_RUNS (default 4)
# analyses in one JVM, as an engine embedded in a running process sees it.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${1:-256m}"
SEED="${2:-42}"
DIR="${BENCH_DIR:-/tmp/deploy-diagnostics-bench}"
JAR=benchmarks/target/benchmarks.jar
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"
mkdir -p "$DIR"
if [[ ! -f "$JAR" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
LOG="$DIR/compare-$SIZE-seed$SEED.log"
PATTERNS="$DIR/patterns.ere"
want=$(case "$SIZE" in *[gG]) echo $(( ${SIZE%[gG]} << 30 ));; *[mM]) echo $(( ${SIZE%[mM]} << 20 ));; *[kK]) echo $(( ${SIZE%[kK]} << 10 ));; *) echo "$SIZE";; esac)
if [[ ! -f "$LOG" || $(stat -c %s "$LOG") -ne $want ]]; then
  java -cp "$JAR" dev.deploydiagnostics.benchmarks.LogGenerator "$LOG" "$SIZE" "$SEED"
fi
java -cp "$JAR" dev.deploydiagnostics.benchmarks.GrepPatterns "$PATTERNS" | sed 's/^/  /'

now() { date +%s%N; }
cat "$LOG" > /dev/null   # both sides read from the page cache
lines=$(wc -l < "$LOG")
mb=$(awk -v b="$(stat -c %s "$LOG")" 'BEGIN { printf "%.1f", b / 1048576 }')

t0=$(now)
matched=$(LC_ALL=C grep -E -i -c -f "$PATTERNS" "$LOG" || true)
t1=$(now)
grep_s=$(awk -v n=$((t1 - t0)) 'BEGIN { printf "%.2f", n / 1e9 }')

t0=$(now)
# shellcheck disable=SC2086
ours_out=$(java $JAVA_OPTS -cp "$JAR" dev.deploydiagnostics.benchmarks.AnalyzeFile "$LOG")
t1=$(now)
ours_wall=$(awk -v n=$((t1 - t0)) 'BEGIN { printf "%.2f", n / 1e9 }')
ours_engine=$(sed -n 's/^RESULT elapsed_ms=\([0-9]*\).*/\1/p' <<<"$ours_out" | awk '{ printf "%.2f", $1 / 1000 }')
echo "$ours_out" | grep -v '^RESULT' | sed 's/^/  /'

# The same analysis again and again in one JVM: the figure for an engine embedded in a running process.
# shellcheck disable=SC2086
warm_out=$(java $JAVA_OPTS -cp "$JAR" dev.deploydiagnostics.benchmarks.AnalyzeFile "$LOG" --repeat "${WARM_RUNS:-4}")
ours_warm=$(sed -n 's/^RESULT elapsed_ms=\([0-9]*\).*/\1/p' <<<"$warm_out" | awk '{ printf "%.2f", $1 / 1000 }')

ratio=$(awk -v a="$ours_wall" -v b="$grep_s" 'BEGIN { printf "%.2f", a / b }')
ratio_engine=$(awk -v a="$ours_engine" -v b="$grep_s" 'BEGIN { printf "%.2f", a / b }')
ratio_warm=$(awk -v a="$ours_warm" -v b="$grep_s" 'BEGIN { printf "%.2f", a / b }')
verdict() { awk -v r="$1" 'BEGIN { print (r <= 1.0 ? "met" : "MISSED") }'; }
echo "compare-grep: $lines lines, $mb MB"
echo "  grep -E -i -c -f patterns.ere: ${grep_s} s ($matched matching lines)"
echo "  ours, a new JVM for one analysis: ${ours_wall} s with JVM start; ${ours_engine} s the analysis alone"
echo "  ours, warm (best of ${WARM_RUNS:-4} analyses in one JVM): ${ours_warm} s"
echo "  ours/grep, warm analysis:       ${ratio_warm}; target <= 1.0 (at least as fast as grep): $(verdict "$ratio_warm")"
echo "  ours/grep, cold analysis alone: ${ratio_engine}; target <= 1.0 (at least as fast as grep): $(verdict "$ratio_engine")"
echo "  ours/grep, cold with JVM start: ${ratio}; target <= 1.0 (at least as fast as grep): $(verdict "$ratio")"
