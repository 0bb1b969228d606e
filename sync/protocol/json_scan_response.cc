// One pass over a sync answer body into a SyncResponse (json_scan.h): a new
// node's first sync decodes some 100,000 pulled cells, and the nlohmann tree
// was 40-45 % of the node's CPU in it. As for the request, every check
// refuses by giving up (nullopt) and decode_sync_response_dom words it; only
// what is accepted has to match the DOM decoder exactly.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sync/protocol/internal/json_read.h"
#include "sync/protocol/internal/json_scan.h"
#include "sync/protocol/internal/json_scanner.h"

namespace thidua::protocol_internal {
namespace {

// The members an answer may hold, each a bit of ResponseScanner's `seen_`.
enum Member : unsigned {
  kCells,
  kCursor,
  kGeneration,
  kLineage,
  kMore,
  kNodes,
  kRejected,
  kRetracted,
  kSite,
  kTime,
  kCount
};
constexpr std::string_view kMemberNames[kCount] = {"cells", "cursor",   "generation", "lineage",
                                                   "more",  "nodes",    "rejected",   "retracted",
                                                   "site",  "time"};

class ResponseScanner : public JsonScanner {
 public:
  using JsonScanner::JsonScanner;

  bool response(SyncResponse* r);

 private:
  bool member(SyncResponse* r);
  bool site(SiteStatus* out);
  bool rejection(Rejection* out);
  bool retraction(std::pair<std::string, std::string>* out);
  bool cell(RemoteCell* out);
  // `[` item (`,` item)* `]`, or `[]`; each item read by read().
  template <typename Read>
  bool array(Read read) {
    if (!take_counted('[')) return false;
    if (take(']')) return true;
    do {
      if (!read()) return false;
    } while (take_counted(','));
    return take(']');
  }

  unsigned seen_ = 0;
  // Each cell's node index, resolved once "nodes" is known: the encoder
  // writes "cells" before "nodes" (nlohmann's sorted keys).
  std::vector<std::int64_t> node_of_;
  std::vector<std::string> nodes_;
};

// {"built": ms, "failed": ms, "error": text}, each optional, none twice.
bool ResponseScanner::site(SiteStatus* out) {
  if (!take_counted('{')) return false;
  if (take('}')) return true;
  unsigned seen = 0;
  do {
    std::string_view name;
    if (!key(&name)) return false;
    const unsigned bit = name == "built" ? 1u : name == "failed" ? 2u : name == "error" ? 4u : 0u;
    if (bit == 0 || (seen & bit) != 0) return false;
    seen |= bit;
    if (bit == 4u) {
      if (!string(&out->error)) return false;
    } else if (!whole(0, kInt64Max, bit == 1u ? &out->built_at_ms : &out->failed_at_ms)) {
      return false;
    }
  } while (take_counted(','));
  return take('}');
}

// [index, reason]: the tree takes any unsigned index; one past int64 gives up.
bool ResponseScanner::rejection(Rejection* out) {
  std::int64_t index = 0;
  if (!take_counted('[') || !whole(0, kInt64Max, &index) || !take_counted(',') ||
      !string(&out->reason)) {
    return false;
  }
  out->index = static_cast<std::size_t>(index);
  return take(']');
}

// ["stories", id]: no other table is ever withdrawn.
bool ResponseScanner::retraction(std::pair<std::string, std::string>* out) {
  return take_counted('[') && string(&out->first) && out->first == "stories" &&
         take_counted(',') && string(&out->second) && take(']');
}

// [table, pk, column, value, hlc, node index]
bool ResponseScanner::cell(RemoteCell* c) {
  std::int64_t hlc = 0;
  std::int64_t node = 0;
  if (!take_counted('[') || !string(&c->table) || !take_counted(',') || !string(&c->pk) ||
      !take_counted(',') || !string(&c->column) || !take_counted(',') || !value(&c->value) ||
      !take_counted(',') || !whole(0, kInt64Max, &hlc) || !take_counted(',') ||
      !whole(0, kInt64Max, &node)) {
    return false;
  }
  c->hlc = static_cast<Hlc>(hlc);
  node_of_.push_back(node);
  return take(']');
}

bool ResponseScanner::member(SyncResponse* r) {
  std::string_view name;
  if (!key(&name)) return false;
  unsigned m = 0;
  while (m < kCount && kMemberNames[m] != name) ++m;
  if (m == kCount || (seen_ & (1u << m)) != 0) return false;  // unknown or twice: the DOM decides
  seen_ |= 1u << m;
  switch (m) {
    case kTime:
      return whole(0, kInt64Max, &r->server_time_ms);
    case kCursor:
      return whole(0, kInt64Max, &r->cursor);
    case kGeneration:
      return whole(0, kInt64Max, &r->generation);
    case kMore:
      return boolean(&r->more);
    case kLineage:
      return string(&r->lineage) && r->lineage.size() <= 64;
    case kSite:
      return site(&r->site.emplace());
    case kRejected:
      return array([&] { return rejection(&r->rejected.emplace_back()); });
    case kRetracted:
      return array([&] { return retraction(&r->retracted.emplace_back()); });
    case kNodes:
      return array([&] { return string(&nodes_.emplace_back()); });
    default:
      return array([&] { return cell(&r->cells.emplace_back()); });
  }
}

bool ResponseScanner::response(SyncResponse* r) {
  if (!take_counted('{')) return false;
  if (!take('}')) {
    do {
      if (!member(r)) return false;
    } while (take_counted(','));
    if (!take('}')) return false;
  }
  constexpr unsigned kRequired = (1u << kTime) | (1u << kCursor) | (1u << kMore);
  if (!finished() || (seen_ & kRequired) != kRequired) return false;
  for (std::size_t i = 0; i < r->cells.size(); ++i) {
    const auto node = static_cast<std::uint64_t>(node_of_[i]);
    if (node >= nodes_.size()) return false;
    r->cells[i].node = nodes_[node];
  }
  return true;
}

}  // namespace

std::optional<SyncResponse> scan_sync_response(std::string_view body) {
  SyncResponse r;
  if (!ResponseScanner(body).response(&r)) return std::nullopt;
  return r;
}

}  // namespace thidua::protocol_internal
