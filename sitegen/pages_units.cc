// District pages and the commendation record.
#include <algorithm>

#include "sitegen/internal/format.h"
#include "sitegen/internal/pages.h"
#include "sitegen/internal/paths.h"

namespace thidua::site {
namespace {

constexpr std::size_t kOnUnitPage = 10;

}  // namespace

void Renderer::unit_pages() {
  const std::vector<Crumb> home = {{"Trang chủ", ""}};
  const std::vector<Crumb> units_crumb = {{"Trang chủ", ""}, {"Đơn vị", "don-vi/"}};
  const Plan* plan = data_.plans.empty() ? nullptr : &data_.plans.back();
  std::map<std::string, const Task*> tasks;
  if (plan)
    for (const auto& t : plan->tasks) tasks[t.id] = &t;

  // A page for every unit that reports or has stories or commendations;
  // every district has one.
  std::map<std::string, std::vector<const Story*>> stories_of;
  for (const auto& s : data_.stories) stories_of[s.unit_id].push_back(&s);
  std::map<std::string, std::vector<const Progress*>> progress_of;
  for (const auto& p : data_.progress) progress_of[p.unit_id].push_back(&p);
  std::map<std::string, std::vector<const Nomination*>> nominations_of;
  for (const auto& n : data_.nominations) nominations_of[n.unit_id].push_back(&n);

  List index;
  for (const auto& u : data_.units) {
    const auto& stories = stories_of[u.id];
    auto& progress = progress_of[u.id];
    const auto& nominations = nominations_of[u.id];
    if (!u.is_district() && stories.empty() && progress.empty() && nominations.empty()) continue;
    std::sort(progress.begin(), progress.end(), [&](const Progress* a, const Progress* b) {
      const Task* ta = tasks.count(a->task_id) ? tasks[a->task_id] : nullptr;
      const Task* tb = tasks.count(b->task_id) ? tasks[b->task_id] : nullptr;
      auto key = [](const Task* t, const Progress* p) {
        return std::tuple(t ? t->quarter : 9, t ? t->ordinal : 0, p->task_id);
      };
      return key(ta, a) < key(tb, b);
    });
    const std::string dir = "don-vi/" + u.slug + "/";
    const std::string root = root_of(dir);
    int done = 0;
    for (const auto* p : progress) done += p->status == "done";

    Data d;
    d.set("name", u.name);
    d.set("slug", u.slug);
    d.set("story_count", std::to_string(stories.size()));
    List cards;
    for (std::size_t i = 0; i < stories.size() && i < kOnUnitPage; ++i) cards.push_back(card_item(*stories[i], root));
    d.set("has_stories", flag(!stories.empty()));
    d.set("stories", cards);
    d.set("more_stories", flag(stories.size() > kOnUnitPage));
    List rows;
    for (const auto* p : progress) {
      const Task* t = tasks.count(p->task_id) ? tasks[p->task_id] : nullptr;
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
    d.set("has_progress", flag(!rows.empty()));
    d.set("progress", rows);
    List noms;
    for (const auto* n : nominations) {
      Data nd;
      nd.set("nominee", n->nominee);
      nd.set("award", n->award);
      nd.set("decision_no", n->decision_no);
      nd.set("decided_date", date_vi(n->decided_on));
      noms.push_back(nd);
    }
    d.set("has_nominations", flag(!noms.empty()));
    d.set("nominations", noms);
    unit_pages_.insert(u.slug);
    page(dir, "unit", d, u.name, "Gương điển hình, thực hiện kế hoạch và khen thưởng của " + u.name + ".", units_crumb);
    if (stories.size() > kOnUnitPage) {
      auto crumbs = units_crumb;
      crumbs.push_back({u.name, dir});
      story_list(dir + "guong-dien-hinh/", "Gương điển hình của " + u.name, stories, crumbs, Data(List{}));
    }

    Data entry;
    entry.set("name", u.name);
    entry.set("slug", u.slug);
    entry.set("story_count", std::to_string(stories.size()));
    entry.set("done", std::to_string(done));
    entry.set("reports", std::to_string(progress.size()));
    index.push_back(entry);
  }
  Data d;
  d.set("units", index);
  page("don-vi/", "units", d, "Đơn vị", "Các đơn vị, gương điển hình và tiến độ thực hiện kế hoạch.", home);

  // The commendation record, by council session (newest first; undated last).
  std::map<std::string, std::vector<const Nomination*>> sessions;
  for (const auto& n : data_.nominations) sessions[n.council_session].push_back(&n);
  // Anchors unique on the page, as folder names are (paths.h): "2021-06"
  // and "2021 06" fold alike.
  std::vector<NameRequest> anchor_requests;
  for (const auto& [session, items] : sessions) {
    anchor_requests.push_back(NameRequest{session.empty() ? std::string("khac") : title_base(session), session, session, false});
  }
  const auto anchors = unique_names(anchor_requests, {}, "khac");
  std::map<std::string, std::string> anchor_of;
  std::size_t next_anchor = 0;
  for (const auto& [session, items] : sessions) anchor_of[session] = anchors[next_anchor++];
  List blocks;
  for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {
    auto& items = it->second;
    std::sort(items.begin(), items.end(), [](const Nomination* a, const Nomination* b) {
      return std::tie(a->decided_on, a->nominee, a->id) < std::tie(b->decided_on, b->nominee, b->id);
    });
    Data block;
    block.set("label", it->first.empty() ? std::string("Chưa xếp phiên họp") : "Phiên họp " + it->first);
    block.set("anchor", "phien-" + anchor_of[it->first]);
    List rows;
    for (const auto* n : items) {
      Data row;
      row.set("nominee", n->nominee);
      row.set("award", n->award);
      row.set("unit_name", unit_name(n->unit_id));
      row.set("unit_slug", unit_slug(n->unit_id));
      row.set("decision_no", n->decision_no);
      row.set("decided_date", date_vi(n->decided_on));
      rows.push_back(row);
    }
    block.set("items", rows);
    blocks.push_back(block);
  }
  Data c;
  c.set("sessions", blocks);
  page("khen-thuong/", "commendations", c, "Khen thưởng", "Các khen thưởng đã được phê duyệt, theo phiên họp Hội đồng.",
       home);
}

}  // namespace thidua::site
