// One pass over a sync request body into a SyncRequest (json_scan.h). Every
// check here refuses by giving up (nullopt), never with a message of its
// own: the DOM decoder then runs on the same body and words the failure, so
// the two cannot disagree on what is wrong. Giving up is always safe; only
// what is accepted has to match the DOM decoder exactly.
#include "sync/protocol/internal/json_scan.h"

#include <cstdint>
#include <string>

#include "sync/protocol/internal/json_read.h"
#include "sync/protocol/internal/json_scanner.h"

namespace thidua::protocol_internal {
namespace {

// The members a request may hold, each a bit of RequestScanner::request's `seen`.
enum Member : unsigned {
  kAttempt,
  kCells,
  kCursor,
  kGeneration,
  kLimit,
  kLineage,
  kOwn,
  kProtocol,
  kSchema,
  kCount
};
constexpr std::string_view kMemberNames[kCount] = {
    "attempt", "cells", "cursor", "generation", "limit", "lineage", "own", "protocol", "schema"};

class RequestScanner : public JsonScanner {
 public:
  using JsonScanner::JsonScanner;

  bool request(SyncRequest* r);

 private:
  bool cell(RemoteCell* out);
  bool cells(std::vector<RemoteCell>* out);
  bool member(SyncRequest* r, unsigned* seen);
};

// [table, pk, column, value, hlc, base or null]
bool RequestScanner::cell(RemoteCell* c) {
  std::int64_t hlc = 0;
  if (!take_counted('[') || !string(&c->table) || !take_counted(',') || !string(&c->pk) ||
      !take_counted(',') || !string(&c->column) || !take_counted(',') || !value(&c->value) ||
      !take_counted(',') || !whole(0, kInt64Max, &hlc) || !take_counted(',')) {
    return false;
  }
  c->hlc = static_cast<Hlc>(hlc);
  skip_space();
  if (p_ < end_ && *p_ == 'n') {
    if (!literal("null")) return false;
  } else {
    std::int64_t base = 0;
    if (!whole(0, kInt64Max, &base)) return false;
    c->base = static_cast<Hlc>(base);
  }
  return take(']');
}

bool RequestScanner::cells(std::vector<RemoteCell>* out) {
  if (!take_counted('[')) return false;
  if (take(']')) return true;
  do {
    if (!cell(&out->emplace_back())) return false;
  } while (take_counted(','));
  return take(']');
}

bool RequestScanner::member(SyncRequest* r, unsigned* seen) {
  std::string_view name;
  if (!key(&name)) return false;
  unsigned m = 0;
  while (m < kCount && kMemberNames[m] != name) ++m;
  if (m == kCount || (*seen & (1u << m)) != 0) return false;  // unknown or twice: the DOM decides
  *seen |= 1u << m;
  std::int64_t n = 0;
  switch (m) {
    case kProtocol:
    case kSchema:
      if (!whole(0, kIntMax, &n)) return false;
      (m == kProtocol ? r->protocol : r->schema) = static_cast<int>(n);
      return true;
    case kCursor:
      return whole(0, kInt64Max, &r->cursor);
    case kGeneration:
      return whole(0, kInt64Max, &r->generation);
    case kLimit:
      if (!whole(0, 1'000'000, &n)) return false;
      r->limit = static_cast<int>(n);
      return true;
    case kLineage:
    case kAttempt: {
      std::string& out = m == kLineage ? r->lineage : r->attempt;
      return string(&out) && out.size() <= 64;
    }
    case kOwn:
      return boolean(&r->own);
    default:
      return cells(&r->cells);
  }
}

bool RequestScanner::request(SyncRequest* r) {
  if (!take_counted('{')) return false;
  unsigned seen = 0;
  if (!take('}')) {
    do {
      if (!member(r, &seen)) return false;
    } while (take_counted(','));
    if (!take('}')) return false;
  }
  constexpr unsigned kRequired = (1u << kProtocol) | (1u << kSchema);
  return finished() && (seen & kRequired) == kRequired;
}

}  // namespace

std::optional<SyncRequest> scan_sync_request(std::string_view body) {
  SyncRequest r;
  if (!RequestScanner(body).request(&r)) return std::nullopt;
  return r;
}

}  // namespace thidua::protocol_internal
