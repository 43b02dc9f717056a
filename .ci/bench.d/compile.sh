# nango compile on the reference's benchmark projects (peer-cli/bench/make_bench_projects.sh:
# N copies of one action), without type checking. Targets: 30 scripts under 150 ms and 60 MB;
# 300 scripts no worse than linear. Sourced by .ci/bench.sh ($BIN, $WORK, $REF, time_cmd).

compile_bench_project() { # dir count
	local d=$1 n=$2 i name
	mkdir -p "$d/.nango" "$d/acme-crm/actions"
	: > "$d/.nango/.gitkeep"
	{
		echo "integrations:"
		echo "  acme-crm:"
		echo "    actions:"
		for i in $(seq 1 "$n"); do
			name=$(printf 'create-contact-%02d' "$i")
			echo "      $name:"
			echo "        description: Creates a contact ($i)"
			echo "        input: CreateContactInput"
			echo "        output: CreateContactOutput"
			printf '        endpoint: POST /contacts-%02d\n' "$i"
			echo "        version: 1.0.0"
			cat > "$d/acme-crm/actions/$name.ts" <<'TS'
import type { NangoAction, CreateContactOutput, CreateContactInput } from '../../models';

export default async function runAction(nango: NangoAction, input: CreateContactInput): Promise<CreateContactOutput> {
    const conn = await nango.getConnection();
    await nango.log(`creating contact for connection ${conn.connection_id}`, { level: 'info' });
    const res = await nango.post<{ id: string; created_at: string }>({
        endpoint: '/v1/contacts',
        data: { first_name: input.first_name, last_name: input.last_name, email: input.email, tags: input.tags ?? [] },
        retries: 2
    });
    return { id: res.data.id, success: true, created_at: res.data.created_at, warnings: null };
}
TS
		done
		cat <<'YAML'

models:
  CreateContactInput:
    first_name: string
    last_name?: string
    email: string
    company_id?: integer
    tags?: string[]
  CreateContactOutput:
    id: string
    success: boolean
    created_at: string
    warnings: string[] | null
YAML
	} > "$d/nango.yaml"
}

echo "== compile (no type check; fresh = empty dist/, models.ts regenerated)"
for n in 30 300; do
	compile_bench_project "$WORK/compile$n" "$n"
	# every run starts from a project without dist/ or generated files (dist/ is moved
	# aside, one rename, so deleting 300 files is not timed)
	time_cmd "nango compile, $n scripts, fresh" "$WORK/compile$n" \
		sh -c 'mv dist "old-dist.$$" 2>/dev/null; rm -f models.ts .nango/schema.* .nango/nango.json; exec "$0" compile --no-typecheck' "$BIN"
	eval "ms_fresh_$n=$(cat "$WORK/last")"
	rm -rf "$WORK/compile$n"/old-dist.*
	# dist/ and models.ts up to date: checks and bundles run, nothing is rewritten
	time_cmd "nango compile, $n scripts, unchanged" "$WORK/compile$n" "$BIN" compile --no-typecheck
done
if [ "${ms_fresh_30:-0}" -gt 0 ]; then
	awk -v a="$ms_fresh_30" -v b="$ms_fresh_300" 'BEGIN{printf "%-40s %6.1fx for 10x the scripts (linear: <= 10x)\n", "compile 300 vs 30", b/a}'
fi
if [ -x "$REF" ]; then
	time_cmd "reference nango compile, 30 scripts" "$WORK/compile30" \
		env NANGO_CLI_UPGRADE_MODE=ignore "$REF" compile
	ref_ms=$(cat "$WORK/last")
	awk -v r="$ref_ms" -v o="$ms_fresh_30" 'BEGIN{ if (o > 0) printf "%-40s %6.0fx faster\n", "compile, 30 scripts vs reference", r/o }'
fi
