// Xung đột: the open conflicts with both values side by side, who wrote
// each and when; keep one side, or save a merged text.
#include <chrono>
#include <cstdio>
#include <optional>

#include "common/parse.h"
#include "common/vietnam_time.h"
#include "records/conflict_view.h"
#include "records/conflicts.h"
#include "webapp/internal/http.h"
#include "webapp/internal/pages_conflicts.h"

namespace thidua::webapp {
namespace {

struct KeepChoice {
  const char* code;
  std::optional<Keep> keep;  // nullopt: the merged text
  const char* done_words;    // the confirmation after it
};

constexpr KeepChoice kChoices[] = {
    {"mine", Keep::kMine, "đã giữ bản của máy này"},
    {"theirs", Keep::kTheirs, "đã giữ bản kia"},
    {"current", Keep::kCurrent, "đã giữ bản đang dùng"},
    {"lost", Keep::kLost, "đã giữ bản bị thay"},
    {"merged", std::nullopt, "đã lưu bản đã gộp"},
};

const KeepChoice* choice_of(const std::string& code) {
  for (const auto& c : kChoices)
    if (code == c.code) return &c;
  return nullptr;
}

// "dd/mm/yyyy HH:MM" on Vietnam's clock, for an HLC's wall time.
std::string vietnam_when(Hlc hlc) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds{hlc_wall_ms(hlc)}};
  const auto local = t + kVietnamUtcOffset;
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<minutes>(local - day)};
  char out[32];
  std::snprintf(out, sizeof out, "%02u/%02u/%04d %02d:%02d", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  return out;
}

Data side_data(const ConflictSide& s, const std::string& heading) {
  Data d;
  d.set("heading", heading);
  d.set("who", s.who);
  d.set("when", vietnam_when(s.hlc));
  d.set("text", s.text);
  return d;
}

// What the clerk sent for one conflict that was refused: shown beside it,
// the merged text kept as typed.
struct Refusal {
  std::int64_t id = 0;
  std::string message;
  bool on_merged = false;
  std::string merged;
};

Data conflict_data(const ConflictView& v, const Refusal& refusal) {
  Data d;
  d.set("id", std::to_string(v.id));
  d.set("what", v.what);
  d.set("action", "/xung-dot/" + std::to_string(v.id));
  d.set("kept", side_data(v.kept, "Bản đang dùng"));
  d.set("lost", side_data(v.lost, "Bản bị thay khi đồng bộ"));
  d.set("has_mine", flag(v.has_mine));
  d.set("mergeable", flag(v.mergeable));
  const bool refused = refusal.id == v.id;
  d.set("merged_value", refused && refusal.on_merged ? refusal.merged : as_text(v.kept.value));
  if (refused && refusal.on_merged) d.set("error_merged", refusal.message);
  if (refused && !refusal.on_merged) d.set("error", refusal.message);
  return d;
}

Response render(App::Impl& app, const Ctx& ctx, int status, const Refusal& refusal,
                const std::string& done) {
  auto views = describe_conflicts(*app.store);
  if (!views) return app.error(500, "Không đọc được danh sách xung đột", views.status().message());
  Data d = app.base_data(ctx, "Xung đột", "conflicts");
  List items;
  for (const auto& v : *views) items.push_back(conflict_data(v, refusal));
  d.set("has_conflicts", flag(!views->empty()));
  d.set("conflicts", items);
  if (!done.empty()) d.set("done", done);
  return app.page(status, "conflicts", std::move(d));
}

// The refusal of records/ said for the clerk, with its status.
std::pair<int, std::string> refusal_words(const Status& s) {
  switch (s.code()) {
    case Status::Code::kConflict:
      return {409,
              "Không lưu được: cấp tỉnh đã duyệt hoặc đã quyết định hồ sơ này, máy chủ sẽ không "
              "nhận bản ghi lại từ máy này. Hãy giữ bản đang dùng, hoặc đề nghị cấp tỉnh trả lại "
              "rồi sửa. Không có gì thay đổi."};
    case Status::Code::kInvalid:
      return {400, "Không lưu được: " + s.message() + ". Không có gì thay đổi."};
    default:
      return {500, "Không lưu được: " + s.message()};
  }
}

}  // namespace

Response conflicts_page(App::Impl& app, const Ctx& ctx) {
  std::lock_guard lock(app.store_mu);
  std::string done;
  if (auto it = ctx.query.find("da-giai-quyet"); it != ctx.query.end()) {
    auto id = parse_int64(it->second);
    if (!id || *id < 1) {
      return app.error(400, "Địa chỉ không đúng", "Số xung đột phải là một số nguyên dương.");
    }
    done = "Đã giải quyết xung đột số " + std::to_string(*id);
    auto keep = ctx.query.find("giu");
    const KeepChoice* c = keep == ctx.query.end() ? nullptr : choice_of(keep->second);
    done += c ? std::string(": ") + c->done_words + "." : ".";
  }
  return render(app, ctx, 200, {}, done);
}

Response conflict_settle(App::Impl& app, const Ctx& ctx, const std::string& id_text) {
  std::lock_guard lock(app.store_mu);
  const bool digits = !id_text.empty() && id_text.size() <= 18 &&
                      id_text.find_first_not_of("0123456789") == std::string::npos;
  auto id = digits ? parse_int64(id_text) : std::nullopt;
  auto view = id ? describe_conflict(*app.store, *id) : Result<ConflictView>(Status::not_found(""));
  if (!view && view.status().code() == Status::Code::kNotFound) {
    return app.error(404, "Không tìm thấy xung đột",
                     "Xung đột này không có hoặc đã được giải quyết. Không có gì thay đổi.");
  }
  if (!view) return app.error(500, "Không đọc được xung đột", view.status().message());
  const std::string code = field(ctx, "keep");
  const KeepChoice* choice = choice_of(code);
  const bool merged = choice && !choice->keep;
  if (!choice || (merged && (!view->mergeable || !ctx.form.count("merged"))) ||
      (!merged && (choice->keep == Keep::kMine || choice->keep == Keep::kTheirs) &&
       !view->has_mine)) {
    return app.error(400, "Lựa chọn không hợp lệ",
                     "Hãy bấm một trong các nút của xung đột trên trang Xung đột. Không có gì "
                     "thay đổi.");
  }
  Status settled = merged ? settle_conflict_merged(*app.store, *id, field(ctx, "merged"))
                          : settle_conflict(*app.store, *id, *choice->keep);
  if (settled.code() == Status::Code::kNotFound) {
    return app.error(404, "Không tìm thấy xung đột",
                     "Xung đột này đã được giải quyết. Không có gì thay đổi.");
  }
  if (!settled.is_ok()) {
    auto [status, words] = refusal_words(settled);
    return render(app, ctx, status, {*id, words, merged, field(ctx, "merged")}, "");
  }
  return App::Impl::redirect("/xung-dot?da-giai-quyet=" + std::to_string(*id) + "&giu=" + code);
}

}  // namespace thidua::webapp
