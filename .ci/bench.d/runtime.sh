# Script runtime (internal/jsruntime): the same bundled scripts run by our embedded goja runtime
# and, when installed, by node. Sourced by .ci/bench.sh ($ROOT, $WORK, time_cmd).
echo "== script runtime: whole process, bundle already compiled by esbuild"
rt_dir="$WORK/jsruntime"
mkdir -p "$rt_dir"
if go test -c -o "$rt_dir/jsruntime.test" "$ROOT/internal/jsruntime" >/dev/null &&
	(cd "$ROOT/internal/jsruntime" && NANGO_BENCH_DIR="$rt_dir" "$rt_dir/jsruntime.test" -test.run '^TestWriteBenchBundles$' >/dev/null); then
	rt_run() { # LABEL SCRIPT INPUT
		time_cmd "$1 (goja)" "$rt_dir" env NANGO_BENCH_SCRIPT="$rt_dir/$2.cjs" NANGO_BENCH_INPUT="$3" \
			"$rt_dir/jsruntime.test" -test.run '^TestRunBenchScript$'
		if command -v node >/dev/null 2>&1; then
			time_cmd "$1 (node $(node --version))" "$rt_dir" node -e \
				"require('./$2.cjs').default(null, $3).then((r) => console.log(JSON.stringify(r)))"
		fi
	}
	rt_run "runtime: trivial action" trivial '{"name":"nango"}'
	rt_run "runtime: map 100k records x 10 fields" records '{"count":100000}'
else
	echo "runtime: could not build the jsruntime test binary; skipped"
fi
