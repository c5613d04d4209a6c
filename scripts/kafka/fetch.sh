#!/usr/bin/env bash
# Fetches the Apache Kafka broker (org.apache.kafka:kafka_2.13) and all its runtime dependencies
# from Maven Central into <repo>/.cache/kafka/<version>/libs/, for a single-node KRaft broker
# (no ZooKeeper, no Docker). Idempotent: a complete libs folder is left alone.
#
#   bash scripts/kafka/fetch.sh            # tries 3.9.1, then 3.9.0
#   KAFKA_VERSION=3.9.0 bash scripts/kafka/fetch.sh
#   KAFKA_CACHE_DIR=/elsewhere bash scripts/kafka/fetch.sh   # instead of <repo>/.cache/kafka
#
# Everything but the result goes to stderr; the last line on stdout is the classpath directory
# (java -cp '<that dir>/*' kafka.Kafka ...). Needs java and mvn on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${KAFKA_CACHE_DIR:-$root/.cache/kafka}"
read -r -a versions <<<"${KAFKA_VERSION:-3.9.1 3.9.0}"

# A libs folder is complete when its marker exists and every jar the marker lists is there.
complete() {
  local libs="$cache/$1/libs"
  [[ -f "$libs/.complete" && -f "$libs/kafka_2.13-$1.jar" ]] || return 1
  local jar
  while IFS= read -r jar; do
    [[ -z "$jar" || -f "$libs/$jar" ]] || return 1
  done <"$libs/.complete"
}

for v in "${versions[@]}"; do
  if complete "$v"; then
    echo "$cache/$v/libs"
    exit 0
  fi
done

command -v mvn >/dev/null || { echo "fetch.sh: mvn not found on PATH" >&2; exit 1; }
command -v java >/dev/null || { echo "fetch.sh: java not found on PATH" >&2; exit 1; }

for v in "${versions[@]}"; do
  echo "fetch.sh: fetching org.apache.kafka:kafka_2.13:$v and its runtime dependencies..." >&2
  mkdir -p "$cache/$v"
  # Copy into a private folder, then rename: two fetches at once never see a half-filled libs/.
  tmp="$(mktemp -d "$cache/$v/libs.tmp.XXXXXX")"
  chmod 755 "$tmp"
  mvnlog="$tmp.mvn.log"
  if mvn -q -B -f "$here/pom.xml" \
      -Dkafka.version="$v" -Dstyle.color=never \
      dependency:copy-dependencies \
      -DincludeScope=runtime \
      -DoutputDirectory="$tmp" >"$mvnlog" 2>&1 \
    && [[ -f "$tmp/kafka_2.13-$v.jar" ]]; then
    rm -f "$mvnlog"
    (cd "$tmp" && ls -1 -- *.jar) >"$tmp/.complete"
    if complete "$v"; then
      rm -rf "$tmp"            # another fetch finished first
    else
      rm -rf "$cache/$v/libs"
      mv "$tmp" "$cache/$v/libs"
    fi
    echo "fetch.sh: $(grep -c . "$cache/$v/libs/.complete") jars in $cache/$v/libs" >&2
    echo "$cache/$v/libs"
    exit 0
  fi
  rm -rf "$tmp"
  echo "fetch.sh: could not fetch Kafka $v; Maven said:" >&2
  sed 's/\x1b\[[0-9;]*m//g' "$mvnlog" | tail -n 40 >&2
  rm -f "$mvnlog"
  rmdir "$cache/$v" 2>/dev/null || true
done

echo "fetch.sh: no Kafka version could be fetched (tried: ${versions[*]})" >&2
exit 1
