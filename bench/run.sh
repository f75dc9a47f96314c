#!/usr/bin/env bash
#
# Compares Shoebox with restic on a generated photo library:  bench/run.sh [--size small|full] [--million]
#
#   --size small|full   ~200 files / ~0.5 GB (default), or ~3,000 files / ~7.4 GB
#   --million           also back up 1,000,000 small files with the server at -Xmx1g (slow, ~4 GB of disk)
#   --work DIR          scratch folder (default: $TMPDIR/shoebox-bench), emptied first and removed after
#   --keep              keep the scratch folder (library, repositories, server logs)
#   --heap SIZE         server heap for the main phases (default: 2g)
#   --no-shoebox / --no-restic   run one side only
#
# Needs the built server (./mvnw -DskipTests package), and restic and exiftool on the PATH
# (Debian: apt-get install restic libimage-exiftool-perl). Results: bench/results/<date>-<size>.md
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

case "${1:-}" in -h|--help) awk 'NR > 2 && !/^#/ { exit } NR > 2 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;; esac

jar="$here/target/shoebox-bench-0.1.0-SNAPSHOT.jar"
# Build the benchmark itself when it is missing or older than its sources; nothing else is built here.
if [ ! -f "$jar" ] || [ -n "$(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit)" ]; then
    (cd "$root" && ./mvnw -q -B -ntp -f bench/pom.xml package)
fi

if [ ! -x "$root/distribution/target/shoebox/bin/shoebox" ]; then
    echo "bench: no server at distribution/target/shoebox; build it with ./mvnw -DskipTests package" >&2
    echo "bench: (running anyway: the Shoebox side will show n/a)" >&2
fi

cd "$root"
exec java -Xmx1g -jar "$jar" --dist "$root/distribution/target/shoebox" --results "$here/results" "$@"
