// The PouchDB peer's server: express-pouchdb over PouchDB's leveldb adapter,
// on 127.0.0.1 only, databases in a temp folder the caller owns.
//   node server.js --port P --dir DIR
// Prints "ready" on stdout once it listens; ends on SIGTERM or when its
// stdin closes.
'use strict';
const path = require('path');
const express = require('express');
const PouchDB = require('pouchdb-node');

function arg(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(arg('port', '0'));
const dir = arg('dir', null);
if (!port || !dir) {
  console.error('usage: node server.js --port P --dir DIR');
  process.exit(2);
}
const DB = PouchDB.defaults({ prefix: dir + path.sep });
const app = express();
app.use(require('express-pouchdb')(DB, {
  mode: 'minimumForPouchDB',
  inMemoryConfig: true,
  logPath: path.join(dir, 'log.txt'),
}));
const server = app.listen(port, '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
// The benchmark holds our stdin: when it ends, even by a crash, so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
