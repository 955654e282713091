#!/usr/bin/env bash
# Builds what the benchmarks need and runs them all once, printing every figure next to its target.
#
#   benchmarks/run.sh
#
# Settings (environment): JMH_OPTS (default "-f 1 -wi 1 -i 3"), SIZE_MB for the JMH log (default 64),
# GREP_SIZE for the grep comparison (default 256m), CLIENTS (default 100), CLI_RUNS (default 10),
# BENCH_DIR for generated files (default /tmp/deploy-diagnostics-bench). The 1 GB memory check is separate:
# benchmarks/large-log.sh. Takes about 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${BENCH_DIR:-/tmp/deploy-diagnostics-bench}"
export BENCH_DIR="$DIR"
JAR=benchmarks/target/benchmarks.jar
OUT="$DIR/run-$(date +%Y%m%d-%H%M%S).txt"
mkdir -p "$DIR"

echo "== build"
# the benchmarks jar, and the CLI jar that cli-startup.sh times
./mvnw -B -q -pl benchmarks,diagnostics-cli -am package -DskipTests

{
  echo "== JMH: EngineThroughputBenchmark (${SIZE_MB:-64} MiB log), EndToEndBenchmark (4 simulated providers), PasteBenchmark"
  # shellcheck disable=SC2086
  java -Dbench.dir="$DIR" -jar "$JAR" 'EngineThroughputBenchmark|EndToEndBenchmark|PasteBenchmark' ${JMH_OPTS:--f 1 -wi 1 -i 3} \
    -p sizeMb="${SIZE_MB:-64}" -jvmArgsAppend "-Dbench.dir=$DIR" -rf json -rff "$DIR/jmh.json" \
    | grep -E '^(Benchmark|[A-Z][A-Za-z]+Benchmark\.|# Run complete)' || true
  java -cp "$JAR" dev.deploydiagnostics.benchmarks.Summary "$DIR/jmh.json"

  echo "== 100 concurrent analyses"
  java -Xmx1g -cp "$JAR" dev.deploydiagnostics.benchmarks.ConcurrencyBenchmark --clients "${CLIENTS:-100}" \
    --bundle examples/bundles/k8s-oom | tee "$DIR/concurrency.txt" | grep -v '^RESULT'
  sed -n 's/^RESULT.* p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) ratio=\([0-9.]*\).*/\1 \2 \3/p' "$DIR/concurrency.txt" \
    | awk '{ printf "concurrency: p50 %.0f ms, p99 %.0f ms, p99/p50 = %.2f; target < 2: %s\n", $1, $2, $3, ($3 < 2 ? "met" : "MISSED") }'

  echo "== grep comparison"
  benchmarks/compare-grep.sh "${GREP_SIZE:-256m}"

  echo "== CLI startup"
  benchmarks/cli-startup.sh "${CLI_RUNS:-10}"
} 2>&1 | tee "$OUT"

echo
echo "== figures and targets (also in $OUT)"
grep -E 'target' "$OUT" | sed 's/^ *//'
