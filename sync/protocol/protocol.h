// The sync wire format: JSON bodies <-> structs. Pure: no I/O, no SQL.
//
// Compact JSON, arrays rather than objects for cells, so that a sync with
// nothing to do is a few dozen bytes and a pushed row costs little more
// than its values. Every decoder validates shape and types and fails with
// kInvalid naming the place ("cells[3][4]: expected a whole number").
// Before parsing, every decoder refuses a body nested deeper than 3 levels
// or holding more than 2 million values (a bounded pre-scan, no allocation);
// every integer is checked against its field's range as sent (never wrapped:
// "\"protocol\": 4294967297 is out of range (0 to 2147483647)"), and a
// fraction where a whole number goes is refused.
//
//   POST /api/v1/sync   request:
//     {"protocol":1,"schema":4,"cursor":120,"limit":5000,
//      "lineage":"9f…","attempt":"03…",            (omitted when empty)
//      "own":true,                                  (omitted when false)
//      "generation":4839…,                         (omitted when 0)
//      "cells":[[table, id, column, value, hlc, base|null], ...]}
//   response:
//     {"time":<server ms>,"cursor":150,"more":false,
//      "lineage":"a1…",                            (omitted when empty)
//      "generation":5120…,                         (when the request's differs, or on a restart)
//      "rejected":[[index, reason], ...],          (omitted when empty)
//      "nodes":[node id, ...],                     (omitted when no cells)
//      "cells":[[table, id, column, value, hlc, node index], ...],
//      "retracted":[[table, id], ...],             (omitted when empty)
//      "site":{"built":ms,"failed":ms,"error":"…"}} (to a province node, from a
//                                                   server with --site-out; each
//                                                   member omitted when 0 or "")
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

constexpr int kProtocolVersion = 1;

struct SyncRequest {
  int protocol = kProtocolVersion;
  int schema = 0;
  std::int64_t cursor = 0;
  int limit = 0;  // most cells to pull; 0 lets the server choose
  // Pushed cells; `node` is not on the wire (the server takes it from the
  // token), so decoded cells have it empty.
  std::vector<RemoteCell> cells;
  // The lineage this node last received ("" when none yet) and the id of
  // this attempt, the same on a retry of an unanswered request (issue 9
  // row 13; see ServerStore::advance_node_lineage). At most 64 characters each.
  std::string lineage, attempt;
  // A copy new to its node (`node init`, nothing of its own yet) asks for
  // the cells its node wrote too, until its first complete pull: they may
  // have come from a machine it replaces (issue 11). Optional on the wire:
  // an older node omits it, an older server ignores it; the read filter
  // applies all the same.
  bool own = false;
  // The server database's generation this node last saw (0 when none yet;
  // optional on the wire, so an older node simply leaves it out). A server
  // restored from a backup has a new one: the node's cursor then names
  // nothing and the server answers from the start of its feed (issue 11).
  std::int64_t generation = 0;
};

struct Rejection {
  std::size_t index = 0;  // into SyncRequest::cells
  std::string reason;
};

// How the public site the server rebuilds (`server run --site-out`) stands:
// the end of its last successful build and of the last failed one since,
// with the reason (ms since the epoch, 0 when none).
struct SiteStatus {
  std::int64_t built_at_ms = 0;
  std::int64_t failed_at_ms = 0;
  std::string error;
  bool operator==(const SiteStatus&) const = default;
};

struct SyncResponse {
  std::int64_t server_time_ms = 0;
  std::int64_t cursor = 0;
  bool more = false;
  std::vector<Rejection> rejected;
  std::vector<RemoteCell> cells;
  // Rows the node may hold and may no longer see: ("stories", id) of
  // another district's story, unpublished or deleted. The node forgets them
  // (NodeStore::forget_rows); no other table is accepted.
  std::vector<std::pair<std::string, std::string>> retracted;
  // The node's new lineage, to keep with this answer ("" from a server that
  // does not hand one out).
  std::string lineage;
  // The server database's generation, when it differs from the request's
  // or the answer starts again from feed position 0 (0 otherwise, and from
  // a server older than generations). Either means the server was restored
  // from a backup, and the node sends again all its own writes (issue 11).
  std::int64_t generation = 0;
  // Sent to province nodes only, by a server that builds the site; an
  // older node ignores the member, an older server never sends it.
  std::optional<SiteStatus> site;
};

struct HelloResponse {
  int protocol = kProtocolVersion;
  int schema = 0;
  std::int64_t server_time_ms = 0;
  std::string server_version;
  // Filled when the request carried a valid token.
  std::string node_id, unit_id, role;
};

// A photo the server lacks, and how many of its bytes it already holds.
struct MissingPhoto {
  std::string hash;
  std::int64_t offset = 0;
};

std::string encode_sync_request(const SyncRequest& r);
// encode_sync_request(r) in two parts, head + tail: the head ('{', the
// attempt, the cells) for a client that prepares a batch while the previous
// request is in flight; the tail (cursor, lineage, ...), which the previous
// answer decides, at send time. The tail depends on the head's members only
// through whether attempt and cells are empty.
std::string encode_sync_request_head(const SyncRequest& r);
std::string encode_sync_request_tail(const SyncRequest& r);
Result<SyncRequest> decode_sync_request(std::string_view body);
std::string encode_sync_response(const SyncResponse& r);
Result<SyncResponse> decode_sync_response(std::string_view body);
std::string encode_hello(const HelloResponse& r);
Result<HelloResponse> decode_hello(std::string_view body);

std::string encode_hash_list(const std::vector<std::string>& hashes);  // {"hashes":[...]}
Result<std::vector<std::string>> decode_hash_list(std::string_view body);
std::string encode_missing(const std::vector<MissingPhoto>& missing);  // {"missing":[[h,off],...]}
Result<std::vector<MissingPhoto>> decode_missing(std::string_view body);

// {"offset": N[, "done": true]}: where a photo upload stands.
std::string encode_upload_offset(std::int64_t offset, bool done);
Result<std::int64_t> decode_upload_offset(std::string_view body);

// {"error": message, ...extra} — the body of every 4xx/5xx answer.
std::string encode_error(const std::string& message);
// The message of an error body, or the body itself when it is not one.
std::string decode_error(std::string_view body);

}  // namespace thidua
