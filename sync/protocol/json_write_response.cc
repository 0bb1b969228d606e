// The sync answer written straight into a string (json_write.h): a first
// sync's page holds 20,000 cells, and building nlohmann's tree for it first
// cost the server an allocation per value. The bytes are exactly those of
// encode_sync_response_dom (the differential test in protocol_scan_test
// holds it to that): members in the order nlohmann's object, a sorted map,
// gave them.
#include <algorithm>
#include <charconv>

#include "sync/protocol/internal/json_scan.h"
#include "sync/protocol/internal/json_write.h"
#include "sync/protocol/protocol.h"

namespace thidua {

using namespace protocol_internal;

namespace {

void write_unsigned(std::string& out, std::size_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

std::size_t size_guess(const SyncResponse& r) {
  std::size_t guess = 128 + r.lineage.size();
  for (const auto& c : r.cells) {
    guess += c.table.size() + c.pk.size() + c.column.size() + 40;
    if (const auto* t = std::get_if<std::string>(&c.value)) guess += t->size() + t->size() / 16;
  }
  for (const auto& [table, pk] : r.retracted) guess += table.size() + pk.size() + 8;
  return guess;
}

// "cells" and "nodes" are written apart (cells first, as sorted) but the
// cells name their node by its index in "nodes": the index list is built
// while the cells are written, then "nodes" follows "cursor" and the rest.
void write_cells(JsonWriter& w, const std::vector<RemoteCell>& cells, std::vector<const std::string*>& nodes) {
  w.key("cells", true);
  w.raw('[');
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const RemoteCell& c = cells[i];
    // Node ids repeat across cells: each is sent once, cells refer by index.
    auto it = std::find_if(nodes.begin(), nodes.end(), [&](const std::string* n) { return *n == c.node; });
    const std::size_t node = static_cast<std::size_t>(it - nodes.begin());
    if (it == nodes.end()) nodes.push_back(&c.node);
    if (i > 0) w.raw(',');
    w.cell_head(c);
    w.number(static_cast<std::int64_t>(node));
    w.raw(']');
  }
  w.raw(']');
}

void write_site(JsonWriter& w, const SiteStatus& site) {
  w.key("site");
  w.raw('{');
  bool first = true;
  if (site.built_at_ms > 0) {
    w.key("built", first);
    w.number(site.built_at_ms);
    first = false;
  }
  if (!site.error.empty()) {
    w.key("error", first);
    w.text(site.error);
    first = false;
  }
  if (site.failed_at_ms > 0) {
    w.key("failed", first);
    w.number(site.failed_at_ms);
  }
  w.raw('}');
}

}  // namespace

std::string encode_sync_response(const SyncResponse& r) {
  std::string out;
  out.reserve(size_guess(r));
  JsonWriter w(out);
  w.raw('{');
  std::vector<const std::string*> nodes;
  if (!r.cells.empty()) write_cells(w, r.cells, nodes);
  w.key("cursor", r.cells.empty());
  w.number(r.cursor);
  if (r.generation > 0) {
    w.key("generation");
    w.number(r.generation);
  }
  if (!r.lineage.empty()) {
    w.key("lineage");
    w.text(r.lineage);
  }
  w.key("more");
  w.raw_literal(r.more ? "true" : "false");
  if (!r.cells.empty()) {
    w.key("nodes");
    w.raw('[');
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (i > 0) w.raw(',');
      w.text(*nodes[i]);
    }
    w.raw(']');
  }
  if (!r.rejected.empty()) {
    w.key("rejected");
    w.raw('[');
    for (std::size_t i = 0; i < r.rejected.size(); ++i) {
      if (i > 0) w.raw(',');
      w.raw('[');
      write_unsigned(out, r.rejected[i].index);
      w.raw(',');
      w.text(r.rejected[i].reason);
      w.raw(']');
    }
    w.raw(']');
  }
  if (!r.retracted.empty()) {
    w.key("retracted");
    w.raw('[');
    for (std::size_t i = 0; i < r.retracted.size(); ++i) {
      if (i > 0) w.raw(',');
      w.raw('[');
      w.text(r.retracted[i].first);
      w.raw(',');
      w.text(r.retracted[i].second);
      w.raw(']');
    }
    w.raw(']');
  }
  if (r.site) write_site(w, *r.site);
  w.key("time");
  w.number(r.server_time_ms);
  w.raw('}');
  return out;
}

}  // namespace thidua
