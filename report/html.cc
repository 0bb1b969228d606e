#include "report/html.h"

#include <kainjow/mustache.hpp>

#include "report/internal/files.h"
#include "report/internal/words.h"

namespace thidua::report {
namespace {

using namespace report_internal;
using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;

Data flag(bool b) { return Data(b ? Data::type::bool_true : Data::type::bool_false); }
std::string num(int n) { return std::to_string(n); }

std::string embedded(std::string_view name) {
  for (const auto& f : template_files())
    if (f.name == name) return std::string(f.content);
  return {};
}

Data counts_data(const TaskCounts& c) {
  Data d;
  d.set("total", num(c.total));
  d.set("done", num(c.done));
  d.set("in_progress", num(c.in_progress));
  d.set("blocked", num(c.blocked));
  d.set("not_started", num(c.not_started));
  d.set("overdue", num(c.overdue));
  return d;
}

void set_tasks(const Report& r, Data& d) {
  d.set("tasks", counts_data(r.tasks));
  List quarters;
  for (const auto& q : r.quarters) {
    Data row = counts_data(q.counts);
    row.set("label", roman(q.quarter));
    quarters.push_back(row);
  }
  Data sum = counts_data(r.tasks);
  sum.set("label", "Cộng");
  sum.set("sum", flag(true));
  quarters.push_back(sum);
  d.set("quarters", quarters);
  List units;
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    Data row = counts_data(r.units[i].counts);
    row.set("no", num(static_cast<int>(i + 1)));
    row.set("name", r.units[i].unit_name);
    units.push_back(row);
  }
  d.set("units", units);
}

void set_stories(const Report& r, Data& d) {
  List stories;
  for (std::size_t i = 0; i < r.stories.size(); ++i) {
    const auto& s = r.stories[i];
    Data row;
    row.set("no", num(static_cast<int>(i + 1)));
    row.set("title", s.title);
    row.set("subject", s.subject);
    row.set("category", category_words(s.category));
    row.set("unit", s.unit_name);
    row.set("date", date_vi(s.published_on));
    stories.push_back(row);
  }
  d.set("has_stories", flag(!r.stories.empty()));
  d.set("story_count", num(static_cast<int>(r.stories.size())));
  d.set("stories", stories);
  List sessions;
  for (std::size_t i = 0; i < r.sessions.size(); ++i) {
    const auto& s = r.sessions[i];
    Data row;
    row.set("no", num(static_cast<int>(i + 1)));
    row.set("title", s.title);
    row.set("quarter", roman(s.quarter));
    row.set("date", date_vi(s.held_on));
    row.set("place", s.place);
    sessions.push_back(row);
  }
  d.set("has_sessions", flag(!r.sessions.empty()));
  d.set("session_count", num(static_cast<int>(r.sessions.size())));
  d.set("sessions", sessions);
}

Data award_row(const AwardLine& l, int no) {
  Data row;
  row.set("no", num(no));
  row.set("nominee", l.nominee);
  row.set("kind", nominee_kind_words(l.nominee_kind));
  row.set("unit", l.unit_name);
  row.set("award", l.award_name);
  row.set("decision_no", l.decision_no);
  row.set("signer", signer_words(l.signing_level));
  return row;
}

void set_awards(const Report& r, Data& d) {
  List groups, decided;
  int province = 0, state = 0, no = 0;
  for (const auto& g : r.decided) {
    Data row;
    row.set("level", level_words(g.level));
    row.set("award", g.award_name);
    row.set("total", num(g.total()));
    row.set("individual", num(g.individual));
    row.set("collective", num(g.collective));
    row.set("business", num(g.business));
    row.set("entrepreneur", num(g.entrepreneur));
    groups.push_back(row);
    (g.level == "state" ? state : province) += g.total();
    for (const auto& l : g.lines) {
      Data line = award_row(l, ++no);
      line.set("date", date_vi(l.decided_on));
      decided.push_back(line);
    }
  }
  d.set("has_decided", flag(no > 0));
  d.set("decided_count", num(no));
  d.set("decided_province", num(province));
  d.set("decided_state", num(state));
  d.set("groups", groups);
  d.set("decided", decided);
  List forwarded;
  int conferred = 0, declined = 0;
  for (const auto& l : r.forwarded) {
    Data line = award_row(l, static_cast<int>(forwarded.size()) + 1);
    line.set("date", date_vi(l.forwarded_on));
    line.set("result", centre_result_words(l.centre_result));
    forwarded.push_back(line);
    conferred += l.centre_result == "conferred";
    declined += l.centre_result == "declined";
  }
  const int sent = static_cast<int>(r.forwarded.size());
  d.set("has_forwarded", flag(sent > 0));
  d.set("forwarded_count", num(sent));
  d.set("forwarded_conferred", num(conferred));
  d.set("forwarded_declined", num(declined));
  d.set("forwarded_waiting", num(sent - conferred - declined));
  d.set("forwarded", forwarded);
}

List task_rows(const std::vector<TaskLine>& tasks) {
  List rows;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const auto& t = tasks[i];
    Data row;
    row.set("no", num(static_cast<int>(i + 1)));
    row.set("quarter", roman(t.quarter));
    row.set("content", t.content);
    row.set("responsible", t.responsible);
    row.set("due", date_vi(t.due));
    row.set("state", phase_words(t.phase));
    row.set("overdue", flag(t.overdue));
    rows.push_back(row);
  }
  return rows;
}

void set_remaining(const Report& r, Data& d) {
  d.set("next_heading", next_heading(r.period));
  d.set("next_period_words", next_period_words(r.period));
  d.set("has_unfinished", flag(!r.unfinished.empty()));
  d.set("unfinished_count", num(static_cast<int>(r.unfinished.size())));
  d.set("unfinished", task_rows(r.unfinished));
  d.set("has_next", flag(!r.next_tasks.empty()));
  d.set("next", task_rows(r.next_tasks));
  Data pending;
  pending.set("submitted", num(r.pending.submitted));
  pending.set("appraised", num(r.pending.appraised));
  pending.set("approved_undecided", num(r.pending.approved_undecided));
  pending.set("forwarded_waiting", num(r.pending.forwarded_waiting));
  d.set("pending", pending);
}

}  // namespace

std::string render_html(const Report& r) {
  Data d;
  d.set("css", embedded("report.css"));
  d.set("issuer_upper", upper_vi(r.issuer_name));
  d.set("issuer_name", r.issuer_name);
  d.set("place", r.place.empty() ? std::string("…") : r.place);
  d.set("title", report_title(r.period));
  d.set("plan_title", r.plan_title);
  d.set("period_words", period_words(r.period));
  d.set("year", std::to_string(r.period.year));
  d.set("quarters_span", "I–" + roman(r.period.last_quarter));
  d.set("today", date_vi(r.today));
  set_tasks(r, d);
  set_stories(r, d);
  set_awards(r, d);
  set_remaining(r, d);
  kainjow::mustache::mustache tmpl(embedded("report.mustache"));
  return tmpl.render(d);
}

std::string report_stylesheet() { return embedded("report.css"); }

std::string render_html_linked(const Report& r, const std::string& stylesheet_href) {
  std::string html = render_html(r);
  // The template's one <style> element, in its <head>.
  const auto open = html.find("<style>");
  const auto close = open == std::string::npos ? open : html.find("</style>", open);
  if (close == std::string::npos) return html;
  std::string href;
  for (char c : stylesheet_href) {
    switch (c) {
      case '&':
        href += "&amp;";
        break;
      case '"':
        href += "&quot;";
        break;
      case '<':
        href += "&lt;";
        break;
      case '>':
        href += "&gt;";
        break;
      default:
        href += c;
    }
  }
  html.replace(open, close + 8 - open, "<link rel=\"stylesheet\" href=\"" + href + "\">");
  return html;
}

}  // namespace thidua::report
