// Fuzzes the wire decoders (sync/protocol/protocol.h) with one body: every decoder
// runs on it, since the server and the node each meet any of them on bytes
// they do not control. Beyond "no crash, no leak, no UB", what decodes must
// survive its own encoding unchanged, and a request or answer body the
// one-pass scan takes (json_scan.h) must decode exactly as through the
// nlohmann tree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "sync/protocol/internal/json_scan.h"
#include "sync/protocol/protocol.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer reports it as a crash with the input
}

// Doubles bit for bit: 0.0 and -0.0 are different answers.
bool same_value(const thidua::Value& a, const thidua::Value& b) {
  const auto* x = std::get_if<double>(&a);
  const auto* y = std::get_if<double>(&b);
  if (x && y) return std::memcmp(x, y, sizeof *x) == 0;
  return a == b;
}

bool same_cells(const std::vector<thidua::RemoteCell>& a,
                const std::vector<thidua::RemoteCell>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].table != b[i].table || a[i].pk != b[i].pk || a[i].column != b[i].column ||
        !same_value(a[i].value, b[i].value) || a[i].hlc != b[i].hlc || a[i].node != b[i].node ||
        a[i].base != b[i].base) {
      return false;
    }
  }
  return true;
}

void round_trip_request(std::string_view body) {
  auto r = thidua::decode_sync_request(body);
  if (!r) return;
  auto back = thidua::decode_sync_request(thidua::encode_sync_request(*r));
  check(back.is_ok());
  check(back->protocol == r->protocol && back->schema == r->schema && back->cursor == r->cursor);
  check(back->limit == r->limit && same_cells(back->cells, r->cells));
}

// What the scan takes, the tree takes too, to the same request.
void scan_against_tree(std::string_view body) {
  auto scanned = thidua::protocol_internal::scan_sync_request(body);
  if (!scanned) return;
  auto tree = thidua::protocol_internal::decode_sync_request_dom(body);
  check(tree.is_ok());
  check(scanned->protocol == tree->protocol && scanned->schema == tree->schema &&
        scanned->cursor == tree->cursor && scanned->limit == tree->limit);
  check(scanned->lineage == tree->lineage && scanned->attempt == tree->attempt && scanned->own == tree->own &&
        scanned->generation == tree->generation && same_cells(scanned->cells, tree->cells));
}

// What the answer scan takes, the tree takes too, to the same answer.
void scan_answer_against_tree(std::string_view body) {
  auto scanned = thidua::protocol_internal::scan_sync_response(body);
  if (!scanned) return;
  auto tree = thidua::protocol_internal::decode_sync_response_dom(body);
  check(tree.is_ok());
  check(scanned->server_time_ms == tree->server_time_ms && scanned->cursor == tree->cursor &&
        scanned->more == tree->more && scanned->lineage == tree->lineage &&
        scanned->generation == tree->generation && scanned->site == tree->site);
  check(scanned->rejected.size() == tree->rejected.size() && scanned->retracted == tree->retracted);
  for (std::size_t i = 0; i < scanned->rejected.size(); ++i) {
    check(scanned->rejected[i].index == tree->rejected[i].index &&
          scanned->rejected[i].reason == tree->rejected[i].reason);
  }
  check(same_cells(scanned->cells, tree->cells));
}

void round_trip_response(std::string_view body) {
  auto r = thidua::decode_sync_response(body);
  if (!r) return;
  auto back = thidua::decode_sync_response(thidua::encode_sync_response(*r));
  check(back.is_ok());
  check(back->server_time_ms == r->server_time_ms && back->cursor == r->cursor &&
        back->more == r->more);
  check(back->rejected.size() == r->rejected.size() && back->retracted == r->retracted);
  check(same_cells(back->cells, r->cells));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  scan_against_tree(body);
  scan_answer_against_tree(body);
  round_trip_request(body);
  round_trip_response(body);
  if (auto hello = thidua::decode_hello(body)) {
    check(thidua::decode_hello(thidua::encode_hello(*hello)).is_ok());
  }
  if (auto hashes = thidua::decode_hash_list(body)) {
    check(thidua::decode_hash_list(thidua::encode_hash_list(*hashes)).is_ok());
  }
  if (auto missing = thidua::decode_missing(body)) {
    check(thidua::decode_missing(thidua::encode_missing(*missing)).is_ok());
  }
  if (auto offset = thidua::decode_upload_offset(body)) {
    auto back = thidua::decode_upload_offset(thidua::encode_upload_offset(*offset, false));
    check(back.is_ok() && *back == *offset);
  }
  (void)thidua::decode_error(body);
  return 0;
}
