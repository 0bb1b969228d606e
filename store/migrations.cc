// Over 400 lines: the migrations are one ordered list of SQL that must stay
// whole and is never edited once shipped; splitting it would scatter history.
#include "store/internal/migrations.h"

#include <algorithm>
#include <string>
#include <vector>

#include "store/internal/sqlite.h"
#include "store/schema.h"

namespace thidua {
namespace {

// Rules for every migration: synced tables keep a TEXT primary key `id` and
// give every other column a default or allow NULL (see schema.h); foreign
// keys are DEFERRABLE INITIALLY DEFERRED because cells of one batch may
// arrive in any order; never edit a migration that has shipped; never
// create a table named node_ui_password (made on first use by
// store/node_ui_password.cc, which says why and how to take it over).
const std::vector<const char*>& migrations() {
  static const std::vector<const char*> list = {
      // 1: domain tables and sync metadata.
      R"sql(
CREATE TABLE units (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  short_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT '',
  parent_id TEXT REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
  ordinal INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE plans (
  id TEXT PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL DEFAULT '',
  issuer_id TEXT REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
  issued_on TEXT,
  signed_by TEXT NOT NULL DEFAULT '',
  signer_title TEXT NOT NULL DEFAULT '',
  intro_md TEXT NOT NULL DEFAULT '',
  purpose_md TEXT NOT NULL DEFAULT '',
  requirements_md TEXT NOT NULL DEFAULT '',
  organisation_md TEXT NOT NULL DEFAULT ''
);
CREATE TABLE tasks (
  id TEXT PRIMARY KEY NOT NULL,
  plan_id TEXT REFERENCES plans(id) DEFERRABLE INITIALLY DEFERRED,
  quarter INTEGER NOT NULL DEFAULT 1 CHECK (quarter BETWEEN 1 AND 4),
  ordinal INTEGER NOT NULL DEFAULT 0,
  content TEXT NOT NULL DEFAULT '',
  due TEXT
);
CREATE INDEX tasks_by_plan ON tasks(plan_id, quarter, ordinal);
CREATE TABLE task_units (
  id TEXT PRIMARY KEY NOT NULL,
  task_id TEXT REFERENCES tasks(id) DEFERRABLE INITIALLY DEFERRED,
  unit_id TEXT REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
  role TEXT NOT NULL DEFAULT 'responsible',
  ordinal INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX task_units_by_task ON task_units(task_id, ordinal);
CREATE INDEX task_units_by_unit ON task_units(unit_id);
CREATE TABLE progress (
  id TEXT PRIMARY KEY NOT NULL,
  task_id TEXT REFERENCES tasks(id) DEFERRABLE INITIALLY DEFERRED,
  unit_id TEXT REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
  status TEXT NOT NULL DEFAULT 'not_started'
    CHECK (status IN ('not_started', 'blocked', 'in_progress', 'done')),
  percent INTEGER CHECK (percent IS NULL OR (typeof(percent) = 'integer' AND percent BETWEEN 0 AND 100)),
  note_md TEXT NOT NULL DEFAULT '',
  reported_on TEXT
);
CREATE INDEX progress_by_unit ON progress(unit_id, task_id);
CREATE TABLE stories (
  id TEXT PRIMARY KEY NOT NULL,
  unit_id TEXT REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
  title TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT 'individual'
    CHECK (category IN ('individual', 'collective', 'business')),
  body_md TEXT NOT NULL DEFAULT '',
  cover_hash TEXT,
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'rejected', 'approved', 'published')),
  review_note TEXT NOT NULL DEFAULT '',
  created_on TEXT,
  published_on TEXT
);
CREATE INDEX stories_by_unit ON stories(unit_id, status);
CREATE TABLE story_photos (
  id TEXT PRIMARY KEY NOT NULL,
  story_id TEXT REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
  blob_hash TEXT,
  alt TEXT NOT NULL DEFAULT '',
  ordinal INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX story_photos_by_story ON story_photos(story_id, ordinal);
CREATE TABLE nominations (
  id TEXT PRIMARY KEY NOT NULL,
  unit_id TEXT REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
  nominee TEXT NOT NULL DEFAULT '',
  nominee_kind TEXT NOT NULL DEFAULT 'individual'
    CHECK (nominee_kind IN ('individual', 'collective')),
  award TEXT NOT NULL DEFAULT '',
  achievement_md TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'rejected', 'appraised', 'approved', 'forwarded')),
  council_session TEXT,
  decision_no TEXT,
  decided_on TEXT,
  review_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX nominations_by_unit ON nominations(unit_id, status);
-- Photos, content-addressed. Not synced cell by cell: they move on their
-- own queue, and rows refer to them by hash.
CREATE TABLE blobs (
  hash TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 64),
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  width INTEGER,
  height INTEGER,
  bytes BLOB NOT NULL
);

-- The node's identity and clock. `applying` is 1 only inside a transaction
-- that merges remote cells: the capture triggers stand still then.
CREATE TABLE sync_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  node_id TEXT NOT NULL,
  hlc INTEGER NOT NULL DEFAULT 0,
  applying INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO sync_meta(id, node_id) VALUES (1, lower(hex(randomblob(8))));
-- The clock of every cell we hold: who wrote it and when.
CREATE TABLE sync_cells (
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  col TEXT NOT NULL,
  hlc INTEGER NOT NULL,
  node TEXT NOT NULL,
  PRIMARY KEY (tbl, pk, col)
) WITHOUT ROWID;
-- Local changes not yet acknowledged by the server.
CREATE TABLE sync_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  col TEXT NOT NULL,
  val,  -- no declared type: no affinity, values kept exactly as written
  hlc INTEGER NOT NULL,
  base INTEGER
);
CREATE TRIGGER sync_outbox_stamps_cell AFTER INSERT ON sync_outbox BEGIN
  INSERT INTO sync_cells(tbl, pk, col, hlc, node)
    VALUES (NEW.tbl, NEW.pk, NEW.col, NEW.hlc, (SELECT node_id FROM sync_meta))
    ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc, node = excluded.node;
END;
-- Concurrent writes that lost, kept for a person to decide.
CREATE TABLE sync_conflicts (
  id INTEGER PRIMARY KEY,
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  col TEXT NOT NULL,
  kept_val,
  kept_hlc INTEGER NOT NULL,
  kept_node TEXT NOT NULL,
  lost_val,
  lost_hlc INTEGER NOT NULL,
  lost_node TEXT NOT NULL,
  detected_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  resolved_at TEXT,
  resolution TEXT
);
-- How far this node has pulled from each peer.
CREATE TABLE sync_cursors (
  peer TEXT PRIMARY KEY NOT NULL,
  cursor INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT
);
)sql",
      // 2: the change feed (every cell gets a sequence number each time its
      // clock changes; peers pull "cells with seq > my cursor"), this node's
      // configuration, the queue of photos still to upload, and the central
      // server's tables.
      R"sql(
ALTER TABLE sync_meta ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_cells ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE sync_cells SET seq = r.n
  FROM (SELECT tbl, pk, col, row_number() OVER (ORDER BY hlc, tbl, pk, col) AS n FROM sync_cells) AS r
  WHERE sync_cells.tbl = r.tbl AND sync_cells.pk = r.pk AND sync_cells.col = r.col;
UPDATE sync_meta SET seq = (SELECT count(*) FROM sync_cells);
CREATE INDEX sync_cells_by_seq ON sync_cells(seq);
CREATE TRIGGER sync_cells_feed_insert AFTER INSERT ON sync_cells BEGIN
  UPDATE sync_meta SET seq = seq + 1;
  UPDATE sync_cells SET seq = (SELECT seq FROM sync_meta)
    WHERE tbl = NEW.tbl AND pk = NEW.pk AND col = NEW.col;
END;
CREATE TRIGGER sync_cells_feed_update AFTER UPDATE OF hlc, node ON sync_cells BEGIN
  UPDATE sync_meta SET seq = seq + 1;
  UPDATE sync_cells SET seq = (SELECT seq FROM sync_meta)
    WHERE tbl = NEW.tbl AND pk = NEW.pk AND col = NEW.col;
END;

-- Set on a district or province node by `thidua node init`; absent on the
-- central database.
CREATE TABLE sync_node (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  unit_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('district', 'province')),
  server_url TEXT NOT NULL,
  token TEXT NOT NULL,
  last_sync_at TEXT,
  last_error TEXT,
  -- server time minus this machine's clock, learnt at each sync: district
  -- PCs keep wrong dates, and local edits are stamped with corrected time.
  clock_offset_ms INTEGER NOT NULL DEFAULT 0
);

-- Local changes the server refused, kept so the clerk can see why.
CREATE TABLE sync_rejected (
  id INTEGER PRIMARY KEY,
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  col TEXT NOT NULL,
  val,  -- no declared type: no affinity, values kept exactly as written
  reason TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Photos added here and not yet confirmed by the server.
CREATE TABLE sync_photo_outbox (
  hash TEXT PRIMARY KEY NOT NULL,
  queued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The central server's own tables (empty on nodes): the nodes it knows
-- and their tokens (SHA-256 only), photo uploads in progress, and the
-- append-only audit log of every cell it accepted.
CREATE TABLE server_nodes (
  id TEXT PRIMARY KEY NOT NULL,
  unit_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('district', 'province')),
  name TEXT NOT NULL DEFAULT '',
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  revoked_at TEXT,
  last_sync_at TEXT,
  last_cursor INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE server_uploads (
  hash TEXT NOT NULL,
  offset INTEGER NOT NULL,
  node_id TEXT NOT NULL,
  total INTEGER NOT NULL,
  data BLOB NOT NULL,
  received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (hash, offset)
);
CREATE TABLE server_audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  node_id TEXT NOT NULL,
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  col TEXT NOT NULL,
  old_val,
  new_val,
  hlc INTEGER NOT NULL
);
CREATE TRIGGER server_audit_no_update BEFORE UPDATE ON server_audit BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER server_audit_no_delete BEFORE DELETE ON server_audit BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
)sql",
      // 3: a merge numbers the cells it writes itself (one counter for the
      // whole batch, written back once), so the feed triggers only number
      // the writes that come without a number: local edits and clock fixes.
      // An insert with seq 0, or an update that leaves seq as it was.
      // And an index to read the audit log by table and row.
      R"sql(
DROP TRIGGER sync_cells_feed_insert;
DROP TRIGGER sync_cells_feed_update;
CREATE TRIGGER sync_cells_feed_insert AFTER INSERT ON sync_cells WHEN NEW.seq = 0 BEGIN
  UPDATE sync_meta SET seq = seq + 1;
  UPDATE sync_cells SET seq = (SELECT seq FROM sync_meta)
    WHERE tbl = NEW.tbl AND pk = NEW.pk AND col = NEW.col;
END;
CREATE TRIGGER sync_cells_feed_update AFTER UPDATE OF hlc, node ON sync_cells WHEN NEW.seq = OLD.seq BEGIN
  UPDATE sync_meta SET seq = seq + 1;
  UPDATE sync_cells SET seq = (SELECT seq FROM sync_meta)
    WHERE tbl = NEW.tbl AND pk = NEW.pk AND col = NEW.col;
END;
-- The history of one table's rows (the public site's task pages).
CREATE INDEX server_audit_by_row ON server_audit(tbl, pk);
)sql",
      // 4: hardening (issue 9).
      // - Uploads in progress belong to the node sending them: one node's
      //   bad chunk never touches another's upload. The old table held
      //   resumable state only (a node resends from the offset the server
      //   reports), so it is dropped rather than copied.
      // - Which units proved they hold a photo's bytes by uploading them
      //   whole and verified: a district is served a photo only through a
      //   published story or because it holds it itself, and a story shows
      //   a photo only its unit (or the province) holds. Photos already
      //   held are credited to the units of the stories that use them.
      // - A node's lineage: the server hands each node a new random value
      //   at every sync and the node keeps it in its database; a copy of the
      //   database on a second machine presents a value the server has moved
      //   past and is refused instead of silently merging as the same node.
      //   `lineage_attempt` lets a node that lost an answer retry once.
      R"sql(
DROP TABLE server_uploads;
CREATE TABLE server_uploads (
  node_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  offset INTEGER NOT NULL,
  total INTEGER NOT NULL,
  data BLOB NOT NULL,
  received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (node_id, hash, offset)
);
CREATE TABLE server_blob_holders (
  hash TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  PRIMARY KEY (hash, unit_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO server_blob_holders (hash, unit_id)
  SELECT DISTINCT p.blob_hash, s.unit_id
  FROM story_photos p JOIN stories s ON s.id = p.story_id JOIN blobs b ON b.hash = p.blob_hash
  WHERE s.unit_id IS NOT NULL;
ALTER TABLE sync_node ADD COLUMN lineage TEXT;
ALTER TABLE sync_node ADD COLUMN lineage_attempt TEXT;
ALTER TABLE server_nodes ADD COLUMN lineage TEXT;
ALTER TABLE server_nodes ADD COLUMN lineage_prev TEXT;
ALTER TABLE server_nodes ADD COLUMN lineage_attempt TEXT;
)sql",
      // 5: one audit record per merged row instead of one per cell (issue
      // 10): `cells` packs the row's cells as a JSON array of
      // [column, old value, new value, hlc], `n` counts them, and
      // ServerStore::audit_of unpacks them with json_each. Each old
      // per-cell row becomes a record of one cell with its id and time, so
      // every question the log answered it still answers alike.
      R"sql(
ALTER TABLE server_audit RENAME TO server_audit_v4;
DROP INDEX server_audit_by_row;
CREATE TABLE server_audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  node_id TEXT NOT NULL,
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  n INTEGER NOT NULL,
  cells TEXT NOT NULL
);
INSERT INTO server_audit (id, at, node_id, tbl, pk, n, cells)
  SELECT id, at, node_id, tbl, pk, 1, json_array(json_array(col, old_val, new_val, hlc))
  FROM server_audit_v4 ORDER BY id;
DROP TABLE server_audit_v4;
CREATE INDEX server_audit_by_row ON server_audit(tbl, pk);
CREATE TRIGGER server_audit_no_update BEFORE UPDATE ON server_audit BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER server_audit_no_delete BEFORE DELETE ON server_audit BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
)sql",
      // 6: the commendation cycle (issue 13). Changes synced tables, so the
      // server serves nodes at 6 only (migrations_oldest_compatible_version).
      // - award_kinds: the kinds of award, reference data from content/
      //   (awards.json): name, level (province or state) and who signs.
      // - council_sessions: the council's sessions, made by the province.
      // - nominations: nominees may also be businesses and entrepreneurs
      //   (a CHECK, so the table is rebuilt, rows and ids kept); the award
      //   kind; the session whose agenda holds it; the appraisal; the
      //   decision's signing level; forwarding to the centre and its result.
      //   `council_session` (free text) stays for rows written before.
      // - nomination_documents: a dossier's files (tờ trình, biên bản, báo
      //   cáo thành tích), content-addressed in `blobs` like photos.
      // - progress.public_note_md: the note as the province reviewed it, the
      //   only one the public site shows.
      // - node_site: what a province node last heard of the public site's
      //   builds, kept until now in two rows of sync_cursors.
      R"sql(
CREATE TABLE award_kinds (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL DEFAULT 'province' CHECK (level IN ('province', 'state')),
  signer TEXT NOT NULL DEFAULT 'chu-tich-ubnd-tinh'
    CHECK (signer IN ('chu-tich-ubnd-tinh', 'thu-tuong', 'chu-tich-nuoc')),
  nominee_kinds TEXT NOT NULL DEFAULT '',
  ordinal INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE council_sessions (
  id TEXT PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL DEFAULT 0,
  quarter INTEGER NOT NULL DEFAULT 1 CHECK (quarter BETWEEN 1 AND 4),
  held_on TEXT,
  title TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held'))
);
CREATE INDEX council_sessions_by_year ON council_sessions(year, quarter);
ALTER TABLE nominations RENAME TO nominations_v5;
DROP INDEX nominations_by_unit;
CREATE TABLE nominations (
  id TEXT PRIMARY KEY NOT NULL,
  unit_id TEXT REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
  nominee TEXT NOT NULL DEFAULT '',
  nominee_kind TEXT NOT NULL DEFAULT 'individual'
    CHECK (nominee_kind IN ('individual', 'collective', 'business', 'entrepreneur')),
  award TEXT NOT NULL DEFAULT '',
  achievement_md TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'rejected', 'appraised', 'approved', 'forwarded')),
  council_session TEXT,
  decision_no TEXT,
  decided_on TEXT,
  review_note TEXT NOT NULL DEFAULT '',
  award_kind TEXT REFERENCES award_kinds(id) DEFERRABLE INITIALLY DEFERRED,
  session_id TEXT REFERENCES council_sessions(id) DEFERRABLE INITIALLY DEFERRED,
  appraisal_note TEXT,
  appraised_on TEXT,
  signing_level TEXT
    CHECK (signing_level IS NULL OR signing_level IN ('chu-tich-ubnd-tinh', 'thu-tuong', 'chu-tich-nuoc')),
  forwarded_on TEXT,
  centre_result TEXT CHECK (centre_result IS NULL OR centre_result IN ('conferred', 'declined'))
);
INSERT INTO nominations (id, unit_id, nominee, nominee_kind, award, achievement_md, status,
                         council_session, decision_no, decided_on, review_note)
  SELECT id, unit_id, nominee, nominee_kind, award, achievement_md, status,
         council_session, decision_no, decided_on, review_note
  FROM nominations_v5;
DROP TABLE nominations_v5;
CREATE INDEX nominations_by_unit ON nominations(unit_id, status);
CREATE INDEX nominations_by_session ON nominations(session_id);
CREATE TABLE nomination_documents (
  id TEXT PRIMARY KEY NOT NULL,
  nomination_id TEXT REFERENCES nominations(id) DEFERRABLE INITIALLY DEFERRED,
  blob_hash TEXT,
  kind TEXT NOT NULL DEFAULT 'khac'
    CHECK (kind IN ('to-trinh', 'bien-ban', 'bao-cao-thanh-tich', 'khac')),
  file_name TEXT NOT NULL DEFAULT '',
  ordinal INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX nomination_documents_by_nomination ON nomination_documents(nomination_id, ordinal);
ALTER TABLE progress ADD COLUMN public_note_md TEXT;
CREATE TABLE node_site (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  built_at_ms INTEGER NOT NULL DEFAULT 0,
  failed_at_ms INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT ''
);
INSERT INTO node_site (id, built_at_ms, failed_at_ms, error)
  SELECT 1,
         coalesce((SELECT cursor FROM sync_cursors WHERE peer = 'site-built-at'), 0),
         coalesce((SELECT cursor FROM sync_cursors WHERE peer = 'site-failed-at'), 0),
         coalesce((SELECT updated_at FROM sync_cursors WHERE peer = 'site-failed-at'), '')
  WHERE EXISTS (SELECT 1 FROM sync_cursors WHERE peer IN ('site-built-at', 'site-failed-at'));
DELETE FROM sync_cursors WHERE peer IN ('site-built-at', 'site-failed-at');
)sql",
      // 7: clocks kept per row (issue 10): one sync_rows record per row
      // instead of one sync_cells row (and one feed index entry) per cell.
      // `cells` packs each cell's [hlc, node, seq] as JSON keyed by column
      // (store/internal/row_clocks.h); `seq` numbers the row in the feed by
      // its latest cell; `lo` is no more than its smallest cell number. Every
      // cell keeps its clock and its number. The capture trigger numbers the
      // cell and stamps the record (thidua_stamp, registered by the Store:
      // JSON1's writers may not run in triggers under trusted_schema = OFF);
      // the merge writes whole records. sync_cells stays as a view, one row per cell, for scripts and
      // the node's rare questions (node_restart, refusals). No synced table
      // and nothing on the wire changes: kLastSyncedTableChange stays 6.
      R"sql(
CREATE TABLE sync_rows (
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  seq INTEGER NOT NULL,
  lo INTEGER NOT NULL,
  cells TEXT NOT NULL,
  PRIMARY KEY (tbl, pk)
) WITHOUT ROWID;
INSERT INTO sync_rows (tbl, pk, seq, lo, cells)
  SELECT tbl, pk, max(seq), min(seq), json_group_object(col, json_array(hlc, node, seq))
  FROM sync_cells GROUP BY tbl, pk;
CREATE INDEX sync_rows_by_seq ON sync_rows(seq, lo);
DROP TRIGGER sync_outbox_stamps_cell;
DROP TABLE sync_cells;
CREATE VIEW sync_cells (tbl, pk, col, hlc, node, seq) AS
  SELECT r.tbl, r.pk, c.key, h.atom, n.atom, s.atom
  FROM sync_rows r, json_each(r.cells) c, json_each(c.value) h, json_each(c.value) n, json_each(c.value) s
  WHERE h.key = 0 AND n.key = 1 AND s.key = 2;
CREATE TRIGGER sync_outbox_stamps_cell AFTER INSERT ON sync_outbox BEGIN
  UPDATE sync_meta SET seq = seq + 1 WHERE id = 1;
  INSERT INTO sync_rows (tbl, pk, seq, lo, cells)
    SELECT NEW.tbl, NEW.pk, m.seq, m.seq, thidua_stamp(NULL, NEW.col, NEW.hlc, m.node_id, m.seq)
    FROM sync_meta m WHERE m.id = 1
    ON CONFLICT (tbl, pk) DO UPDATE SET seq = excluded.seq,
      cells = thidua_stamp(cells, NEW.col, NEW.hlc, (SELECT node_id FROM sync_meta WHERE id = 1), excluded.seq);
END;
)sql",
  };
  return list;
}

}  // namespace

int migrations_latest_version() { return static_cast<int>(migrations().size()); }

// 2-4 added sync metadata and the server's own tables and 5 repacked the
// server's audit log: a node one version behind those syncs as it is. 6
// changed synced tables (new tables, columns and nominee kinds a node at 5
// cannot store), so the server serves nodes at 6 or later only: an older
// node is told what to install and keeps its unsent work until it has
// (docs/architecture.md, "Schema"). A later migration that changes a
// synced table (a column, a CHECK, a reference) moves kLastSyncedTableChange
// to its own version, or says here how the server serves the one before.
// 7 changed how a node stores its cells' clocks, not what it sends or
// accepts: a node at 6 syncs with a server at 7 and the other way round.
constexpr int kLastSyncedTableChange = 6;
int migrations_oldest_compatible_version() {
  return std::max({1, migrations_latest_version() - 1, kLastSyncedTableChange});
}

Status migrate(sqlite3* db, int target, const BeforeMigrating& before_migrating) {
  auto version = sql::query_int(db, "PRAGMA user_version");
  if (!version) return version.status();
  if (*version > migrations_latest_version()) {
    return Status::conflict("cơ sở dữ liệu có phiên bản lược đồ " + std::to_string(*version) +
                            ", bản thidua này chỉ biết đến phiên bản " + std::to_string(migrations_latest_version()) +
                            "; hãy nâng cấp thidua trước khi mở");
  }
  if (*version >= target) return Status::ok();
  THIDUA_RETURN_IF_ERROR(sql::exec(db, "BEGIN IMMEDIATE"));
  // Read again under the write lock: another process may have migrated the
  // file since, and nothing can change it now until this step commits.
  version = sql::query_int(db, "PRAGMA user_version");
  Status st = version.status();
  if (st.is_ok() && *version > 0 && *version < target && before_migrating)
    st = before_migrating(static_cast<int>(*version));
  if (!st.is_ok() || *version >= target) {
    (void)sql::exec(db, "ROLLBACK");
    return st;
  }
  // Every step in the one transaction: the file is at the version it was
  // copied at or at the target, never between, and another process waiting
  // for the lock finds the work done (a commit per step once let it copy
  // and run the rest of the steps again).
  for (int v = static_cast<int>(*version) + 1; v <= target; ++v) {
    std::string sql = migrations()[static_cast<size_t>(v - 1)];
    // Triggers are derived from the specs of the latest schema, so they are
    // rebuilt in the same transaction as the last step: a database at the
    // latest version always has triggers that match it.
    if (v == migrations_latest_version()) sql += capture_triggers_sql();
    sql += "\nPRAGMA user_version = " + std::to_string(v) + ";\n";
    st = sql::exec(db, sql);
    if (!st.is_ok()) {
      (void)sql::exec(db, "ROLLBACK");
      return st.with_context("schema migration to version " + std::to_string(v));
    }
  }
  return sql::exec(db, "COMMIT");
}

}  // namespace thidua
