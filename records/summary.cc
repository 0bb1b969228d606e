#include "records/summary.h"

#include <cstdio>
#include <ctime>
#include <set>

#include "records/internal/checks.h"
#include "records/node.h"
#include "store/node_store.h"

namespace thidua {

using namespace records_internal;

namespace {

// ms since the epoch as "2026-12-04T23:05:01.250Z", the form of last_sync_at.
std::string iso_utc(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];  // room for any int the compiler cannot rule out
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

Status add_site(Store& store, NodeSummary* s) {
  auto seen = NodeStore(store).site_build_seen();
  if (!seen) return seen.status();
  if (!*seen) return Status::ok();
  if ((*seen)->built_at_ms > 0) s->site_built_at = iso_utc((*seen)->built_at_ms);
  if ((*seen)->failed_at_ms > 0) {
    s->site_failed_at = iso_utc((*seen)->failed_at_ms);
    s->site_error = (*seen)->error;
  }
  return Status::ok();
}

// The rows waiting in the outbox as records: a story_photos row counts as
// its story (a story and its photos are one thing to the clerk).
Result<std::int64_t> pending_records(Store& store) {
  auto rows = store.outbox_rows();
  if (!rows) return rows.status();
  std::set<std::pair<std::string, std::string>> records;
  for (auto& [table, pk] : *rows) {
    if (table == "story_photos") {
      auto photo = store.get(table, pk);
      if (!photo) return photo.status();
      std::string story = *photo ? text_of(**photo, "story_id") : std::string();
      if (!story.empty()) {
        records.emplace("stories", std::move(story));
        continue;
      }
    }
    records.emplace(table, pk);
  }
  return static_cast<std::int64_t>(records.size());
}

// The upload queue apart: photos, and dossier documents (issue 13: blobs a
// nomination_documents row names, moved by the same queue).
Status count_uploads(Store& store, NodeSummary* s) {
  auto queued = NodeStore(store).photos_to_upload();
  if (!queued) return queued.status();
  for (const std::string& hash : *queued) {
    auto documents = store.ids_where("nomination_documents", "blob_hash", Value(hash));
    if (!documents) return documents.status();
    ++(documents->empty() ? s->pending_photos : s->pending_documents);
  }
  return Status::ok();
}

}  // namespace

Result<NodeSummary> node_summary(Store& store) {
  auto config = NodeStore(store).node_config();
  if (!config) return config.status();
  if (!*config) return node_identity(store).status();  // the "run node init" refusal
  const NodeConfig& c = **config;
  NodeSummary s;
  s.node_id = store.node_id();
  s.unit_id = c.unit_id;
  s.role = c.role;
  s.server_url = c.server_url;
  s.last_sync_at = c.last_sync_at;
  s.last_error = c.last_error;
  auto unit = store.get("units", c.unit_id);
  if (!unit) return unit.status();
  if (*unit) s.unit_name = text_of(**unit, "name");
  auto pending = store.outbox_count();  // a count, not the entries and their Markdown
  if (!pending) return pending.status();
  s.pending_cells = *pending;
  auto records = pending_records(store);
  if (!records) return records.status();
  s.pending_records = *records;
  THIDUA_RETURN_IF_ERROR(count_uploads(store, &s));
  auto conflicts = store.conflicts();
  if (!conflicts) return conflicts.status();
  s.open_conflicts = static_cast<std::int64_t>(conflicts->size());
  auto refused = NodeStore(store).rejections();
  if (!refused) return refused.status();
  s.refused = refused->first;
  s.last_refusal = refused->second;
  auto differing = NodeStore(store).cells_differing_from_server();
  if (!differing) return differing.status();
  s.differing = std::move(*differing);
  THIDUA_RETURN_IF_ERROR(add_site(store, &s));
  return s;
}

}  // namespace thidua
