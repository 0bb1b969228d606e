// The PouchDB peer's client: one replication between a local PouchDB and
// the server, timed on its own.
//   node client.js --url http://127.0.0.1:P/DB --mode push|pull|seed
//                  [--docs FILE] [--adapter leveldb|memory] [--dir DIR]
// push: loads the documents of FILE (one JSON object a line) into a fresh
//       local database, then replicates it to the server;
// pull: replicates the server's database into a fresh, empty local one;
// seed: writes FILE's documents straight into the server's database.
// push and pull set everything up, print "ready" and wait for a line on
// stdin, so the caller can start counting bytes; then they replicate and
// print one JSON line {seconds, requests, docs}. Only the replication is in
// `seconds` and `requests`. Bytes are not counted here: sync_bench counts
// them at the loopback proxy the URL points to, as it does for thidua.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');
const PouchDB = require('pouchdb-node');
PouchDB.plugin(require('pouchdb-adapter-memory'));

function arg(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const url = arg('url', null);
const mode = arg('mode', 'push');
const adapter = arg('adapter', 'leveldb');
const docsFile = arg('docs', null);
let requests = 0;
let counting = false;

function readDocs() {
  return fs.readFileSync(docsFile, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l));
}

async function bulkLoad(db, docs) {
  for (let i = 0; i < docs.length; i += 1000) await db.bulkDocs(docs.slice(i, i + 1000));
}

function waitForGo() {
  console.log('ready');
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin });
    rl.once('line', () => { rl.close(); resolve(); });
  });
}

async function main() {
  const remote = new PouchDB(url, {
    fetch: (u, opts) => { if (counting) requests++; return PouchDB.fetch(u, opts); },
  });
  await remote.info();  // creates the database: setup, not replication
  if (mode === 'seed') return bulkLoad(remote, readDocs());
  const dir = fs.mkdtempSync(path.join(arg('dir', os.tmpdir()), 'pouch-client-'));
  const local = new PouchDB(path.join(dir, 'local'), { adapter });
  if (mode === 'push') await bulkLoad(local, readDocs());
  await waitForGo();
  counting = true;
  const t = process.hrtime.bigint();
  const info = mode === 'push' ? await PouchDB.replicate(local, remote) : await PouchDB.replicate(remote, local);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  counting = false;
  const docs = mode === 'push' ? info.docs_read : info.docs_written;
  console.log(JSON.stringify({ seconds, requests, docs }));
  await local.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => { console.error(String(e && e.stack || e)); process.exit(1); });
