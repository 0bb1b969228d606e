// The commendation record (issue 13): by year, then council session and
// level, and a page per commendation with only what its decision makes
// public (model.h, Commendation).
#include <algorithm>
#include <map>
#include <tuple>

#include "sitegen/internal/format.h"
#include "sitegen/internal/pages.h"
#include "sitegen/internal/paths.h"

namespace thidua::site {
namespace {

std::string year_folder(std::int64_t year) {
  return year > 0 ? std::to_string(year) : std::string("chua-ro-nam");
}
std::string year_label(std::int64_t year) {
  return year > 0 ? "Năm " + std::to_string(year) : std::string("Chưa rõ năm");
}

// Levels in the order the record lists them.
constexpr const char* kLevels[] = {"province", "state", ""};

std::string level_label(const std::string& level) {
  if (level == "province") return "Cấp tỉnh";
  if (level == "state") return "Cấp Nhà nước";
  return "Chưa rõ cấp (ghi trước khi có danh mục hình thức khen thưởng)";
}

// A session group's key: sessions first, by their order; free-text ones
// after, by text; none last.
struct GroupKey {
  int rank = 0;  // 0 session, 1 free text, 2 none
  std::size_t session = 0;
  std::string text;
  auto operator<=>(const GroupKey&) const = default;
};

}  // namespace

class Renderer::AwardPages {
 public:
  explicit AwardPages(Renderer& r);
  void render();

 private:
  using Group = std::vector<const Commendation*>;
  GroupKey key_of(const Commendation& c) const;
  // Anchors unique on the year's page, as folder names are (paths.h):
  // "2021-06" and "2021 06" fold alike.
  std::vector<std::string> group_anchors(const std::map<GroupKey, Group>& groups) const;
  Data group_data(const GroupKey& key, Group& items, const std::string& root,
                  const std::string& anchor);
  Data row_data(const Commendation& c, const std::string& root) const;
  void year_page(std::int64_t year, std::vector<const Commendation*>& items);
  void commendation_pages(const std::vector<const Commendation*>& items, const std::string& year_dir);

  Renderer& r_;
  std::map<std::string, std::size_t> session_index_;
  std::map<std::string, std::string> anchor_of_;  // commendation id -> its group's anchor
  const std::vector<Crumb> home_ = {{"Trang chủ", ""}};
};

void Renderer::commendation_pages() { AwardPages(*this).render(); }

Renderer::AwardPages::AwardPages(Renderer& r) : r_(r) {
  for (std::size_t i = 0; i < r.data_.sessions.size(); ++i)
    session_index_[r.data_.sessions[i].id] = i;
  // Each commendation's folder, unique within its year.
  std::map<std::int64_t, std::vector<const Commendation*>> by_year;
  for (const auto& c : r.data_.commendations) by_year[c.year].push_back(&c);
  for (const auto& [year, items] : by_year) {
    std::vector<NameRequest> names;
    for (const auto* c : items)
      names.push_back(NameRequest{title_base(c->nominee), c->id, c->id, false});
    auto slugs = unique_names(names, {}, "khen-thuong");
    for (std::size_t i = 0; i < items.size(); ++i)
      r.commendation_dirs_[items[i]->id] =
          "khen-thuong/" + year_folder(year) + "/" + slugs[i] + "/";
  }
}

GroupKey Renderer::AwardPages::key_of(const Commendation& c) const {
  if (auto it = session_index_.find(c.session_id); it != session_index_.end())
    return {0, it->second, ""};
  if (!c.legacy_session.empty()) return {1, 0, c.legacy_session};
  return {2, 0, ""};
}

void Renderer::AwardPages::render() {
  std::map<std::int64_t, std::vector<const Commendation*>, std::greater<>> by_year;
  for (const auto& c : r_.data_.commendations) by_year[c.year].push_back(&c);
  List years;
  for (auto& [year, items] : by_year) {
    int province = 0, state = 0;
    for (const auto* c : items) {
      province += c->level == "province";
      state += c->level == "state";
    }
    Data y;
    y.set("label", year_label(year));
    y.set("folder", year_folder(year));
    y.set("count", std::to_string(items.size()));
    y.set("province", std::to_string(province));
    y.set("state", std::to_string(state));
    if (items.size() > static_cast<std::size_t>(province + state))
      y.set("unknown", std::to_string(items.size() - static_cast<std::size_t>(province + state)));
    years.push_back(y);
    year_page(year, items);
  }
  Data d;
  d.set("years", years);
  r_.page("khen-thuong/", "commendations", d, "Khen thưởng",
          "Các khen thưởng đã có quyết định, theo năm, phiên họp Hội đồng và cấp khen.", home_);
}

void Renderer::AwardPages::year_page(std::int64_t year, std::vector<const Commendation*>& items) {
  const std::string dir = "khen-thuong/" + year_folder(year) + "/";
  const std::string root = root_of(dir);
  std::map<GroupKey, Group> groups;
  for (const auto* c : items) groups[key_of(*c)].push_back(c);
  const std::vector<std::string> anchors = group_anchors(groups);
  List blocks;
  std::size_t next = 0;
  for (auto& [key, group] : groups)
    blocks.push_back(group_data(key, group, root, "phien-" + anchors[next++]));
  Data d;
  d.set("heading",
        "Khen thưởng " + (year > 0 ? "năm " + std::to_string(year) : std::string("chưa rõ năm")));
  d.set("sessions", blocks);
  r_.page(dir, "commendations_year", d, "Khen thưởng " + year_label(year),
          "Các khen thưởng đã có quyết định của " + year_label(year) +
              ", theo phiên họp Hội đồng và cấp khen.",
          {{"Trang chủ", ""}, {"Khen thưởng", "khen-thuong/"}});
  commendation_pages(items, dir);
}

std::vector<std::string> Renderer::AwardPages::group_anchors(
    const std::map<GroupKey, Group>& groups) const {
  std::vector<NameRequest> requests;
  for (const auto& [key, items] : groups) {
    const std::string text = key.rank == 0 ? r_.data_.sessions[key.session].id : key.text;
    const std::string id = std::to_string(key.rank) + ":" + text;
    requests.push_back(
        NameRequest{text.empty() ? std::string("khac") : title_base(text), id, id, false});
  }
  return unique_names(requests, {}, "khac");
}

// One session's block: its heading and its commendations by level, each
// level by decision date, then nominee.
Data Renderer::AwardPages::group_data(const GroupKey& key, Group& items, const std::string& root,
                                      const std::string& anchor) {
  Data block;
  std::string label;
  if (key.rank == 0) {
    const CouncilSession& s = r_.data_.sessions[key.session];
    label = s.title.empty() ? "Phiên họp quý " + roman(s.quarter) + "/" + std::to_string(s.year)
                            : s.title;
    if (!s.held_on.empty()) block.set("held_date", date_vi(s.held_on));
    if (!s.place.empty()) block.set("place", s.place);
  } else if (key.rank == 1) {
    // Written as free text before sessions were records: shown as written,
    // never prefixed ("Phiên họp Phiên họp Quý II/2021").
    label = key.text;
    block.set("free_text", flag(true));
  } else {
    label = "Chưa xếp phiên họp";
  }
  for (const auto* c : items) anchor_of_[c->id] = anchor;
  block.set("label", label);
  block.set("anchor", anchor);
  List levels;
  for (const char* level : kLevels) {
    std::vector<const Commendation*> of_level;
    for (const auto* c : items)
      if (c->level == level) of_level.push_back(c);
    if (of_level.empty()) continue;
    std::sort(of_level.begin(), of_level.end(), [](const Commendation* a, const Commendation* b) {
      return std::tie(a->decided_on, a->nominee, a->id) <
             std::tie(b->decided_on, b->nominee, b->id);
    });
    List rows;
    for (const auto* c : of_level) rows.push_back(row_data(*c, root));
    Data l;
    l.set("level_label", level_label(level));
    l.set("items", rows);
    levels.push_back(l);
  }
  block.set("levels", levels);
  return block;
}

Data Renderer::AwardPages::row_data(const Commendation& c, const std::string& root) const {
  Data row;
  row.set("nominee", c.nominee);
  row.set("href", root + r_.commendation_dirs_.at(c.id));
  row.set("kind_label", nominee_kind_label(c.nominee_kind));
  row.set("award", c.award);
  row.set("unit_name", r_.unit_name(c.unit_id));
  row.set("unit_slug", r_.unit_slug(c.unit_id));
  row.set("decision_no", c.decision_no);
  // Unset, not "": a blank string still opens a mustache section.
  if (!c.decided_on.empty()) row.set("decided_date", date_vi(c.decided_on));
  if (!c.signer.empty()) row.set("signer", signer_label(c.signer));
  return row;
}

// Rendered on every core, as story pages are: a province's record runs to
// thousands of decisions over the years.
void Renderer::AwardPages::commendation_pages(const std::vector<const Commendation*>& items,
                                              const std::string& year_dir) {
  r_.in_parallel(items.size(), [&](const Theme& theme, std::size_t i) {
    const Commendation& c = *items[i];
    const std::string dir = r_.commendation_dirs_.at(c.id);
    Data d = row_data(c, root_of(dir));
    d.set("level_label", level_label(c.level));
    d.set("year_dir", year_dir);
    d.set("anchor", anchor_of_.at(c.id));
    r_.output_.put(
        dir + "index.html",
        r_.render_page(theme, dir, "commendation", d, c.nominee + " — " + c.award,
                       c.award + " tặng " + c.nominee +
                           (c.decision_no.empty() ? "" : ", quyết định số " + c.decision_no) + ".",
                       {{"Trang chủ", ""}, {"Khen thưởng", "khen-thuong/"}, {year_label(c.year), year_dir}}));
  });
  for (const auto* c : items) r_.listed(r_.commendation_dirs_.at(c->id));
}

}  // namespace thidua::site
