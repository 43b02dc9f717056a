# Sourced by .ci/bench.sh ($BIN, $WORK, $ROOT, time_cmd).
# 1. `nango providers list|show` on a 1,000-provider catalog (the published one has ~500-1,000).
# 2. nango.paginate overhead: 1,000 pages of 100 records through paginate vs the same 1,000
#    requests made one by one through the same proxy function (target: under 20%). "json" is
#    the real case (each page's body is JSON text the runtime parses, as in a dry run); "parsed"
#    hands pre-built objects to both sides, so its ratio isolates the helper's own ~15 µs per
#    page of bookkeeping against nearly zero work, and is not the target's measure.

echo "== provider catalog and pagination"
catalog="$WORK/providers-1000.yaml"
{
	for i in $(seq 1 1000); do
		printf 'provider-%d:\n    display_name: Provider %d\n    auth_mode: OAUTH2\n    proxy:\n        base_url: https://api%d.example.com\n        retry:\n            after: retry-after\n        paginate:\n            type: cursor\n            cursor_path_in_response: meta.next\n            cursor_name_in_request: cursor\n            response_path: data\n' "$i" "$i" "$i"
		if [ $((i % 10)) -eq 0 ]; then printf 'alias-%d:\n    alias: provider-%d\n    auth_mode: API_KEY\n' "$i" "$i"; fi
	done
} >"$catalog"
time_cmd "nango providers list (1,100 providers)" "$WORK" "$BIN" providers list --providers "$catalog"
time_cmd "nango providers show (1,100 providers)" "$WORK" "$BIN" providers show alias-500 --json --providers "$catalog"

if command -v go >/dev/null 2>&1; then
	out=$(cd "$ROOT" && go test -run '^$' -bench '^Benchmark(Paginate|ManualPages)$' -benchtime 3x -count 1 ./internal/paginate 2>&1)
	echo "$out" | awk '
		/^Benchmark(Paginate|ManualPages)\// {
			split($1, name, "/"); sub(/-[0-9]+$/, "", name[2]);
			for (i = 1; i <= NF; i++) if ($(i) == "µs/page") v = $(i - 1);
			key = name[1] "/" name[2]; t[key] = v
		}
		END {
			split("json parsed", modes, " ");
			for (j = 1; j <= 2; j++) {
				p = t["BenchmarkPaginate/" modes[j]]; q = t["BenchmarkManualPages/" modes[j]];
				if (p == "" || q == "") { print "paginate benchmark did not run"; continue }
				printf "%-40s %8.1f µs/page vs %8.1f µs/page one by one: %+.1f%%\n", "paginate 1,000x100 (" (j == 1 ? "json: the target" : "pre-parsed: helper cost alone") ")", p, q, (p - q) * 100 / q
			}
		}'
fi
