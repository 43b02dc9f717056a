#!/usr/bin/env bash
# Times whole commands of the built binary on generated projects, and, when the reference CLI
# is installed (REFERENCE_NANGO=path/to/node_modules/.bin/nango, or ./.cache/reference), prints
# the ratio. Usage: .ci/bench.sh bin/nango
set -euo pipefail
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REF=${REFERENCE_NANGO:-$ROOT/.cache/reference/node_modules/.bin/nango}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# time_cmd LABEL DIR CMD...: best of 5 wall-clock runs in ms (nanosecond clock, so that
# commands under 10 ms do not read as 0), and peak RSS in MB (GNU time).
time_cmd() {
	local label=$1 dir=$2; shift 2
	local best=999999999 rss=0 start end us kb
	for _ in 1 2 3 4 5; do
		start=$(date +%s%N)
		(cd "$dir" && /usr/bin/time -o "$WORK/time.out" -f '%M' "$@" >/dev/null 2>&1) || true
		end=$(date +%s%N)
		us=$(( (end - start) / 1000 ))
		kb=$(tail -1 "$WORK/time.out")
		[ "$us" -lt "$best" ] && best=$us
		[ "$kb" -gt "$rss" ] && rss=$kb
	done
	printf '%-40s %6d.%d ms %6d MB\n' "$label" $((best / 1000)) $(((best % 1000) / 100)) $((rss / 1024))
	echo $((best / 1000)) > "$WORK/last"
}

echo "== whole commands (best of 5, peak RSS)"
time_cmd "nango version" "$WORK" "$BIN" version
for hook in "$ROOT"/.ci/bench.d/*.sh; do
	[ -f "$hook" ] && source "$hook"
done
true
