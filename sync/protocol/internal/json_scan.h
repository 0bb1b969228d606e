// The sync request and answer decoded in one pass over the body, without a
// DOM (issue 10: the nlohmann tree of a 10,000-row push cost a quarter of the
// server's CPU, and of a first sync's answers 40-45 % of the node's). sync/protocol/*.cc,
// tests and fuzzers only.
#pragma once

#include <optional>
#include <string_view>

#include "common/status.h"
#include "sync/protocol/protocol.h"

namespace thidua::protocol_internal {

// The body decoded straight into a SyncRequest when it is in the plain form
// the client writes: each member known and present at most once, in any
// order; strings valid UTF-8 with any JSON escape; whole numbers of at most
// 18 digits (no "-0"); fractions that are finite doubles; every value in its
// field's range; no more values than check_shape allows. nullopt for anything
// else, every malformed body included: the caller then runs
// decode_sync_request_dom, which gives the same request or today's message.
// Whatever this returns equals what decode_sync_request_dom returns for the
// same body (the differential test and fuzz_sync_protocol hold it to that).
std::optional<SyncRequest> scan_sync_request(std::string_view body);

// The request through the nlohmann tree: every body, every message.
Result<SyncRequest> decode_sync_request_dom(std::string_view body);

// The answer the same way, in the plain form encode_sync_response writes:
// each member known (time, cursor, more, lineage, generation, site, rejected,
// nodes, cells, retracted; site's built, failed, error) and present at most
// once, in any order, numbers and strings as for the request, each cell's
// node index within "nodes" wherever "nodes" stands. nullopt for anything
// else; whatever this returns equals what decode_sync_response_dom returns.
std::optional<SyncResponse> scan_sync_response(std::string_view body);

// The answer through the nlohmann tree: every body, every message.
Result<SyncResponse> decode_sync_response_dom(std::string_view body);

// The answer as the nlohmann tree spells it: encode_sync_response writes
// exactly these bytes without the tree (the differential test holds it).
std::string encode_sync_response_dom(const SyncResponse& r);

}  // namespace thidua::protocol_internal
