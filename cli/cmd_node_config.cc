// `thidua node set-server` and `thidua node set-token`: re-point an existing
// node copy at a new server address or give it a new token (after the old
// one was revoked) without `node init`, which would start an empty copy and
// strand the work still waiting to be sent (issue 11). Only the sync_node
// row changes: the outbox, photos waiting to upload and open conflicts stay
// as they are and go out at the next `node sync`.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <iostream>

#include "cli/db_option.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "store/node_store.h"

namespace thidua::cli {
namespace {

struct SetOptions {
  std::string db, value;
};

// The length of a token as `thidua server add-node` prints it (32 random
// bytes in hex).
constexpr std::size_t kTokenChars = 64;

std::string trimmed(const std::string& s) {
  auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
}

// `url` as the client will use it: http:// or https://, a host name or IP
// address, an optional port 1–65535 and nothing after it but one "/"
// (dropped: the client's requests fail with it). Surrounding spaces are
// dropped too. kInvalid saying what is wrong and what a good one looks like.
Result<std::string> checked_url(const std::string& given) {
  const std::string url = trimmed(given);
  const std::string example = " (ví dụ http://192.0.2.10:8787)";
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
  } else {
    return Status::invalid("địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://" + example +
                           ": " + given);
  }
  // One trailing "/" is what a browser shows; the client adds its own paths.
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.find_first_of("/?#@ ") != std::string::npos) {
    return Status::invalid(
        "địa chỉ máy chủ chỉ gồm http(s)://, tên máy và cổng, không có đường dẫn hay ký tự lạ" +
        example + ": " + given);
  }
  std::string host = rest, port;
  if (auto colon = rest.rfind(':'); colon != std::string::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    const bool digits =
        !port.empty() && port.size() <= 5 &&
        std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoi(port) < 1 || std::stoi(port) > 65535) {
      return Status::invalid("cổng của địa chỉ máy chủ phải là một số từ 1 đến 65535" + example +
                             ": " + given);
    }
  }
  if (host.empty() || !std::all_of(host.begin(), host.end(), is_host_char)) {
    return Status::invalid(
        "địa chỉ máy chủ thiếu tên máy hoặc có ký tự lạ (dấu cách, đường dẫn...)" + example + ": " +
        given);
  }
  return url.substr(0, url.size() - (url.back() == '/' ? 1 : 0));
}

// A token as add-node prints it: 64 characters 0–9, a–f. Upper-case letters
// (copied by hand) are taken as the same token.
Result<std::string> checked_token(const std::string& given) {
  std::string token = trimmed(given);
  std::transform(token.begin(), token.end(), token.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool hex = std::all_of(token.begin(), token.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  if (!hex) {
    return Status::invalid(
        "mã truy cập chỉ gồm chữ số 0–9 và chữ a–f; hãy chép lại đúng mã người quản trị cấp");
  }
  if (token.size() != kTokenChars) {
    return Status::invalid("mã truy cập phải có đúng " + std::to_string(kTokenChars) +
                           " ký tự, mã đã nhập có " + std::to_string(token.size()) +
                           "; hãy chép lại đúng mã người quản trị cấp");
  }
  return token;
}

// Applies `change` to the node's configuration and keeps the rest.
template <typename Change>
int update_config(const std::string& db, Change change, const std::string& done) {
  auto store = open_node_db(db);
  if (!store) return fail_open_db(store.status());
  NodeStore node(**store);
  Status st = (*store)->transaction([&]() -> Status {
    auto config = node.node_config();
    if (!config) return config.status();
    if (!*config)
      return Status::invalid("cơ sở dữ liệu này chưa là một nút; hãy chạy thidua node init trước");
    NodeConfig next = **config;
    THIDUA_RETURN_IF_ERROR(change(node, next));
    return node.set_node_config(next);
  });
  if (!st.is_ok()) return fail("không đổi được cấu hình nút " + db, st);
  auto pending = (*store)->outbox();
  std::cout << done;
  if (pending)
    std::cout << " Vẫn giữ " << pending->size()
              << " thay đổi chờ gửi; chúng sẽ được gửi ở lần thidua node sync tới.";
  std::cout << "\n";
  return 0;
}

int run_set_server(const SetOptions& o) {
  auto url = checked_url(o.value);
  if (!url) return fail("không đổi được địa chỉ máy chủ", url.status());
  return update_config(
      o.db,
      [&](NodeStore&, NodeConfig& c) {
        c.server_url = *url;
        return Status::ok();
      },
      "Đã đổi địa chỉ máy chủ của nút " + o.db + " thành " + *url + ".");
}

int run_set_token(const SetOptions& o) {
  auto token = checked_token(o.value);
  if (!token) return fail("không đổi được mã truy cập", token.status());
  return update_config(
      o.db,
      [&](NodeStore& node, NodeConfig& c) -> Status {
        // A new token is a new node on the server, which has no lineage for
        // this copy yet: the one bound to the old token would be refused as
        // a copied file. The guard still holds: a token another machine has
        // already synced with refuses this copy's empty lineage.
        if (c.token != *token) THIDUA_RETURN_IF_ERROR(node.set_node_lineage(""));
        c.token = *token;
        return Status::ok();
      },
      "Đã đổi mã truy cập của nút " + o.db + ".");
}

}  // namespace

void add_node_config_commands(CLI::App& node, Action* action) {
  auto server = std::make_shared<SetOptions>();
  auto* s = node.add_subcommand("set-server",
                                "Đổi địa chỉ máy chủ của máy này, giữ nguyên mọi thay đổi chờ gửi");
  add_db_option(*s, server->db, "Cơ sở dữ liệu của nút");
  s->add_option("--url", server->value, "Địa chỉ máy chủ mới, ví dụ http://192.0.2.10:8787")
      ->required();
  s->callback([server, action] { *action = [server] { return run_set_server(*server); }; });

  auto token = std::make_shared<SetOptions>();
  auto* t = node.add_subcommand(
      "set-token", "Đổi mã truy cập (khi mã cũ bị thu hồi), giữ nguyên mọi thay đổi chờ gửi");
  add_db_option(*t, token->db, "Cơ sở dữ liệu của nút");
  t->add_option("--token", token->value,
                "Mã truy cập mới do người quản trị cấp (thidua server add-node)")
      ->required();
  t->callback([token, action] { *action = [token] { return run_set_token(*token); }; });
}

}  // namespace thidua::cli
