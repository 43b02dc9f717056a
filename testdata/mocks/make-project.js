// Writes testdata/mocks/project: a nested-layout project with recordings in every form the
// replay reads (hashed files, a legacy file, connection, metadata, action input/output, sync
// records). File names are computed here, independently of the Go code, from the rules of
// internal/mocks/identity.go. Run from the repository root: node testdata/mocks/make-project.js
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
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
  return { id, hash: crypto.createHash('sha1').update(JSON.stringify(id)).digest('hex') };
}
const root = path.join('testdata', 'mocks', 'project', 'acme-crm', 'mocks');
fs.rmSync(path.join('testdata', 'mocks', 'project'), { recursive: true, force: true });
function write(rel, value) {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, JSON.stringify(value, null, 2));
}
function hashed(script, config, response, status, headers) {
  const { id, hash } = identity(config);
  write(`nango/${id.method}/proxy/${id.endpoint}/${script}/${hash}.json`,
    { method: id.method, endpoint: id.endpoint, requestIdentityHash: hash, requestIdentity: id, response, status, headers });
  return hash;
}
const page1 = [{ id: '1', name: 'Ada', address: { city: 'Paris' } }, { id: '2', name: 'Bob', address: { city: 'Lyon' } }];
const page2 = [{ id: '3', name: 'Cy', address: { city: 'Nice' } }];
const hashes = {
  page1: hashed('fetch-contacts', { method: 'GET', endpoint: '/v1/contacts', params: { per_page: 2 } }, { data: page1, next: 'page2' }, 200, { 'content-type': 'application/json' }),
  page2: hashed('fetch-contacts', { method: 'GET', endpoint: '/v1/contacts', params: { per_page: 2, cursor: 'page2' } }, { data: page2, next: null }, 200, { 'content-type': 'application/json' }),
  create: hashed('create-contact', { method: 'POST', endpoint: '/v1/contacts', data: { name: 'Dee', email: 'dee@example.com' } }, { id: '4', name: 'Dee' }, 201, { 'content-type': 'application/json' }),
};
// Legacy form: the raw body only, no status, no headers.
write('nango/get/proxy/v1/me/whoami.json', { user: 'ada', teams: [{ id: 1 }], roles: ['admin'] });
write('nango/getConnection.json', { metadata: { region: 'eu' }, connection_config: { subdomain: 'acme' } });
write('nango/getMetadata.json', { region: 'eu' });
write('fetch-contacts/Contact/batchSave.json', [...page1, ...page2]);
write('fetch-contacts/Contact/batchDelete.json', [{ id: '9' }]);
write('create-contact/input.json', { name: 'Dee', email: 'dee@example.com' });
write('create-contact/output.json', { id: '4', name: 'Dee' });
write('whoami/output.json', { user: 'ada' });
console.log(JSON.stringify(hashes));
