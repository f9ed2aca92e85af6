#!/bin/sh
# Prints detection, class agreement, exact title agreement and clean negatives of the crash-report
# detector over syzkaller's annotated console logs.
# Usage: scripts/syzkaller-eval.sh [folder] [-v] [--crash-detector-only]   (folder defaults to ../shared/corpus/syzkaller)
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile
# The runtime dependencies from the local Maven repository (the pipeline reads .xz, YAML...).
REPO="${MAVEN_REPO:-$HOME/.m2/repository}"
DEPS=$(find "$REPO/info/picocli" "$REPO/org/jline/jansi" "$REPO/com/fasterxml/jackson" "$REPO/org/yaml/snakeyaml" \
    "$REPO/org/tukaani/xz" "$REPO/com/google/re2j" -name '*.jar' ! -name '*-sources.jar' 2>/dev/null | tr '\n' ':')
CP="target/classes:target/test-classes:$DEPS"
exec java -cp "$CP" dev.crashtriage.kernel.SyzkallerEval "$@"
