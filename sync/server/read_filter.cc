// What a node may read (authz.h): the pull's filter per row, and who may
// fetch a photo or a dossier document by its hash.
#include "store/schema.h"
#include "store/server_store.h"
#include "sync/server/internal/authz.h"
#include "sync/server/internal/cell_text.h"

namespace thidua {

ReadFilter::ReadFilter(Store& store, Principal who) : store_(store), who_(std::move(who)) {}

namespace {

std::string feed_text(const FeedRow& row, std::string_view column) {
  const Value* v = row.value(column);
  return v ? text_of(*v) : std::string();
}

}  // namespace

// From the page's read of the row when it is at hand (the same transaction:
// the values a read now gives), else read once per filter. The pointer
// stays valid until the next call with another `read`.
Result<const std::optional<ReadFilter::Seen>*> ReadFilter::row(const std::string& table, const std::string& pk,
                                                               const FeedRow* read) {
  if (read && read->pk == pk && read->table == table) {
    if (read != last_read_) {  // a row's cells come as a run: judged once
      last_read_ = read;
      last_seen_.reset();
      if (read->values) {
        last_seen_ = Seen{feed_text(*read, "unit_id"), feed_text(*read, "status"), feed_text(*read, "story_id"),
                          feed_text(*read, "nomination_id"), feed_text(*read, "published_on")};
      }
    }
    return &last_seen_;
  }
  auto key = RowKey{table, pk};
  auto it = rows_.find(key);
  if (it != rows_.end()) return &it->second;
  auto r = store_.get(table, pk);
  if (!r) return r.status();
  std::optional<Seen> seen;
  if (*r) {
    seen = Seen{text_of(*r, "unit_id"), text_of(*r, "status"), text_of(*r, "story_id"), text_of(*r, "nomination_id"),
                text_of(*r, "published_on")};
  }
  return &rows_.emplace(std::move(key), std::move(seen)).first->second;  // elements keep their address
}

Result<bool> ReadFilter::visible(const std::string& table, const std::string& pk, const FeedRow* read) {
  if (who_.is_province()) return true;
  const TableSpec* t = find_table(table);
  if (!t) return false;
  if (t->reference) return true;
  auto found = row(table, pk, read);
  if (!found) return found.status();
  const std::optional<Seen>& r = **found;
  // A deleted row's tombstone goes to no district: its unit is gone with it,
  // and a district's own deletes started on that district.
  if (!r) return false;
  if (table == "story_photos") return visible("stories", r->story_id);
  if (table == "nomination_documents") return visible("nominations", r->nomination_id);
  if (r->unit_id == who_.unit_id) return true;
  return table == "stories" && r->status == "published";
}

Result<bool> ReadFilter::withdraws_row(const RemoteCell& cell, const FeedRow* read) {
  if (who_.is_province() || cell.table != "stories" || (cell.column != "status" && cell.column != kRowColumn)) {
    return false;
  }
  auto found = row("stories", cell.pk, read);
  if (!found) return found.status();
  const std::optional<Seen>& r = **found;
  if (!r) return true;  // deleted
  if (r->unit_id == who_.unit_id || r->status == "published") return false;
  return !r->published_on.empty();  // public once: others may hold it
}

bool ReadFilter::reveals_row(const RemoteCell& cell) const {
  return !who_.is_province() && cell.table == "stories" && cell.column == "status" &&
         text_of(cell.value) == "published";
}

namespace {

// Dossier documents (issue 13): whether `hash` is a document's (a
// nomination_documents row names it, or its bytes are not an image), and
// then whether `who`'s unit may have it as the unit of a nomination that
// uses it, the province having uploaded it (a unit's own uploads passed
// the holder check already). nullopt when it is no document.
Result<std::optional<bool>> document_readable(Store& store, const Principal& who, const std::string& hash) {
  auto users = store.ids_where("nomination_documents", "blob_hash", Value(hash));
  if (!users) return users.status();
  auto info = store.blob_info(hash);
  if (!info) return info.status();
  const bool image = *info && (*info)->mime.rfind("image/", 0) == 0;
  if (users->empty() && (image || !*info)) return std::optional<bool>();
  for (const auto& id : *users) {
    auto doc = store.get("nomination_documents", id);
    if (!doc) return doc.status();
    auto nomination = store.get("nominations", text_of(*doc, "nomination_id"));
    if (!nomination) return nomination.status();
    if (text_of(*nomination, "unit_id") != who.unit_id) continue;
    // Held by the unit itself or a province node's unit: a hash copied from
    // another district's dossier yields nothing.
    auto held = ServerStore(store).story_may_show_blob(hash, who.unit_id);
    if (!held) return held.status();
    if (*held) return std::optional<bool>(true);
  }
  return std::optional<bool>(false);  // never through a published story
}

}  // namespace

Result<bool> photo_readable(Store& store, const Principal& who, const std::string& hash) {
  if (who.is_province()) return true;
  auto holds = ServerStore(store).unit_holds_blob(hash, who.unit_id);
  if (!holds) return holds.status();
  if (*holds) return true;
  auto document = document_readable(store, who, hash);
  if (!document) return document.status();
  if (*document) return **document;
  auto users = store.ids_where("story_photos", "blob_hash", Value(hash));
  if (!users) return users.status();
  for (const auto& id : *users) {
    auto photo = store.get("story_photos", id);
    if (!photo) return photo.status();
    auto story = store.get("stories", text_of(*photo, "story_id"));
    if (!story) return story.status();
    if (!*story || text_of(*story, "status") != "published") continue;
    auto shown = ServerStore(store).story_may_show_blob(hash, text_of(*story, "unit_id"));
    if (!shown) return shown.status();
    if (*shown) return true;
  }
  return false;
}

}  // namespace thidua
