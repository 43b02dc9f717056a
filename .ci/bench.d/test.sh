# nango test replaying 100 recorded scripts: 50 copies of the example project's integration
# (`nango init --example`: a three-page sync and an action, with their recordings), each copy
# an integration of its own. Target (issue 7): under 2 s. Sourced by .ci/bench.sh ($BIN, $WORK,
# time_cmd).

test_bench_project() { # dir copies
	local d=$1 n=$2 i
	"$BIN" init "$d" --example >/dev/null 2>&1
	# integrations: {demo: X} becomes {demo-1: X, ..., demo-n: X}
	awk -v n="$n" '
		/^integrations:/ { print; mode = "head"; next }
		mode == "head" && /^  demo:/ { mode = "body"; next }
		mode == "body" && /^[^ ]/ && NF { for (i = 1; i <= n; i++) { print "  demo-" i ":"; printf "%s", body }; mode = "tail" }
		mode == "body" { body = body $0 "\n"; next }
		{ print }
	' "$d/nango.yaml" > "$d/nango.yaml.new" && mv "$d/nango.yaml.new" "$d/nango.yaml"
	for i in $(seq 1 "$n"); do
		cp -r "$d/demo" "$d/demo-$i"
	done
	rm -rf "$d/demo"
}

echo "== test (replay of recorded scripts, bundling included)"
test_bench_project "$WORK/test100" 50
(cd "$WORK/test100" && "$BIN" test >/dev/null 2>&1) || echo "nango test on the benchmark project failed: the timing below is not meaningful"
time_cmd "nango test, 100 recorded scripts" "$WORK/test100" "$BIN" test
