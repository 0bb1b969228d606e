// Who a node database acts as. Ids of the rows it creates are new_row_id()
// (common/hex.h); today's date is vietnam_today() (common/vietnam_time.h).
#pragma once

#include <string>

#include "common/hex.h"
#include "common/status.h"
#include "store/store.h"

namespace thidua {

// The unit and role that `thidua node init` recorded in this database.
struct NodeIdentity {
  std::string node_id;  // Store::node_id()
  std::string unit_id;  // "dong-van"
  std::string role;     // "district" or "province"

  bool is_province() const { return role == "province"; }
};

// This database's node identity. kNotFound, telling the clerk to run
// `thidua node init` first, when the database has no node configuration
// (the central database, or a node not yet set up).
Result<NodeIdentity> node_identity(Store& store);

}  // namespace thidua
