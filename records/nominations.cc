#include "records/nominations.h"

#include "records/internal/checks.h"
#include "records/node.h"

namespace thidua {

using namespace records_internal;

Result<std::string> nominate(Store& store, const NewNomination& n) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  THIDUA_RETURN_IF_ERROR(check_text("tên người hoặc tập thể được đề nghị", n.nominee, true));
  THIDUA_RETURN_IF_ERROR(check_one_of("loại đối tượng", n.nominee_kind, kNomineeKinds));
  THIDUA_RETURN_IF_ERROR(check_text("hình thức khen thưởng", n.award, true));
  THIDUA_RETURN_IF_ERROR(check_text("thành tích", n.achievement_md, true));

  const std::string id = random_id();
  Status written = store.transaction([&]() -> Status {
    THIDUA_RETURN_IF_ERROR(require_unit(store, node.unit_id));
    return store.write("nominations", {{"id", id},
                                       {"unit_id", node.unit_id},
                                       {"nominee", n.nominee},
                                       {"nominee_kind", n.nominee_kind},
                                       {"award", n.award},
                                       {"achievement_md", n.achievement_md},
                                       {"status", std::string("submitted")}});
  });
  if (!written.is_ok()) return written;
  return id;
}

}  // namespace thidua
