# Sourced by .ci/bench.sh: times `nango generate` on 1-, 30- and 300-script projects, and the
# reference CLI on the same projects when $REF exists. Projects are the reference benchmark's
# (../shared/fixtures/peer-cli/bench/make_bench_projects.sh: N actions with their scripts,
# two models); the 300-script one is built the same way here. BENCH_SKIP_REFERENCE=1 skips
# the reference runs (about 5 s each).

# make_generate_project DIR N: nango.yaml with N actions, each with its script file.
make_generate_project() {
	local d=$1 n=$2 name i
	rm -rf "$d"
	mkdir -p "$d/.nango" "$d/acme-crm/actions"
	: >"$d/.nango/.gitkeep"
	{
		printf 'integrations:\n  acme-crm:\n    actions:\n'
		for i in $(seq 1 "$n"); do
			name=$(printf 'create-contact-%03d' "$i")
			printf '      %s:\n        description: Creates a contact (%d)\n        input: CreateContactInput\n' "$name" "$i"
			printf '        output: CreateContactOutput\n        endpoint: POST /contacts-%03d\n        version: 1.0.0\n' "$i"
			printf "import type { NangoAction, CreateContactOutput, CreateContactInput } from '../../models';\n\nexport default async function runAction(nango: NangoAction, input: CreateContactInput): Promise<CreateContactOutput> {\n    await nango.log(input.email);\n    return { id: '1', success: true, created_at: '', warnings: null };\n}\n" >"$d/acme-crm/actions/$name.ts"
		done
		printf '\nmodels:\n  CreateContactInput:\n    first_name: string\n    last_name?: string\n    email: string\n    company_id?: integer\n    tags?: string[]\n'
		printf '  CreateContactOutput:\n    id: string\n    success: boolean\n    created_at: string\n    warnings: string[] | null\n'
	} >"$d/nango.yaml"
}

# gen_precise_ms DIR CMD...: median wall-clock ms of 21 runs with sub-ms resolution
# (/usr/bin/time, used by time_cmd, only has 10 ms steps; the median ignores load spikes of a
# shared machine).
gen_precise_ms() {
	local dir=$1
	shift
	(cd "$dir" && for _ in $(seq 21); do
		local start end
		start=$(date +%s%N)
		"$@" >/dev/null 2>&1
		end=$(date +%s%N)
		echo $((end - start))
	done) | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] / 1e6 }'
}

echo "== generate (best of 5 and median of 21 whole runs; projects of N actions with their scripts)"
gen_bench=$WORK/generate
mkdir -p "$gen_bench"
peer_bench=$ROOT/../shared/fixtures/peer-cli/bench/make_bench_projects.sh
if [ -f "$peer_bench" ]; then
	bash "$peer_bench" "$gen_bench" >/dev/null
	mv "$gen_bench/proj1" "$gen_bench/p1"
	mv "$gen_bench/proj30" "$gen_bench/p30"
else
	make_generate_project "$gen_bench/p1" 1
	make_generate_project "$gen_bench/p30" 30
fi
make_generate_project "$gen_bench/p300" 300

declare -A gen_ms
for n in 1 30 300; do
	(cd "$gen_bench/p$n" && "$BIN" generate >/dev/null 2>&1) # the first run writes models.ts and .nango/
	time_cmd "nango generate ($n scripts)" "$gen_bench/p$n" "$BIN" generate
	gen_ms[$n]=$(gen_precise_ms "$gen_bench/p$n" "$BIN" generate)
	printf '%-40s %9s ms (median of 21)\n' "nango generate ($n scripts)" "${gen_ms[$n]}"
	time_cmd "nango generate ($n scripts, fresh .nango)" "$gen_bench/p$n" sh -c 'rm -rf models.ts .nango; exec "$0" generate' "$BIN"
done
awk -v a="${gen_ms[1]}" -v b="${gen_ms[30]}" -v c="${gen_ms[300]}" 'BEGIN { printf "generate growth 1 -> 30 -> 300 scripts: %.2f -> %.2f -> %.2f ms (x%.1f for 10x scripts)\n", a, b, c, c / b }'

if [ -x "$REF" ] && [ "${BENCH_SKIP_REFERENCE:-}" = "" ]; then
	for n in 1 30; do
		cp -r "$gen_bench/p$n" "$gen_bench/ref$n"
		time_cmd "reference nango generate ($n scripts)" "$gen_bench/ref$n" env NANGO_CLI_UPGRADE_MODE=ignore CI=1 "$REF" generate
		ref=$(cat "$WORK/last")
		awk -v r="$ref" -v o="${gen_ms[$n]}" -v n="$n" 'BEGIN { printf "reference / ours, generate %d scripts: x%.0f\n", n, r / o }'
	done
fi
