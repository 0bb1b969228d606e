// The PouchDB peer (bench/pouchdb/server.js and client.js), driven from the
// benchmark so that both run in one process's run, back to back, on the
// same rows, with bytes counted by the same kind of loopback proxy.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bench/sync_child.h"
#include "bench/sync_common.h"

namespace thidua::bench {

// Writes `rows` as PouchDB documents, one JSON object a line (`id` -> `_id`,
// every other column as is; published_on only when set).
void write_docs(const fs::path& file, const std::vector<StoryRow>& rows);

class PouchPeer {
 public:
  // Starts `node server.js` from `pouch_dir` (which holds node_modules) on a
  // free loopback port, its databases in `data_dir`, and a proxy before it.
  PouchPeer(std::string pouch_dir, const fs::path& data_dir, std::string adapter);
  ~PouchPeer();

  // `node client.js --mode push|pull`: one replication of database `db`
  // (push: of the documents in `docs`), timed by the client; bytes at the proxy.
  Measure replicate(const std::string& mode, const std::string& db, const fs::path& docs);
  // Writes `docs` straight into the server's database `db` (not measured).
  void seed(const std::string& db, const fs::path& docs);
  const std::string& adapter() const { return adapter_; }

 private:
  std::string pouch_dir_, adapter_;
  fs::path data_dir_;
  int port_ = 0;
  std::unique_ptr<Child> server_;
  std::unique_ptr<netsim::Proxy> proxy_;
};

}  // namespace thidua::bench
