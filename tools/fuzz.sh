#!/usr/bin/env bash
# Fuzzes every Jazzer target (the *FuzzTest classes of policies and webhook) for its fixed budget,
# the maxDuration of its @FuzzTest (30 s each). Jazzer fuzzes one test per JVM, so each class gets
# its own fork (reuseForks=false) and holds one @FuzzTest. A crash fails the step; Jazzer saves the
# input under src/test/resources/.../<Class>Inputs/<method>/, where the plain test run replays it
# from then on; the fix gets a named test in a regressions package.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
JAZZER_FUZZ=1 mvn -B --no-transfer-progress -Dstyle.color=never -pl policies,webhook -am test \
  -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false -DreuseForks=false "$@"
