#include "sync/client/internal/batch.h"

#include <map>
#include <tuple>

#include "common/hex.h"
#include "sync/client/internal/http.h"

namespace thidua::client_internal {
namespace {

std::size_t approx_size(const OutboxEntry& e) {
  std::size_t n = e.table.size() + e.pk.size() + e.column.size() + 48;
  if (const auto* s = std::get_if<std::string>(&e.value)) n += s->size() + s->size() / 8;
  return n;
}

}  // namespace

Result<Batch> build_batch(Store& store, std::size_t max_bytes, std::int64_t after_seq) {
  Batch b;
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
  std::size_t bytes = 0;
  std::int64_t after = after_seq;
  std::tuple<std::string, std::string, Hlc> last_edit;
  bool full = false;
  while (!full) {
    auto page = store.outbox(after, 2000);
    if (!page) return page.status();
    if (page->empty()) break;
    for (auto& e : *page) {
      after = e.seq;
      // Never split one edit of one row across batches: the server decides
      // a new row's unit from its cells in the same batch.
      auto edit = std::tuple{e.table, e.pk, e.hlc};
      if (bytes >= max_bytes && edit != last_edit) {
        full = true;
        break;
      }
      last_edit = edit;
      bytes += approx_size(e);
      if (b.first_seq == 0) b.first_seq = e.seq;
      b.last_seq = e.seq;
      auto key = std::tuple{e.table, e.pk, e.column};
      auto it = index.find(key);
      if (it == index.end()) {
        index.emplace(key, b.request.cells.size());
        b.request.cells.push_back(RemoteCell{e.table, e.pk, e.column, e.value, e.hlc, "", e.base});
        b.entries.push_back({e});
      } else {
        RemoteCell& c = b.request.cells[it->second];
        c.value = e.value;
        c.hlc = e.hlc;
        b.entries[it->second].push_back(e);
      }
    }
  }
  return b;
}

Result<std::optional<Prepared>> prepare_next(Store& store, const Batch& sent, std::size_t max_bytes) {
  if (sent.last_seq == 0) return std::optional<Prepared>();
  auto batch = build_batch(store, max_bytes, sent.last_seq);
  if (!batch) return batch.status();
  batch->request.attempt = random_hex(8);  // as NodeStore::sync_attempt() makes them
  std::string head = encode_sync_request_head(batch->request);
  if (batch->request.cells.empty() || !worth_compressing(head.size())) return std::optional<Prepared>();
  Prepared p{std::move(*batch), max_bytes, BrotliStream()};
  p.body.start(head, head.size() + 160);  // the tail: cursor, lineage and the rest
  return std::optional<Prepared>(std::move(p));
}

}  // namespace thidua::client_internal
