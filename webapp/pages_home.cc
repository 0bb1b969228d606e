// Trang chủ: who this node is, when it last synced, what waits to go; and
// "Đồng bộ ngay".
#include <chrono>

#include "records/summary.h"
#include "webapp/internal/app_impl.h"

namespace thidua::webapp {
namespace {

// The background sync's state in words: đang đồng bộ / mất mạng, thử lại
// lúc HH:MM / đã đồng bộ lúc HH:MM.
std::string state_in_words(const SyncState& s, bool background) {
  if (s.running) return "Đang đồng bộ…";
  if (s.message.empty()) return background ? "Sắp đồng bộ lần đầu." : "";
  if (s.failed) {
    std::string w = "Mất mạng hoặc máy chủ không trả lời (lần thử lúc " + s.last_attempt_hhmm + ")";
    if (background && !s.retry_hhmm.empty()) w += ", thử lại lúc " + s.retry_hhmm;
    return w + ".";
  }
  std::string w = "Đã đồng bộ lúc " + s.last_attempt_hhmm;
  if (background && !s.retry_hhmm.empty()) w += ", lần tới lúc " + s.retry_hhmm;
  return w + ".";
}

void add_summary(Data& d, const NodeSummary& s) {
  if (s.last_sync_at) {
    d.set("last_sync", vietnam_time_of(*s.last_sync_at));
    d.set("last_sync_age", age_in_words(*s.last_sync_at, std::chrono::system_clock::now()));
  }
  if (s.last_error) d.set("last_error", *s.last_error);
  d.set("pending_records", std::to_string(s.pending_records));
  d.set("has_pending", flag(s.pending_records > 0));
  d.set("pending_photos", std::to_string(s.pending_photos));
  d.set("pending_documents", std::to_string(s.pending_documents));
  d.set("conflicts", std::to_string(s.open_conflicts));
  d.set("has_conflicts", flag(s.open_conflicts > 0));
  d.set("refused", std::to_string(s.refused));
  d.set("has_refused", flag(s.refused > 0));
  d.set("last_refusal", s.last_refusal);
  d.set("server_url", s.server_url);
  d.set("role_label", s.role == "province" ? "máy cấp tỉnh" : "máy cấp huyện/đơn vị");
  // A province node hears from the server when it last rebuilt the
  // public site (server run --site-out): the board need not ask.
  if (s.role == "province") {
    d.set("is_province_node", flag(true));
    if (s.site_built_at) {
      d.set("site_built", vietnam_time_of(*s.site_built_at));
      d.set("site_built_age", age_in_words(*s.site_built_at, std::chrono::system_clock::now()));
    }
    if (s.site_error) d.set("site_error", *s.site_error);
  }
}

}  // namespace

Response home_page(App::Impl& app, const Ctx& ctx) {
  Result<NodeSummary> summary = Status::internal("");
  {
    std::lock_guard lock(app.store_mu);
    summary = node_summary(*app.store);
  }
  if (!summary) return app.error(500, "Không đọc được dữ liệu của máy", summary.status().message());
  Data d = app.base_data(ctx, "Trang chủ", "home");
  add_summary(d, *summary);
  const SyncState state = app.sync->state();
  const bool background = app.options.sync_every_s > 0;
  const std::string words = state_in_words(state, background);
  if (!words.empty()) d.set("sync_state", words);
  if (!state.message.empty()) {
    d.set("sync_message", state.message);
    d.set("sync_failed", flag(state.failed));
  }
  d.set("sync_running", flag(state.running));
  return app.page(200, "home", std::move(d));
}

Response sync_now(App::Impl& app, const Ctx&) {
  // The outcome lands in the runner's state, which the home page shows:
  // reloading that page never syncs again.
  (void)app.sync->run_now();
  return App::Impl::redirect("/");
}

}  // namespace thidua::webapp
