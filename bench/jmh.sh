#!/usr/bin/env bash
# JMH benchmarks of the hot paths: line splitting and parsing (InputBench), the signature prefilter, match
# and combine steps (SignatureBench), incident assembly (IncidentBench). Usage:
#   bench/jmh.sh [--dense] [JMH ARGS...]      e.g. bench/jmh.sh -wi 2 -i 3 SignatureBench
# Generates a 32 MiB log (noise-heavy, or crash-dense with --dense) with bench/GenerateLog.java, then runs
# `./mvnw -Pjmh test-compile exec:exec@jmh` (JMH from Maven Central, only in the jmh profile).
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$here"
mode=noise
if [ "${1:-}" = "--dense" ]; then mode=dense; shift; fi
out="${TMPDIR:-/tmp}/crashtriage-bench"; mkdir -p "$out"
log="$out/jmh-$mode.log"
[ -f "$log" ] || java bench/GenerateLog.java --size 32M --mode "$mode" --format dmesg -o "$log"
./mvnw -q -B -Pjmh -Dcrashtriage.bench.log="$log" -Djmh.args="-f 1 ${*:-}" test-compile exec:exec@jmh
