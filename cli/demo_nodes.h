// The machines of `thidua demo` and how the demo syncs them: shared by its
// steps (cli/demo_sync.cc, cli/demo_work.cc, cli/demo_cycle.cc).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"
#include "sync/client/client.h"

namespace thidua::cli {

struct DemoNode {
  std::string unit, role, label;
  std::string token;
  std::unique_ptr<Store> store;
  bool flaky = false;
};

// Where each demo machine sits in the list demo_nodes() returns.
enum DemoMachine : std::size_t {
  kProvince = 0,  // Ban TĐKT: reviews, the council's secretariat; reports its own tasks
  kDongVan = 1,   // the three districts: stories and nominations
  kMeoVac = 2,    // behind the link that drops
  kYenMinh = 3,
  kUbndTinh = 4,    // the provincial People's Committee: reports the tasks the plan names it for
  kDoanhNghiep = 5  // the provincial business association: likewise
};

// The demo's machines, in DemoMachine order.
std::vector<DemoNode> demo_nodes();

// `s` padded with spaces to `width` characters (not bytes: Vietnamese
// letters take two or three bytes each).
std::string pad(const std::string& s, std::size_t width);

// One line: who synced, and what moved.
void print_row(const std::string& who, const SyncReport& r);

// Syncs until it succeeds (at most `tries` times): a dropping link may need
// a few tries, as a clerk pressing "sync" again would.
Result<SyncReport> sync_until_done(Store& store, int tries = 8);

// Syncs nodes[from..] one after the other, printing a row each when asked.
Status sync_nodes(std::vector<DemoNode>& nodes, std::size_t from, bool print);

// The number of stories `s` holds (0 when it cannot count them).
std::int64_t story_count(Store& s);

}  // namespace thidua::cli
