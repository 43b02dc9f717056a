# nango dryrun of a trivial action end to end (compile of that one script, connection and
# integration lookups, the script's getConnection and one proxied POST) against a local fake
# Nango server. Target: under 100 ms (the reference takes 4.4 s of CPU). Sourced by
# .ci/bench.sh ($BIN, $WORK, $ROOT, time_cmd).

echo "== dryrun (trivial action against a local fake Nango server)"
(cd "$ROOT" && go build -o "$WORK/fakenango-serve" ./internal/fakenango/cmd/fakenango-serve)
"$WORK/fakenango-serve" -integration acme-crm:acme -connection acme-crm:conn-1 \
	-provider 'POST /v1/contacts=201:{"id":"new-1","created_at":"2025-01-01T00:00:00.000Z"}' \
	< <(sleep 600) > "$WORK/fakenango.url" &
fake_pid=$!
for _ in $(seq 1 100); do [ -s "$WORK/fakenango.url" ] && break; sleep 0.05; done
d="$WORK/dryrun"
mkdir -p "$d/acme-crm/actions"
cat > "$d/nango.yaml" <<'YAML'
integrations:
  acme-crm:
    actions:
      create-contact:
        input: CreateContactInput
        output: CreateContactOutput
        endpoint: POST /contacts
models:
  CreateContactInput:
    email: string
  CreateContactOutput:
    id: string
    created_at: string
YAML
cat > "$d/acme-crm/actions/create-contact.ts" <<'TS'
import type { NangoAction, CreateContactInput, CreateContactOutput } from '../../models';

export default async function runAction(nango: NangoAction, input: CreateContactInput): Promise<CreateContactOutput> {
    const conn = await nango.getConnection();
    await nango.log(`creating contact for ${conn.connection_id}`);
    const res = await nango.post<{ id: string; created_at: string }>({ endpoint: '/v1/contacts', data: { email: input.email }, retries: 2 });
    return { id: res.data.id, created_at: res.data.created_at };
}
TS
# the timed command must succeed, or the timing means nothing
if ! (cd "$d" && NANGO_HOSTPORT="$(cat "$WORK/fakenango.url")" NANGO_SECRET_KEY_DEV=3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b \
	"$BIN" dryrun create-contact conn-1 --input '{"email":"ada@example.com"}' > "$WORK/dryrun.out" 2>&1); then
	echo "dryrun bench: the dry run failed:"; cat "$WORK/dryrun.out"
fi
time_cmd "nango dryrun, trivial action" "$d" env NANGO_HOSTPORT="$(cat "$WORK/fakenango.url")" \
	NANGO_SECRET_KEY_DEV=3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b "$BIN" dryrun create-contact conn-1 --input '{"email":"ada@example.com"}'
time_cmd "nango dryrun --no-compile, trivial action" "$d" env NANGO_HOSTPORT="$(cat "$WORK/fakenango.url")" \
	NANGO_SECRET_KEY_DEV=3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b "$BIN" dryrun create-contact conn-1 --no-compile --input '{"email":"ada@example.com"}'
# a sync mapping 100,000 records of 10 fields through batchSave (100 calls of 1,000: each
# de-duplicated, validated against the model, counted), whole command, results as --json
mkdir -p "$d/acme-crm/syncs"
cat >> "$d/nango.yaml" <<'YAML'
  Row:
    id: string
    name: string
    email: string
    age: number
    active: boolean
    city: string
    country: string
    score: number
    created_at: string
    tag: string
YAML
sed -i 's|^    actions:|    syncs:\n      big:\n        runs: every hour\n        output: Row\n        endpoint: GET /rows\n    actions:|' "$d/nango.yaml"
cat > "$d/acme-crm/syncs/big.ts" <<'TS'
import type { NangoSync, Row } from '../../models';

export default async function fetchData(nango: NangoSync): Promise<void> {
    const rows: Row[] = [];
    for (let i = 0; i < 100000; i++) {
        rows.push({ id: 'r' + i, name: 'Name ' + i, email: 'user' + i + '@example.com', age: i % 90, active: i % 2 === 0,
            city: 'City ' + (i % 100), country: 'UK', score: i * 1.5, created_at: '2024-05-01T10:00:00.000Z', tag: 't' + (i % 7) });
        if (rows.length === 1000) {
            await nango.batchSave(rows.splice(0), 'Row');
        }
    }
    await nango.batchSave(rows, 'Row');
}
TS
time_cmd "nango dryrun, sync of 100k records" "$d" env NANGO_HOSTPORT="$(cat "$WORK/fakenango.url")" \
	NANGO_SECRET_KEY_DEV=3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b "$BIN" dryrun big conn-1 --json
# the same, printed for humans (1.2 M lines of messages)
time_cmd "nango dryrun, 100k records, --auto-confirm" "$d" env NANGO_HOSTPORT="$(cat "$WORK/fakenango.url")" \
	NANGO_SECRET_KEY_DEV=3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b "$BIN" dryrun big conn-1 --auto-confirm
if command -v node >/dev/null 2>&1 && [ -f "$d/dist/big-acme-crm.js" ]; then
	# the same bundle under node with a batchSave that does the least any dry run must do
	# (JSON round trip, de-duplication by id): a floor for the reference, which does more
	cat > "$d/node-big.js" <<'JS'
const saved = new Map();
const nango = { batchSave: async (records, model) => { for (const r of JSON.parse(JSON.stringify(records))) saved.set(r.id, r); return true; } };
require('./dist/big-acme-crm.js').default(nango).then(() => console.log(saved.size));
JS
	time_cmd "node $(node --version), same sync, stub batchSave" "$d" node node-big.js
fi
kill "$fake_pid" 2>/dev/null || true
wait "$fake_pid" 2>/dev/null || true
