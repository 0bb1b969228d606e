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

// One row per item, made by row_of and numbered from 1 in "no": the shape of
// every table of the report.
template <typename T, typename RowOf>
List numbered(const std::vector<T>& items, RowOf row_of) {
  List rows;
  for (const auto& item : items) {
    Data row = row_of(item);
    row.set("no", num(static_cast<int>(rows.size()) + 1));
    rows.push_back(row);
  }
  return rows;
}

// A table for the template: its rows under `name`, "has_<name>" whether it
// has any and, given count_key, how many under count_key.
void set_table(Data& d, const std::string& name, const List& rows,
               const std::string& count_key = "") {
  d.set("has_" + name, flag(!rows.empty()));
  if (!count_key.empty()) d.set(count_key, num(static_cast<int>(rows.size())));
  d.set(name, rows);
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
  const List units = numbered(r.units, [](const auto& u) {
    Data row = counts_data(u.counts);
    row.set("name", u.unit_name);
    return row;
  });
  d.set("units", units);
}

void set_stories(const Report& r, Data& d) {
  const List stories = numbered(r.stories, [](const auto& s) {
    Data row;
    row.set("title", s.title);
    row.set("subject", s.subject);
    row.set("category", category_words(s.category));
    row.set("unit", s.unit_name);
    row.set("date", date_vi(s.published_on));
    return row;
  });
  set_table(d, "stories", stories, "story_count");
  const List sessions = numbered(r.sessions, [](const auto& s) {
    Data row;
    row.set("title", s.title);
    row.set("quarter", roman(s.quarter));
    row.set("date", date_vi(s.held_on));
    row.set("place", s.place);
    return row;
  });
  set_table(d, "sessions", sessions, "session_count");
}

// A commendation's row, in the decided and the forwarded tables alike.
Data award_row(const AwardLine& l) {
  Data row;
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
  int province = 0, state = 0;
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
    // One table of every group's lines, numbered straight through.
    for (const auto& l : g.lines) {
      Data line = award_row(l);
      line.set("no", num(static_cast<int>(decided.size()) + 1));
      line.set("date", date_vi(l.decided_on));
      decided.push_back(line);
    }
  }
  set_table(d, "decided", decided, "decided_count");
  d.set("decided_province", num(province));
  d.set("decided_state", num(state));
  d.set("groups", groups);
  int conferred = 0, declined = 0;
  for (const auto& l : r.forwarded) {
    conferred += l.centre_result == "conferred";
    declined += l.centre_result == "declined";
  }
  const List forwarded = numbered(r.forwarded, [](const AwardLine& l) {
    Data line = award_row(l);
    line.set("date", date_vi(l.forwarded_on));
    line.set("result", centre_result_words(l.centre_result));
    return line;
  });
  set_table(d, "forwarded", forwarded, "forwarded_count");
  d.set("forwarded_conferred", num(conferred));
  d.set("forwarded_declined", num(declined));
  d.set("forwarded_waiting", num(static_cast<int>(r.forwarded.size()) - conferred - declined));
}

List task_rows(const std::vector<TaskLine>& tasks) {
  return numbered(tasks, [](const TaskLine& t) {
    Data row;
    row.set("quarter", roman(t.quarter));
    row.set("content", t.content);
    row.set("responsible", t.responsible);
    row.set("due", date_vi(t.due));
    row.set("state", phase_words(t.phase));
    row.set("overdue", flag(t.overdue));
    return row;
  });
}

void set_remaining(const Report& r, Data& d) {
  d.set("next_heading", next_heading(r.period));
  d.set("next_period_words", next_period_words(r.period));
  set_table(d, "unfinished", task_rows(r.unfinished), "unfinished_count");
  set_table(d, "next", task_rows(r.next_tasks));
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
