#include "records/council.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <tuple>

#include "records/internal/checks.h"
#include "records/node.h"

namespace thidua {

using namespace records_internal;

namespace {

const char* const kWhat = "phiên họp hội đồng";

// kInvalid naming the date and the session's year when they do not fit.
Status check_session_date(const std::string& label, int year, int quarter,
                          const std::string& date) {
  if (session_date_fits(year, quarter, date)) return Status::ok();
  return Status::invalid(
      label + " " + date + " không thuộc năm " + std::to_string(year) + " của phiên họp" +
      (quarter == 4 ? " (phiên họp quý IV họp muộn nhất ngày 31/3 năm sau)" : ""));
}

}  // namespace

bool session_date_fits(int year, int quarter, const std::string& date) {
  if (date.size() < 4) return false;
  const std::string y = std::to_string(year);
  if (date.compare(0, 4, y) == 0) return true;
  // ISO dates of one shape order as text.
  return quarter == 4 && date.compare(0, 4, std::to_string(year + 1)) == 0 &&
         date <= std::to_string(year + 1) + "-03-31";
}

Result<std::string> add_council_session(Store& store, const NewCouncilSession& s) {
  THIDUA_RETURN_IF_ERROR(require_province(store, "lập phiên họp hội đồng"));
  if (s.year < 1945 || s.year > 9999) {
    return Status::invalid("năm của phiên họp phải là năm có bốn chữ số, từ 1945 (không phải " +
                           std::to_string(s.year) + ")");
  }
  if (s.quarter < 1 || s.quarter > 4) {
    return Status::invalid("quý của phiên họp phải từ 1 đến 4 (không phải " +
                           std::to_string(s.quarter) + ")");
  }
  THIDUA_RETURN_IF_ERROR(check_text("tên phiên họp", s.title, true));
  THIDUA_RETURN_IF_ERROR(check_text("địa điểm", s.place, false));
  // A planned date may lie ahead: only its form is checked.
  if (s.held_on) {
    THIDUA_RETURN_IF_ERROR(check_past_date("ngày họp dự kiến", *s.held_on, "9999-12-31"));
    THIDUA_RETURN_IF_ERROR(check_session_date("ngày họp dự kiến", s.year, s.quarter, *s.held_on));
  }
  const std::string id = new_row_id();
  Row row{{"id", id},
          {"year", static_cast<std::int64_t>(s.year)},
          {"quarter", static_cast<std::int64_t>(s.quarter)},
          {"title", s.title},
          {"place", s.place},
          {"status", std::string("planned")}};
  if (s.held_on) row["held_on"] = *s.held_on;
  Status written = store.transaction([&] { return store.write("council_sessions", row); });
  if (!written) return written;
  return id;
}

Status hold_council_session(Store& store, const std::string& id, const std::string& held_on,
                            const std::string& today) {
  THIDUA_RETURN_IF_ERROR(require_province(store, "ghi nhận phiên họp đã họp"));
  THIDUA_RETURN_IF_ERROR(check_past_date("ngày họp", held_on, today));
  return store.transaction([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row current, require_row(store, "council_sessions", id, kWhat));
    if (text_of(current, "status") == "held") {
      return Status::conflict("phiên họp " + id + " đã họp ngày " + text_of(current, "held_on") +
                              "; không ghi nhận lại được");
    }
    THIDUA_RETURN_IF_ERROR(check_session_date("ngày họp", static_cast<int>(int_of(current, "year")),
                                              static_cast<int>(int_of(current, "quarter")),
                                              held_on));
    return store.write("council_sessions",
                       {{"id", id}, {"status", std::string("held")}, {"held_on", held_on}});
  });
}

Result<std::vector<CouncilSession>> list_council_sessions(Store& store, int year) {
  std::vector<CouncilSession> out;
  Status read = store.read_snapshot([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(auto rows, store.rows("council_sessions"));
    std::map<std::string, int> on_agenda;
    if (!rows.empty()) {
      std::vector<std::string> ids;
      for (const Row& r : rows) ids.push_back(text_of(r, "id"));
      THIDUA_ASSIGN_OR_RETURN(auto noms, store.rows_where("nominations", "session_id", ids));
      for (const Row& n : noms) ++on_agenda[text_of(n, "session_id")];
    }
    for (const Row& r : rows) {
      if (year != 0 && int_of(r, "year") != year) continue;
      CouncilSession s;
      s.id = text_of(r, "id");
      s.year = static_cast<int>(int_of(r, "year"));
      s.quarter = static_cast<int>(int_of(r, "quarter"));
      s.title = text_of(r, "title");
      s.place = text_of(r, "place");
      s.held_on = text_of(r, "held_on");
      s.status = text_of(r, "status");
      s.nominations = on_agenda[s.id];
      out.push_back(std::move(s));
    }
    return Status::ok();
  });
  if (!read) return read;
  std::sort(out.begin(), out.end(), [](const CouncilSession& a, const CouncilSession& b) {
    // An unset date sorts after every date of its quarter.
    return std::tuple(a.year, a.quarter, a.held_on.empty(), a.held_on, a.id) <
           std::tuple(b.year, b.quarter, b.held_on.empty(), b.held_on, b.id);
  });
  return out;
}

}  // namespace thidua
