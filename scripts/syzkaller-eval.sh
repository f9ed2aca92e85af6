#!/bin/sh
# Prints detection, class agreement, exact title agreement and clean negatives of the crash-report
# detector over syzkaller's annotated console logs.
# Usage: scripts/syzkaller-eval.sh [folder] [-v] [--crash-detector-only]   (folder defaults to ../shared/corpus/syzkaller)
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile
CP="target/classes:target/test-classes"
exec java -cp "$CP" dev.crashtriage.kernel.SyzkallerEval "$@"
