#include "records/council_agenda.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "records/internal/checks.h"

namespace thidua {

using namespace records_internal;

Result<std::vector<AgendaNomination>> council_agenda(Store& store) {
  THIDUA_RETURN_IF_ERROR(require_province(store, "xem chương trình họp hội đồng"));
  std::vector<AgendaNomination> out;
  Status read = store.read_snapshot([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(auto noms, store.rows("nominations"));
    THIDUA_ASSIGN_OR_RETURN(auto units, store.rows("units"));
    std::map<std::string, std::string> unit_names;
    for (const Row& u : units) unit_names[text_of(u, "id")] = text_of(u, "name");
    for (const Row& r : noms) {
      AgendaNomination n;
      n.status = text_of(r, "status");
      n.session_id = text_of(r, "session_id");
      if (n.status != "appraised" && n.session_id.empty()) continue;
      n.id = text_of(r, "id");
      n.nominee = text_of(r, "nominee");
      n.nominee_kind = text_of(r, "nominee_kind");
      n.unit_id = text_of(r, "unit_id");
      auto name = unit_names.find(n.unit_id);
      n.unit_name = name == unit_names.end() || name->second.empty() ? n.unit_id : name->second;
      n.award_kind = text_of(r, "award_kind");
      n.award = text_of(r, "award");
      out.push_back(std::move(n));
    }
    return Status::ok();
  });
  if (!read.is_ok()) return read;
  std::sort(out.begin(), out.end(), [](const AgendaNomination& a, const AgendaNomination& b) {
    return std::tie(a.nominee, a.id) < std::tie(b.nominee, b.id);
  });
  return out;
}

}  // namespace thidua
