#include "sync/protocol/protocol.h"

#include "sync/protocol/internal/json_read.h"
#include "sync/protocol/internal/json_scan.h"
#include "sync/protocol/internal/json_write.h"

namespace thidua {

using namespace protocol_internal;

// Written directly (json_write.h): a push carries up to a million values.
// Members in the order nlohmann's object (a sorted map) gave them before.
std::string encode_sync_request(const SyncRequest& r) {
  std::string out = encode_sync_request_head(r);
  out += encode_sync_request_tail(r);
  return out;
}

std::string encode_sync_request_head(const SyncRequest& r) {
  std::string out;
  std::size_t guess = 96;
  for (const auto& c : r.cells) {
    guess += c.table.size() + c.pk.size() + c.column.size() + 56;
    if (const auto* t = std::get_if<std::string>(&c.value)) guess += t->size() + t->size() / 16;
  }
  out.reserve(guess);
  JsonWriter w(out);
  w.raw('{');
  bool first = true;
  if (!r.attempt.empty()) {
    w.key("attempt", first);
    w.text(r.attempt);
    first = false;
  }
  if (!r.cells.empty()) {
    w.key("cells", first);
    first = false;
    w.raw('[');
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      const RemoteCell& c = r.cells[i];
      if (i > 0) w.raw(',');
      w.cell_head(c);
      if (c.base) {
        w.number(static_cast<std::int64_t>(*c.base));
      } else {
        w.value(Value{});
      }
      w.raw(']');
    }
    w.raw(']');
  }
  return out;
}

std::string encode_sync_request_tail(const SyncRequest& r) {
  std::string out;
  JsonWriter w(out);
  w.key("cursor", r.attempt.empty() && r.cells.empty());
  w.number(r.cursor);
  if (r.generation > 0) {
    w.key("generation");
    w.number(r.generation);
  }
  if (r.limit > 0) {
    w.key("limit");
    w.number(r.limit);
  }
  if (!r.lineage.empty()) {
    w.key("lineage");
    w.text(r.lineage);
  }
  if (r.own) {
    w.key("own");
    w.raw_literal("true");
  }
  w.key("protocol");
  w.number(r.protocol);
  w.key("schema");
  w.number(r.schema);
  w.raw('}');
  return out;
}

// The one-pass scan takes the plain bodies the client writes; anything else
// (every malformed body included) goes through the tree, which words each
// refusal.
Result<SyncRequest> decode_sync_request(std::string_view body) {
  if (auto scanned = scan_sync_request(body)) return std::move(*scanned);
  return decode_sync_request_dom(body);
}

Result<SyncRequest> protocol_internal::decode_sync_request_dom(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  SyncRequest r;
  auto protocol = get_int(*j, "protocol", true, 0, kIntMax);
  if (!protocol) return protocol.status();
  auto schema = get_int(*j, "schema", true, 0, kIntMax);
  if (!schema) return schema.status();
  auto cursor = get_int(*j, "cursor", false, 0, kInt64Max);
  if (!cursor) return cursor.status();
  auto limit = get_int(*j, "limit", false, 0, 1'000'000);
  if (!limit) return limit.status();
  r.protocol = static_cast<int>(*protocol);
  r.schema = static_cast<int>(*schema);
  r.cursor = *cursor;
  r.limit = static_cast<int>(*limit);
  auto lineage = get_opt_id(*j, "lineage");
  if (!lineage) return lineage.status();
  auto attempt = get_opt_id(*j, "attempt");
  if (!attempt) return attempt.status();
  r.lineage = std::move(*lineage);
  r.attempt = std::move(*attempt);
  if (auto it = j->find("own"); it != j->end()) {
    if (!it->is_boolean()) return Status::invalid("\"own\": expected true or false");
    r.own = it->get<bool>();
  }
  auto generation = get_int(*j, "generation", false, 0, kInt64Max);
  if (!generation) return generation.status();
  r.generation = *generation;
  if (auto it = j->find("cells"); it != j->end()) {
    if (!it->is_array()) return Status::invalid("\"cells\": expected an array");
    r.cells.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
      std::string where = "cells[" + std::to_string(i) + "]";
      auto cell = decode_cell_head((*it)[i], where);
      if (!cell) return cell.status();
      const json& base = (*it)[i][5];
      if (!base.is_null()) {
        auto b = get_hlc(base, where + "[5]");
        if (!b) return b.status();
        cell->base = *b;
      }
      r.cells.push_back(std::move(*cell));
    }
  }
  return r;
}

namespace {

// The answer's optional "site" member; nullopt when absent.
Result<std::optional<SiteStatus>> decode_site(const json& answer) {
  auto it = answer.find("site");
  if (it == answer.end()) return std::optional<SiteStatus>();
  if (!it->is_object()) return Status::invalid("\"site\": expected an object");
  SiteStatus site;
  auto built = get_int(*it, "built", false, 0, kInt64Max);
  if (!built) return built.status().with_context("site");
  auto failed = get_int(*it, "failed", false, 0, kInt64Max);
  if (!failed) return failed.status().with_context("site");
  site.built_at_ms = *built;
  site.failed_at_ms = *failed;
  if (auto e = it->find("error"); e != it->end()) {
    auto text = get_text(*e, "site.error");
    if (!text) return text.status();
    site.error = std::move(*text);
  }
  return std::optional<SiteStatus>(std::move(site));
}

}  // namespace

// The tree's spelling of the answer, which encode_sync_response
// (json_write_response.cc) writes directly, byte for byte.
std::string protocol_internal::encode_sync_response_dom(const SyncResponse& r) {
  json j = {{"time", r.server_time_ms}, {"cursor", r.cursor}, {"more", r.more}};
  if (!r.lineage.empty()) j["lineage"] = r.lineage;
  if (r.generation > 0) j["generation"] = r.generation;
  if (!r.rejected.empty()) {
    json rejected = json::array();
    for (const auto& x : r.rejected) rejected.push_back(json::array({x.index, x.reason}));
    j["rejected"] = std::move(rejected);
  }
  if (!r.cells.empty()) {
    // Node ids repeat across cells: send each once and refer by index.
    std::vector<std::string> nodes;
    json cells = json::array();
    for (const auto& c : r.cells) {
      auto it = std::find(nodes.begin(), nodes.end(), c.node);
      std::size_t index = static_cast<std::size_t>(it - nodes.begin());
      if (it == nodes.end()) nodes.push_back(c.node);
      cells.push_back(json::array({c.table, c.pk, c.column, value_to_json(c.value),
                                   static_cast<std::int64_t>(c.hlc), index}));
    }
    j["nodes"] = nodes;
    j["cells"] = std::move(cells);
  }
  if (!r.retracted.empty()) {
    json retracted = json::array();
    for (const auto& [table, pk] : r.retracted) retracted.push_back(json::array({table, pk}));
    j["retracted"] = std::move(retracted);
  }
  if (r.site) {
    json site = json::object();
    if (r.site->built_at_ms > 0) site["built"] = r.site->built_at_ms;
    if (r.site->failed_at_ms > 0) site["failed"] = r.site->failed_at_ms;
    if (!r.site->error.empty()) site["error"] = r.site->error;
    j["site"] = std::move(site);
  }
  return dump(j);
}

// As for the request: the scan takes the plain answers the server writes,
// the tree every other body and every refusal's words.
Result<SyncResponse> decode_sync_response(std::string_view body) {
  if (auto scanned = scan_sync_response(body)) return std::move(*scanned);
  return decode_sync_response_dom(body);
}

Result<SyncResponse> protocol_internal::decode_sync_response_dom(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  SyncResponse r;
  auto time = get_int(*j, "time", true, 0, kInt64Max);
  if (!time) return time.status();
  auto cursor = get_int(*j, "cursor", true, 0, kInt64Max);
  if (!cursor) return cursor.status();
  r.server_time_ms = *time;
  r.cursor = *cursor;
  auto more = j->find("more");
  if (more == j->end() || !more->is_boolean()) return Status::invalid("\"more\": expected true or false");
  r.more = more->get<bool>();
  auto lineage = get_opt_id(*j, "lineage");
  if (!lineage) return lineage.status();
  r.lineage = std::move(*lineage);
  auto generation = get_int(*j, "generation", false, 0, kInt64Max);
  if (!generation) return generation.status();
  r.generation = *generation;
  auto site = decode_site(*j);
  if (!site) return site.status();
  r.site = std::move(*site);
  if (auto it = j->find("rejected"); it != j->end()) {
    if (!it->is_array()) return Status::invalid("\"rejected\": expected an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& x = (*it)[i];
      if (!x.is_array() || x.size() != 2 || !x[0].is_number_unsigned() || !x[1].is_string()) {
        return Status::invalid("rejected[" + std::to_string(i) + "]: expected [index, reason]");
      }
      r.rejected.push_back({x[0].get<std::size_t>(), x[1].get<std::string>()});
    }
  }
  std::vector<std::string> nodes;
  if (auto it = j->find("nodes"); it != j->end()) {
    if (!it->is_array()) return Status::invalid("\"nodes\": expected an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      auto n = get_text((*it)[i], "nodes[" + std::to_string(i) + "]");
      if (!n) return n.status();
      nodes.push_back(std::move(*n));
    }
  }
  if (auto it = j->find("cells"); it != j->end()) {
    if (!it->is_array()) return Status::invalid("\"cells\": expected an array");
    r.cells.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
      std::string where = "cells[" + std::to_string(i) + "]";
      auto cell = decode_cell_head((*it)[i], where);
      if (!cell) return cell.status();
      const json& node = (*it)[i][5];
      if (!node.is_number_unsigned() || node.get<std::size_t>() >= nodes.size()) {
        return Status::invalid(where + "[5]: expected an index into \"nodes\"");
      }
      cell->node = nodes[node.get<std::size_t>()];
      r.cells.push_back(std::move(*cell));
    }
  }
  if (auto it = j->find("retracted"); it != j->end()) {
    if (!it->is_array()) return Status::invalid("\"retracted\": expected an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& x = (*it)[i];
      // Only stories are ever withdrawn: a node never deletes anything else
      // on a server's word.
      if (!x.is_array() || x.size() != 2 || !x[0].is_string() || !x[1].is_string() || x[0] != "stories") {
        return Status::invalid("retracted[" + std::to_string(i) + "]: expected [\"stories\", id]");
      }
      r.retracted.emplace_back(x[0].get<std::string>(), x[1].get<std::string>());
    }
  }
  return r;
}

std::string encode_hello(const HelloResponse& r) {
  json j = {{"protocol", r.protocol}, {"schema", r.schema}, {"time", r.server_time_ms},
            {"server", r.server_version}};
  if (!r.node_id.empty()) j["node"] = {{"id", r.node_id}, {"unit", r.unit_id}, {"role", r.role}};
  return dump(j);
}

Result<HelloResponse> decode_hello(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  HelloResponse r;
  auto protocol = get_int(*j, "protocol", true, 0, kIntMax);
  if (!protocol) return protocol.status();
  auto schema = get_int(*j, "schema", true, 0, kIntMax);
  if (!schema) return schema.status();
  auto time = get_int(*j, "time", true, 0, kInt64Max);
  if (!time) return time.status();
  r.protocol = static_cast<int>(*protocol);
  r.schema = static_cast<int>(*schema);
  r.server_time_ms = *time;
  if (auto it = j->find("server"); it != j->end() && it->is_string()) r.server_version = it->get<std::string>();
  if (auto it = j->find("node"); it != j->end()) {
    if (!it->is_object()) return Status::invalid("\"node\": expected an object");
    for (auto [key, out] : {std::pair{"id", &r.node_id}, {"unit", &r.unit_id}, {"role", &r.role}}) {
      auto v = it->find(key);
      if (v == it->end() || !v->is_string()) return Status::invalid(std::string("node.") + key + ": expected a string");
      *out = v->get<std::string>();
    }
  }
  return r;
}

std::string encode_hash_list(const std::vector<std::string>& hashes) { return dump(json{{"hashes", hashes}}); }

std::string encode_error(const std::string& message) { return dump(json{{"error", message}}); }

std::string decode_error(std::string_view body) {
  json j = check_shape(body) ? json::parse(body.begin(), body.end(), nullptr, false) : json();
  if (j.is_object()) {
    auto it = j.find("error");
    if (it != j.end() && it->is_string()) return it->get<std::string>();
  }
  return std::string(body.substr(0, 200));
}

}  // namespace thidua
