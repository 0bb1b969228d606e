#include "bench/sync_peer.h"

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "netsim/free_port.h"

namespace thidua::bench {

void write_docs(const fs::path& file, const std::vector<StoryRow>& rows) {
  std::ofstream out(file);
  for (const auto& r : rows) {
    nlohmann::json d = {{"_id", r.id},
                        {"unit_id", r.unit_id},
                        {"title", r.title},
                        {"subject", r.subject},
                        {"category", r.category},
                        {"status", r.status},
                        {"created_on", r.created_on},
                        {"body_md", r.body_md}};
    if (!r.published_on.empty()) d["published_on"] = r.published_on;
    out << d.dump() << "\n";
  }
  if (!out) die("cannot write " + file.string());
}

PouchPeer::PouchPeer(std::string pouch_dir, const fs::path& data_dir, std::string adapter)
    : pouch_dir_(std::move(pouch_dir)), adapter_(std::move(adapter)), data_dir_(data_dir) {
  fs::create_directories(data_dir_);
  port_ = check(netsim::free_loopback_port(), "free port");
  server_ = std::make_unique<Child>(
      std::vector<std::string>{"node", "server.js", "--port", std::to_string(port_), "--dir",
                               data_dir_.string()},
      pouch_dir_);
  if (server_->read_line(60) != "ready") die("the PouchDB server did not start");
  proxy_ = check(netsim::Proxy::start("127.0.0.1", port_, {}), "proxy");
}

PouchPeer::~PouchPeer() {
  proxy_.reset();
  server_.reset();
}

Measure PouchPeer::replicate(const std::string& mode, const std::string& db, const fs::path& docs) {
  std::string url = "http://127.0.0.1:" + std::to_string(proxy_->port()) + "/" + db;
  std::vector<std::string> argv{"node", "client.js", "--url",  url,     "--mode",
                                mode,   "--adapter", adapter_, "--dir", data_dir_.string()};
  if (!docs.empty()) argv.insert(argv.end(), {"--docs", docs.string()});
  Child client(argv, pouch_dir_);
  if (client.read_line() != "ready") die("the PouchDB client did not get ready");
  proxy_->reset_stats();
  client.write_line("go");
  auto result = nlohmann::json::parse(client.read_line(), nullptr, false);
  if (result.is_discarded() || client.wait() != 0)
    die("the PouchDB client failed (" + mode + " " + db + ")");
  // The proxy counts a byte just after its write returns: let it settle.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto s = proxy_->stats();
  Measure m;
  m.seconds = result.value("seconds", 0.0);
  m.requests = result.value("requests", 0);
  (mode == "push" ? m.pushed : m.pulled) = result.value("docs", 0);
  m.up = s.bytes_up;
  m.down = s.bytes_down;
  return m;
}

void PouchPeer::seed(const std::string& db, const fs::path& docs) {
  std::string url = "http://127.0.0.1:" + std::to_string(port_) + "/" + db;
  Child client({"node", "client.js", "--url", url, "--mode", "seed", "--docs", docs.string()},
               pouch_dir_);
  if (client.wait() != 0) die("the PouchDB seed of " + db + " failed");
}

}  // namespace thidua::bench
