#!/usr/bin/env bash
#
# Compares Shoebox with restic on a generated photo library:
#   bench/run.sh [--size small|full] [--remote] [--million] [--catalog]
#
#   --size small|full   ~200 files / ~0.5 GB (default), or ~3,000 files / ~7.4 GB
#   --remote            also back the library up to S3 (S3Proxy) and over SFTP (Debian's OpenSSH server) on
#                       loopback, each tool into the same server (needs openssh-server for the SFTP side)
#   --million           also back up 1,000,000 small files with the server at -Xmx1g (slow, ~4 GB of disk)
#   --catalog           also measure catalog search at 1,000,000 items (CatalogBench, ~2 GB of disk, 15-30 minutes)
#                       and append its figures to the report
#   --work DIR          scratch folder (default: $TMPDIR/shoebox-bench), emptied first and removed after
#   --keep              keep the scratch folder (library, repositories, server logs)
#   --heap SIZE         server heap for the main phases (default: 2g)
#   --no-shoebox / --no-restic   run one side only
#
# Or, instead of all that, how fast the server reacts (see bench/README.md):
#   bench/run.sh --lifecycle [--dist-before DIR] [--rounds N] [--plugin webdav]
#                       start to health UP, plugin upload to its storage type offered, policy edit to the edit
#                       shown; of distribution/target/shoebox, beside DIR when given. Results:
#                       bench/results/<date>-lifecycle.md and .json
#
# Needs the built server (./mvnw -DskipTests package), and restic and exiftool on the PATH
# (Debian: apt-get install restic libimage-exiftool-perl). Results: bench/results/<date>-<size>.md
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

case "${1:-}" in -h|--help) awk 'NR > 2 && !/^#/ { exit } NR > 2 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;; esac

# --catalog is this script's own: CatalogBench runs after the benchmark, as a plain library, without the server.
catalog=false
args=()
for arg in "$@"; do
    case "$arg" in --catalog) catalog=true ;; *) args+=("$arg") ;; esac
done

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
if ! $catalog; then
    exec java -Xmx1g -jar "$jar" --dist "$root/distribution/target/shoebox" --results "$here/results" ${args[@]+"${args[@]}"}
fi
java -Xmx1g -jar "$jar" --dist "$root/distribution/target/shoebox" --results "$here/results" ${args[@]+"${args[@]}"}
report="$(ls -t "$here"/results/*.md | head -n 1)"
items="${SHOEBOX_CATALOG_ITEMS:-1000000}"   # fewer for a quick look
echo "[bench] catalog: $items items (CatalogBench), appended to $report"
lines="$(java -Xmx1g -cp "$jar" io.shoebox.bench.CatalogBench --items "$items" --searches 200)"
echo "$lines"
{
    printf '\n## Catalog search at %s items\n\n' "$items"
    printf 'CatalogBench: the catalog bundle as a plain library on an H2 file, filled by reading generated snapshots'
    printf ' (4 sources, 15 years, 40 cameras with a long tail, GPS for 60%%); searches of a camera and a date range.\n\n'
    echo "$lines" | sed -E 's/^catalog ([^:]+): /- **\1**: /'
} >> "$report"
