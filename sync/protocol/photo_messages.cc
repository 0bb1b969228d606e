// The photo upload's small messages: which blobs the server lacks, where a
// chunked upload stands.
#include "sync/protocol/protocol.h"

#include "common/hex.h"
#include "sync/protocol/internal/json_read.h"

namespace thidua {

using namespace protocol_internal;

Result<std::vector<std::string>> decode_hash_list(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  auto it = j->find("hashes");
  if (it == j->end() || !it->is_array()) return Status::invalid("\"hashes\": expected an array");
  if (it->size() > 10'000) return Status::invalid("\"hashes\": at most 10000 per request");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& h = (*it)[i];
    if (!h.is_string() || !is_sha256_hex(h.get<std::string>())) {
      return Status::invalid("hashes[" + std::to_string(i) + "]: expected a SHA-256 in lowercase hex");
    }
    out.push_back(h.get<std::string>());
  }
  return out;
}

std::string encode_missing(const std::vector<MissingPhoto>& missing) {
  json list = json::array();
  for (const auto& m : missing) list.push_back(json::array({m.hash, m.offset}));
  return dump(json{{"missing", list}});
}

Result<std::vector<MissingPhoto>> decode_missing(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  auto it = j->find("missing");
  if (it == j->end() || !it->is_array()) return Status::invalid("\"missing\": expected an array");
  std::vector<MissingPhoto> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& m = (*it)[i];
    std::string where = "missing[" + std::to_string(i) + "]";
    if (!m.is_array() || m.size() != 2 || !m[0].is_string()) return Status::invalid(where + ": expected [hash, offset]");
    auto offset = whole_number(m[1], where + "[1]", 0, kInt64Max);
    if (!offset) return offset.status();
    out.push_back({m[0].get<std::string>(), *offset});
  }
  return out;
}

std::string encode_upload_offset(std::int64_t offset, bool done) {
  json j = {{"offset", offset}};
  if (done) j["done"] = true;
  return dump(j);
}

Result<std::int64_t> decode_upload_offset(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  return get_int(*j, "offset", true, 0, kInt64Max);
}

}  // namespace thidua
