// Computes the request identity hashes of internal/mocks/identity_test.go independently of
// the Go code, from the rules of internal/mocks/identity.go. Run: node testdata/mocks/identity-hashes.js
const crypto = require('crypto');
const FILTER = ['authorization','user-agent','nango-proxy-user-agent','accept-encoding','retries','host','connection-id','provider-config-key'];
const sort = (e) => e.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
function identity(c) {
  const id = { method: (c.method || 'get').toLowerCase(), endpoint: c.endpoint.replace(/^\//, ''),
    params: sort(Object.entries(c.params || {})),
    headers: sort(Object.entries(c.headers || {}).filter(([k]) => !FILTER.includes(k.toLowerCase()))) };
  if (c.data) {
    let t = typeof c.data === 'string' ? c.data : Buffer.isBuffer(c.data) ? c.data.toString('base64') : JSON.stringify(c.data);
    if (t.length > 1000) t = 'sha1:' + crypto.createHash('sha1').update(t).digest('hex');
    id.data = t;
  }
  const text = JSON.stringify(id);
  return [text, crypto.createHash('sha1').update(text).digest('hex')];
}
const big = { items: Array.from({ length: 60 }, (_, i) => ({ id: i, name: 'contact ' + i, score: i / 8 })) };
const cases = {
  params_numbers: { method: 'GET', endpoint: '/v1/contacts', params: { per_page: 2, cursor: 'page2', ratio: 0.5, big: 1e21, tiny: 1.5e-7, neg: -0, flag: true, none: null, ids: [1, 2] } },
  default_method: { endpoint: 'v1/me' },
  double_slash: { method: 'Delete', endpoint: '//v1/items/7' },
  json_body_over_1000: { method: 'post', endpoint: '/v1/contacts/bulk', data: big },
  json_body_small: { method: 'patch', endpoint: '/v1/contacts/1', data: { name: 'Zoë <&>', 2: 'two', 1: 'one', nested: { a: [1, 'x'] } } },
  string_body: { method: 'POST', endpoint: '/oauth/form', data: 'name=a&b=c' },
  string_body_600_e_acute: { method: 'POST', endpoint: '/t', data: 'é'.repeat(600) },
  string_body_501_emoji: { method: 'POST', endpoint: '/t', data: '😀'.repeat(501) },
  binary_body: { method: 'PUT', endpoint: '/upload', data: Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]) },
  empty_buffer: { method: 'PUT', endpoint: '/upload', data: Buffer.alloc(0) },
  falsy_bodies: { method: 'POST', endpoint: '/x', data: 0 },
  filtered_headers: { method: 'GET', endpoint: '/v1/contacts', headers: { Authorization: 'Bearer sk', 'User-Agent': 'ua', 'X-Api-Version': '2', accept: 'application/json', Retries: '3', 'Connection-Id': 'c', 'Content-Type': 'application/json', Host: 'h', 'Nango-Proxy-User-Agent': 'u', 'Accept-Encoding': 'gzip', 'Provider-Config-Key': 'p', 'nango-is-sync': 'true' } },
};
for (const [name, c] of Object.entries(cases)) { const [text, hash] = identity(c); console.log(JSON.stringify({ name, text: text.length > 300 ? text.slice(0, 300) + '…' : text, hash })); }

/* Output with Node v20.20.2 (texts over 300 characters shortened):
{"name":"params_numbers","text":"{\"method\":\"get\",\"endpoint\":\"v1/contacts\",\"params\":[[\"big\",1e+21],[\"cursor\",\"page2\"],[\"flag\",true],[\"ids\",[1,2]],[\"neg\",0],[\"none\",null],[\"per_page\",2],[\"ratio\",0.5],[\"tiny\",1.5e-7]],\"headers\":[]}","hash":"33fa377416bf386da5f998ed6a1a2f2a3774765e"}
{"name":"default_method","text":"{\"method\":\"get\",\"endpoint\":\"v1/me\",\"params\":[],\"headers\":[]}","hash":"7e84eb7944df64957eee87e1f28d626ab808ad6f"}
{"name":"double_slash","text":"{\"method\":\"delete\",\"endpoint\":\"/v1/items/7\",\"params\":[],\"headers\":[]}","hash":"1a9aeb8e0bc9305c7127bf4bf861712db2f4342d"}
{"name":"json_body_over_1000","text":"{\"method\":\"post\",\"endpoint\":\"v1/contacts/bulk\",\"params\":[],\"headers\":[],\"data\":\"sha1:c0e11d28d06b031262d8a1c49926e72680fcfeae\"}","hash":"969ebbdaf946f5f477f2a4456650c5c36f18f542"}
{"name":"json_body_small","text":"{\"method\":\"patch\",\"endpoint\":\"v1/contacts/1\",\"params\":[],\"headers\":[],\"data\":\"{\\\"1\\\":\\\"one\\\",\\\"2\\\":\\\"two\\\",\\\"name\\\":\\\"Zoë <&>\\\",\\\"nested\\\":{\\\"a\\\":[1,\\\"x\\\"]}}\"}","hash":"b07a752ed3e3c76c53a32d652912d7583b397f67"}
{"name":"string_body","text":"{\"method\":\"post\",\"endpoint\":\"oauth/form\",\"params\":[],\"headers\":[],\"data\":\"name=a&b=c\"}","hash":"afe01465427cb938129412bf62db0718a39cd292"}
{"name":"string_body_600_e_acute","text":"{\"method\":\"post\",\"endpoint\":\"t\",\"params\":[],\"headers\":[],\"data\":\"ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé…","hash":"257aa2e214856f8b1bf9cce5b2ef80e944e8cca7"}
{"name":"string_body_501_emoji","text":"{\"method\":\"post\",\"endpoint\":\"t\",\"params\":[],\"headers\":[],\"data\":\"sha1:b38137ce0095ac19e090a86c3de6c53a5196ff4e\"}","hash":"8f21d2d02d0410f99741d2eeca93b2fa49ca5edf"}
{"name":"binary_body","text":"{\"method\":\"put\",\"endpoint\":\"upload\",\"params\":[],\"headers\":[],\"data\":\"AAEC+vv8/f7/\"}","hash":"ac9c47598a4ce8529215b00aef4512e87fd8b25d"}
{"name":"empty_buffer","text":"{\"method\":\"put\",\"endpoint\":\"upload\",\"params\":[],\"headers\":[],\"data\":\"\"}","hash":"62098466c8dd5bd3462f859f51d67087eec5cb32"}
{"name":"falsy_bodies","text":"{\"method\":\"post\",\"endpoint\":\"x\",\"params\":[],\"headers\":[]}","hash":"e719037ea5d43077d41cb36cc5dc7fce3122dbde"}
{"name":"filtered_headers","text":"{\"method\":\"get\",\"endpoint\":\"v1/contacts\",\"params\":[],\"headers\":[[\"Content-Type\",\"application/json\"],[\"X-Api-Version\",\"2\"],[\"accept\",\"application/json\"],[\"nango-is-sync\",\"true\"]]}","hash":"504831ab5e7effe3b0f98a3d68ef16b1d7137152"}
*/
