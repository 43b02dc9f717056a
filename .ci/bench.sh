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

# time_cmd LABEL DIR CMD...: best of 5 wall-clock runs in ms, and peak RSS in MB.
time_cmd() {
	local label=$1 dir=$2; shift 2
	local best=999999 rss=0
	for _ in 1 2 3 4 5; do
		local out
		out=$(cd "$dir" && /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1)
		local ms; ms=$(awk -v s="${out% *}" 'BEGIN{printf "%d", s*1000}')
		local kb=${out#* }
		[ "$ms" -lt "$best" ] && best=$ms
		[ "$kb" -gt "$rss" ] && rss=$kb
	done
	printf '%-40s %6d ms %6d MB\n' "$label" "$best" $((rss / 1024))
	echo "$best"> "$WORK/last"
}

echo "== whole commands (best of 5, peak RSS)"
time_cmd "nango version" "$WORK" "$BIN" version
for hook in "$ROOT"/.ci/bench.d/*.sh; do
	[ -f "$hook" ] && source "$hook"
done
true
