// Store: node identity, clock correction, and settling the outbox.
#include <algorithm>
#include <cstdlib>
#include <vector>


#include "common/hex.h"
#include "store/store_impl.h"

namespace thidua {

Status Store::adopt_node_id(const std::string& node_id) {
  if (node_id.empty() || node_id.size() > 64) return Status::invalid("invalid node id " + describe(node_id));
  auto cells = sql::query_int(impl_->raw(), "SELECT count(*) FROM sync_cells");
  if (!cells) return cells.status();
  if (*cells != 0) return Status::conflict("this database already holds data; a node id can only be set on a new one");
  auto st = impl_->cached("UPDATE sync_meta SET node_id = ? WHERE id = 1");
  if (!st) return st.status();
  st->bind(1, node_id);
  THIDUA_RETURN_IF_ERROR(st->run());
  impl_->node_id = node_id;
  return Status::ok();
}

std::int64_t Store::raw_clock_ms() const { return impl_->raw_now_ms(); }

Result<int> Store::correct_clock(std::int64_t server_time_ms) {
  int restamped = 0;
  Status st = transaction([&]() -> Status {
    std::int64_t offset = server_time_ms - impl_->raw_now_ms();
    // Network delay makes small offsets noise: keep the clock as it is then.
    if (std::llabs(offset) < 2000) offset = 0;
    auto save = impl_->cached("UPDATE sync_node SET clock_offset_ms = ? WHERE id = 1");
    if (!save) return save.status();
    save->bind(1, offset);
    THIDUA_RETURN_IF_ERROR(save->run());
    impl_->clock_offset_ms = offset;

    const Hlc limit = hlc_pack(server_time_ms + kMaxClockDriftMs / 2, 0);
    auto clock = this->clock();
    if (!clock) return clock.status();
    if (*clock <= limit) return Status::ok();
    // Every pending edit past the limit gets a new stamp, in the order made,
    // one stamp per edit (entries of one edit share a stamp).
    auto pending = impl_->cached("SELECT DISTINCT hlc FROM sync_outbox WHERE hlc > ? ORDER BY hlc");
    if (!pending) return pending.status();
    pending->bind(1, static_cast<std::int64_t>(limit));
    std::vector<Hlc> old;
    for (;;) {
      auto row = pending->step();
      if (!row) return row.status();
      if (!*row) break;
      old.push_back(static_cast<Hlc>(pending->int64(0)));
    }
    Hlc next = hlc_pack(server_time_ms, 0);
    for (Hlc h : old) {
      next = hlc_next(next, server_time_ms);
      for (const char* sql : {"UPDATE sync_outbox SET hlc = ? WHERE hlc = ?",
                              "UPDATE sync_cells SET hlc = ? WHERE hlc = ? AND node = ?"}) {
        auto up = impl_->cached(sql);
        if (!up) return up.status();
        up->bind(1, static_cast<std::int64_t>(next)).bind(2, static_cast<std::int64_t>(h));
        if (std::string(sql).find("node") != std::string::npos) up->bind(3, impl_->node_id);
        THIDUA_RETURN_IF_ERROR(up->run());
      }
      ++restamped;
    }
    auto reset = impl_->cached("UPDATE sync_meta SET hlc = ? WHERE id = 1");
    if (!reset) return reset.status();
    reset->bind(1, static_cast<std::int64_t>(std::max(next, hlc_pack(server_time_ms, 0))));
    return reset->run();
  });
  if (!st.is_ok()) return st;
  return restamped;
}

Status Store::drop_outbox(const std::vector<std::int64_t>& seqs) {
  std::vector<std::int64_t> sorted = seqs;
  std::sort(sorted.begin(), sorted.end());
  return transaction([&]() -> Status {
    // Contiguous runs go in one statement: a settled batch is mostly one run.
    for (std::size_t i = 0; i < sorted.size();) {
      std::size_t j = i;
      while (j + 1 < sorted.size() && sorted[j + 1] <= sorted[j] + 1) ++j;
      auto st = impl_->cached("DELETE FROM sync_outbox WHERE seq BETWEEN ? AND ?");
      if (!st) return st.status();
      st->bind(1, sorted[i]).bind(2, sorted[j]);
      THIDUA_RETURN_IF_ERROR(st->run());
      i = j + 1;
    }
    return Status::ok();
  });
}

Status Store::record_rejection(const OutboxEntry& e, const std::string& reason) {
  auto st = impl_->cached("INSERT INTO sync_rejected (tbl, pk, col, val, reason) VALUES (?, ?, ?, ?, ?)");
  if (!st) return st.status();
  st->bind(1, e.table).bind(2, e.pk).bind(3, e.column).bind(4, e.value).bind(5, reason);
  return st->run();
}

Result<std::pair<std::int64_t, std::string>> Store::rejections() {
  auto n = sql::query_int(impl_->raw(), "SELECT count(*) FROM sync_rejected");
  if (!n) return n.status();
  auto st = impl_->cached("SELECT tbl || ' ' || pk || ' ' || col || ': ' || reason FROM sync_rejected ORDER BY id DESC LIMIT 1");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  return std::pair<std::int64_t, std::string>(*n, *row ? st->text(0) : std::string());
}

}  // namespace thidua

namespace thidua {

Result<std::pair<std::string, std::string>> Store::node_lineage() {
  auto st = impl_->cached("SELECT coalesce(lineage, ''), coalesce(lineage_attempt, '') FROM sync_node WHERE id = 1");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::pair<std::string, std::string>();
  return std::pair<std::string, std::string>(st->text(0), st->text(1));
}

Result<std::string> Store::sync_attempt() {
  auto held = node_lineage();
  if (!held) return held.status();
  if (!held->second.empty()) return held->second;
  std::string attempt = random_hex(8);
  auto st = impl_->cached("UPDATE sync_node SET lineage_attempt = ? WHERE id = 1");
  if (!st) return st.status();
  st->bind(1, attempt);
  THIDUA_RETURN_IF_ERROR(st->run());
  return attempt;
}

Status Store::set_node_lineage(const std::string& lineage) {
  auto st = impl_->cached("UPDATE sync_node SET lineage = ?, lineage_attempt = NULL WHERE id = 1");
  if (!st) return st.status();
  st->bind(1, lineage);
  return st->run();
}

}  // namespace thidua
