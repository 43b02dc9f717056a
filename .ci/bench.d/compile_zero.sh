# nango compile of a zero-yaml project of 30 functions, made with our own commands
# (init --zero-yaml: 3 functions, then 27 x create), without type checking: "cold" with an empty
# user cache (every definition evaluated), "warm" with the definitions cache filled (as after
# editing a few functions). Needs zod 4 (NANGO_TEST_ZOD4_MODULES, which make exports). The
# reference CLI 0.71.10 took 6.8 s wall (6.0 s CPU) for the recorded 5-function project on
# this 2-vCPU machine (reference zero-yaml.md §2.1; it type-checks and runs Babel);
# REFERENCE_NANGO_ZERO=path/to/0.71/node_modules/.bin/nango times it here too.
# Sourced by .ci/bench.sh ($BIN, $WORK, time_cmd).

if [ -n "${NANGO_TEST_ZOD4_MODULES:-}" ] && [ -d "$NANGO_TEST_ZOD4_MODULES/zod" ]; then
	zdir="$WORK/zero30"
	"$BIN" init --zero-yaml "$zdir" >/dev/null 2>&1 || true
	for i in $(seq 1 9); do
		(cd "$zdir" && "$BIN" create "crm$i" "fetch-things-$i" --sync && "$BIN" create "crm$i" "update-thing-$i" --action &&
			"$BIN" create "crm$i" "on-setup-$i" --on-event) >/dev/null 2>&1 || true
	done
	ln -s "$NANGO_TEST_ZOD4_MODULES" "$zdir/node_modules"
	time_cmd "nango compile, 30 zero-yaml fns, cold" "$zdir" \
		sh -c 'export XDG_CACHE_HOME=$(mktemp -d); "$0" compile --no-typecheck; s=$?; rm -rf "$XDG_CACHE_HOME"; exit $s' "$BIN"
	export XDG_CACHE_HOME="$WORK/zero-cache"
	(cd "$zdir" && "$BIN" compile --no-typecheck >/dev/null 2>&1) || true
	time_cmd "nango compile, 30 zero-yaml fns, warm" "$zdir" "$BIN" compile --no-typecheck
	unset XDG_CACHE_HOME
	echo "(reference 0.71.10: 6.8 s wall for 5 functions, recorded)"
	if [ -n "${REFERENCE_NANGO_ZERO:-}" ] && [ -x "$REFERENCE_NANGO_ZERO" ]; then
		time_cmd "reference 0.71 compile, 30 zero-yaml fns" "$zdir" \
			env NANGO_CLI_UPGRADE_MODE=ignore "$REFERENCE_NANGO_ZERO" compile --no-dependency-update --no-telemetry
	fi
else
	echo "nango compile, zero-yaml: skipped (NANGO_TEST_ZOD4_MODULES has no zod 4; make testdeps installs it)"
fi
