# nango dev on a 100-script project: the time from saving one script (an editor's atomic
# save: temp file renamed over it) to the dev loop reporting its rebuilt bundle on disk (the
# --json line is written after the bundle), median and p90 of 31 saves. Target: median under
# 50 ms. Sourced by .ci/bench.sh ($BIN, $WORK); needs bash 5 ($EPOCHREALTIME).

dev_bench() {
	local d=$WORK/dev100 n=100 i name
	mkdir -p "$d/acme-crm/actions"
	{
		echo "integrations:"
		echo "  acme-crm:"
		echo "    actions:"
		for i in $(seq -w 1 $n); do
			echo "      create-contact-$i:"
			echo "        input: CreateContactInput"
			echo "        output: CreateContactOutput"
			echo "        endpoint: POST /contacts-$i"
		done
		printf 'models:\n  CreateContactInput:\n    email: string\n  CreateContactOutput:\n    id: string\n    success: boolean\n'
	} > "$d/nango.yaml"
	dev_script() { # marker
		cat <<TS
import type { NangoAction, CreateContactOutput, CreateContactInput } from '../../models';

export default async function runAction(nango: NangoAction, input: CreateContactInput): Promise<CreateContactOutput> {
    await nango.log('$1');
    const res = await nango.post<{ id: string }>({ endpoint: '/v1/contacts', data: { email: input.email }, retries: 2 });
    return { id: res.data.id, success: true };
}
TS
	}
	for i in $(seq -w 1 $n); do dev_script v0 > "$d/acme-crm/actions/create-contact-$i.ts"; done

	mkfifo "$WORK/dev.fifo"
	(cd "$d" && exec "$BIN" dev --no-typecheck --json > "$WORK/dev.fifo" 2>/dev/null) &
	local pid=$! line t0 t1
	exec 3<"$WORK/dev.fifo"
	read -r line <&3 # the start-up build
	: > "$WORK/dev.lat"
	for i in $(seq 1 31); do
		name=$(printf 'create-contact-%03d' $(( (i * 7) % n + 1 )))
		dev_script "save $i" > "$d/acme-crm/actions/$name.ts.tmp~"
		t0=$EPOCHREALTIME
		mv "$d/acme-crm/actions/$name.ts.tmp~" "$d/acme-crm/actions/$name.ts"
		while read -r line <&3; do
			case $line in *"\"script\":\"acme-crm/$name\""*) break ;; esac
		done
		t1=$EPOCHREALTIME
		grep -q "save $i" "$d/dist/$name-acme-crm.js" || echo "dev bench: bundle of $name not rebuilt" >&2
		awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f\n", (b-a)*1000}' >> "$WORK/dev.lat"
	done
	kill -INT "$pid"; wait "$pid" 2>/dev/null || true
	exec 3<&-
	sort -n "$WORK/dev.lat" | awk '{v[NR]=$1} END{printf "%-40s %6.1f ms median, %.1f ms p90 (target: median < 50 ms)\n", "nango dev, 100 scripts, save to bundle", v[int((NR+1)/2)], v[int(NR*0.9)]}'
}

echo "== dev (save to rebuilt bundle)"
if [ -n "${EPOCHREALTIME:-}" ]; then dev_bench; else echo "dev bench skipped: bash 5 needed"; fi
