#include "sync/server/internal/public_change.h"

#include "store/value.h"

namespace thidua {
namespace {

// Tables whose every row the site shows.
bool always_public(const std::string& table) {
  return table == "units" || table == "plans" || table == "tasks" || table == "task_units" ||
         table == "progress" || table == "award_kinds" || table == "council_sessions";
}

// Tables whose rows the site shows depending on a status.
bool sometimes_public(const std::string& table) {
  return table == "stories" || table == "story_photos" || table == "nominations";
}

// A row's cells come as a run (a client never splits a row's edit): a cell
// of the row just looked at adds nothing, and is passed over without a
// lookup.
bool same_row(const RemoteCell* last, const RemoteCell& c) {
  return last && last->pk == c.pk && last->table == c.table;
}

// The column of the row as text (as_text); "" when there is no such row.
// One column read, not the row: this runs for each row a push touches.
Result<std::string> column_text(Store& store, const std::string& table, const std::string& id,
                                std::string_view column) {
  auto value = store.get_value(table, id, column);
  if (!value) return value.status();
  return *value ? as_text(**value) : std::string();
}

Result<bool> story_published(Store& store, const std::string& id) {
  auto status = column_text(store, "stories", id, "status");
  if (!status) return status.status();
  return *status == "published";
}

}  // namespace

Result<bool> PublicChange::row_public(const std::string& table, const std::string& pk) {
  if (table == "stories") return story_published(store_, pk);
  if (table == "story_photos") {
    // A photo that is not there names no story, and "" is no story's id.
    auto story = column_text(store_, table, pk, "story_id");
    if (!story) return story.status();
    if (story->empty()) return false;
    return story_published(store_, *story);
  }
  auto status = column_text(store_, table, pk, "status");  // nominations
  if (!status) return status.status();
  return *status == "approved" || *status == "forwarded";
}

Status PublicChange::before(const std::vector<RemoteCell>& cells) {
  const RemoteCell* last = nullptr;
  for (const auto& c : cells) {
    if (same_row(last, c)) continue;
    last = &c;
    if (!sometimes_public(c.table)) continue;
    auto key = std::make_pair(c.table, c.pk);
    if (public_before_.count(key)) continue;
    auto shown = row_public(c.table, c.pk);
    if (!shown) return shown.status();
    public_before_.emplace(std::move(key), *shown);
  }
  return Status::ok();
}

Result<bool> PublicChange::after(const std::vector<RemoteCell>& cells,
                                 const std::vector<ApplyOutcome>& outcomes) {
  RowKeyMap<bool> checked;  // public after the merge
  const RemoteCell* last = nullptr;  // the last applied cell: its row is judged, and not public
  for (std::size_t i = 0; i < cells.size() && i < outcomes.size(); ++i) {
    if (outcomes[i] != ApplyOutcome::kApplied)
      continue;  // stale, duplicate, refused: nothing changed
    const RemoteCell& c = cells[i];
    if (same_row(last, c)) continue;
    last = &c;
    if (always_public(c.table)) return true;
    if (!sometimes_public(c.table)) continue;
    auto key = std::make_pair(c.table, c.pk);
    if (auto it = public_before_.find(key); it != public_before_.end() && it->second) return true;
    auto it = checked.find(key);
    if (it == checked.end()) {
      auto shown = row_public(c.table, c.pk);
      if (!shown) return shown.status();
      it = checked.emplace(std::move(key), *shown).first;
    }
    if (it->second) return true;
  }
  return false;
}

Result<bool> photo_public(Store& store, const std::string& hash) {
  for (const char* table : {"story_photos", "stories"}) {
    const bool photos = std::string(table) == "story_photos";
    auto ids = store.ids_where(table, photos ? "blob_hash" : "cover_hash", Value(hash));
    if (!ids) return ids.status();
    for (const auto& id : *ids) {
      std::string story = id;
      if (photos) {
        auto row = store.get("story_photos", id);
        if (!row) return row.status();
        if (!*row) continue;
        story = as_text(**row, "story_id");
      }
      auto published = story_published(store, story);
      if (!published) return published.status();
      if (*published) return true;
    }
  }
  return false;
}

}  // namespace thidua
