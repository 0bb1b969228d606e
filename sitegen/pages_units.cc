// District pages.
#include <algorithm>
#include <tuple>

#include "sitegen/internal/format.h"
#include "sitegen/internal/pages.h"
#include "sitegen/internal/paths.h"

namespace thidua::site {
namespace {

constexpr std::size_t kOnUnitPage = 10;

}  // namespace

// unit_pages() in its steps.
class Renderer::UnitPages {
 public:
  explicit UnitPages(Renderer& r);
  // A page for every unit that reports or has stories or commendations
  // (every district has one), then the list of units.
  void units();

 private:
  // The latest plan's task, or nullptr.
  const Task* task(const std::string& id) const;
  // By quarter and ordinal of the task; reports on tasks of no plan last.
  void sort_progress(std::vector<const Progress*>& progress) const;
  // Renders the unit's page (and its list of stories when they do not fit);
  // returns its entry in the list of units.
  Data unit_page(const Unit& u, const std::vector<const Story*>& stories,
                 const std::vector<const Progress*>& progress,
                 const std::vector<const Commendation*>& commendations);
  List progress_rows(const std::vector<const Progress*>& progress) const;
  // The unit's commendations, newest decision first, each linking to its page.
  List commendation_rows(std::vector<const Commendation*> items, const std::string& root) const;

  Renderer& r_;
  std::map<std::string, const Task*> tasks_;  // of the latest plan
  const std::vector<Crumb> home_ = {{"Trang chủ", ""}};
  const std::vector<Crumb> units_crumb_ = {{"Trang chủ", ""}, {"Đơn vị", "don-vi/"}};
};

void Renderer::unit_pages() {
  UnitPages pages(*this);
  pages.units();
}

Renderer::UnitPages::UnitPages(Renderer& r) : r_(r) {
  const Plan* plan = r.data_.plans.empty() ? nullptr : &r.data_.plans.back();
  if (plan)
    for (const auto& t : plan->tasks) tasks_[t.id] = &t;
}

const Task* Renderer::UnitPages::task(const std::string& id) const {
  auto it = tasks_.find(id);
  return it == tasks_.end() ? nullptr : it->second;
}

void Renderer::UnitPages::sort_progress(std::vector<const Progress*>& progress) const {
  std::sort(progress.begin(), progress.end(), [&](const Progress* a, const Progress* b) {
    auto key = [](const Task* t, const Progress* p) {
      return std::tuple(t ? t->quarter : 9, t ? t->ordinal : 0, p->task_id);
    };
    return key(task(a->task_id), a) < key(task(b->task_id), b);
  });
}

void Renderer::UnitPages::units() {
  std::map<std::string, std::vector<const Story*>> stories_of;
  for (const auto& s : r_.data_.stories) stories_of[s.unit_id].push_back(&s);
  std::map<std::string, std::vector<const Progress*>> progress_of;
  for (const auto& p : r_.data_.progress) progress_of[p.unit_id].push_back(&p);
  std::map<std::string, std::vector<const Commendation*>> nominations_of;
  for (const auto& n : r_.data_.commendations) nominations_of[n.unit_id].push_back(&n);

  List index;
  for (const auto& u : r_.data_.units) {
    const auto& stories = stories_of[u.id];
    auto& progress = progress_of[u.id];
    const auto& nominations = nominations_of[u.id];
    if (!u.is_district() && stories.empty() && progress.empty() && nominations.empty()) continue;
    sort_progress(progress);
    index.push_back(unit_page(u, stories, progress, nominations));
  }
  Data d;
  d.set("units", index);
  r_.page("don-vi/", "units", d, "Đơn vị",
          "Các đơn vị, gương điển hình và tiến độ thực hiện kế hoạch.", home_);
}

Data Renderer::UnitPages::unit_page(const Unit& u, const std::vector<const Story*>& stories,
                                    const std::vector<const Progress*>& progress,
                                    const std::vector<const Commendation*>& nominations) {
  const std::string dir = "don-vi/" + u.slug + "/";
  const std::string root = root_of(dir);
  int done = 0;
  for (const auto* p : progress) done += p->status == "done";

  Data d;
  d.set("name", u.name);
  d.set("slug", u.slug);
  d.set("story_count", std::to_string(stories.size()));
  List cards;
  for (std::size_t i = 0; i < stories.size() && i < kOnUnitPage; ++i)
    cards.push_back(r_.card_item(*stories[i], root));
  d.set("has_stories", flag(!stories.empty()));
  d.set("stories", cards);
  d.set("more_stories", flag(stories.size() > kOnUnitPage));
  List rows = progress_rows(progress);
  d.set("has_progress", flag(!rows.empty()));
  d.set("progress", rows);
  List noms = commendation_rows(nominations, root);
  d.set("has_nominations", flag(!noms.empty()));
  d.set("nominations", noms);
  r_.unit_pages_.insert(u.slug);
  r_.page(dir, "unit", d, u.name,
          "Gương điển hình, thực hiện kế hoạch và khen thưởng của " + u.name + ".", units_crumb_);
  if (stories.size() > kOnUnitPage) {
    auto crumbs = units_crumb_;
    crumbs.push_back({u.name, dir});
    r_.story_list(dir + "guong-dien-hinh/", "Gương điển hình của " + u.name, stories, crumbs,
                  Data(List{}));
  }

  Data entry;
  entry.set("name", u.name);
  entry.set("slug", u.slug);
  entry.set("story_count", std::to_string(stories.size()));
  entry.set("done", std::to_string(done));
  entry.set("reports", std::to_string(progress.size()));
  return entry;
}

List Renderer::UnitPages::progress_rows(const std::vector<const Progress*>& progress) const {
  List rows;
  for (const auto* p : progress) {
    const Task* t = task(p->task_id);
    if (!t) continue;
    Data row;
    row.set("task_id", p->task_id);
    row.set("task_slug", t->slug);
    row.set("quarter_roman", roman(t->quarter));
    row.set("ordinal", std::to_string(t->ordinal));
    row.set("status", p->status);
    row.set("status_label", status_label(p->status));
    row.set("percent_text", percent_text(p->percent));
    rows.push_back(row);
  }
  return rows;
}

List Renderer::UnitPages::commendation_rows(std::vector<const Commendation*> items, const std::string& root) const {
  std::sort(items.begin(), items.end(), [](const Commendation* a, const Commendation* b) {
    return std::tie(b->decided_on, a->nominee, a->id) < std::tie(a->decided_on, b->nominee, b->id);
  });
  List rows;
  for (const auto* c : items) {
    Data row;
    row.set("nominee", c->nominee);
    row.set("href", root + r_.commendation_dirs_.at(c->id));
    row.set("award", c->award);
    row.set("decision_no", c->decision_no);
    if (!c->decided_on.empty()) row.set("decided_date", date_vi(c->decided_on));
    rows.push_back(row);
  }
  return rows;
}

}  // namespace thidua::site
