// The web app's password on a node (NodeStore::*ui_password*): kept as a
// hash, node-local (never exported, captured or fed to a peer), refused on
// the central database, upgraded to the current limits at a good login.
#include "common/password.h"
#include "store/node_store.h"
#include "tests/store/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// A district node's file with its configuration and some reference data.
std::unique_ptr<Store> node_db(StoreFixture& f, const std::string& name = "node.db") {
  auto s = f.open(name);
  seed_reference(*s);
  REQUIRE(NodeStore(*s)
              .set_node_config({"dong-van", "district", "http://127.0.0.1:1", std::string(64, 'a'),
                                std::nullopt, std::nullopt})
              .is_ok());
  return s;
}

// Made by libsodium with the smallest limits (1 pass, 8 KiB): a hash from
// an older, cheaper setting.
const std::string kOldHash =
    "$argon2id$v=19$m=8,t=1,p=1$neKyPmeivsNPR/HbzqBVWw$ZgY3E2FDG1CqpDodyY91H0OrLrfGvat9r07jJj9/Z2k";
const std::string kOldPassword = "mật khẩu cũ của máy";

}  // namespace

TEST_CASE("a node has no web app password until one is set; set, checked, cleared") {
  StoreFixture f;
  auto s = node_db(f);
  NodeStore node(*s);
  CHECK_FALSE(node.ui_password_hash()->has_value());
  CHECK_FALSE(*node.verify_ui_password("mật khẩu văn phòng"));
  CHECK(node.clear_ui_password().is_ok());  // nothing to clear: fine

  auto hash = hash_password("mật khẩu văn phòng");
  REQUIRE(hash.is_ok());
  REQUIRE(node.set_ui_password_hash(*hash).is_ok());
  CHECK(*node.ui_password_hash() == std::optional<std::string>(*hash));
  CHECK(*node.verify_ui_password("mật khẩu văn phòng"));
  CHECK_FALSE(*node.verify_ui_password("mật khẩu văn phòng "));
  CHECK_FALSE(*node.verify_ui_password(""));

  s.reset();  // kept in the file
  s = f.open("node.db");
  NodeStore again(*s);
  CHECK(*again.verify_ui_password("mật khẩu văn phòng"));
  REQUIRE(again.clear_ui_password().is_ok());
  CHECK_FALSE(again.ui_password_hash()->has_value());
  CHECK_FALSE(*again.verify_ui_password("mật khẩu văn phòng"));
}

TEST_CASE("the password hash is node-local: not exported, not captured, not in the feed") {
  StoreFixture f;
  auto s = node_db(f);
  const std::string exported = *s->export_json();
  const std::int64_t outbox = outbox_size(*s);
  const std::int64_t feed = *s->feed_head();
  const auto hash = *hash_password("mật khẩu văn phòng");
  REQUIRE(NodeStore(*s).set_ui_password_hash(hash).is_ok());
  CHECK(*s->export_json() == exported);
  CHECK(outbox_size(*s) == outbox);
  CHECK(*s->feed_head() == feed);
  CHECK(exported.find("argon2") == std::string::npos);
}

TEST_CASE("only an Argon2id string is kept, and only on a node's database") {
  StoreFixture f;
  auto s = node_db(f);
  NodeStore node(*s);
  for (const std::string& not_a_hash :
       {std::string("mật khẩu văn phòng"), std::string(), std::string("$argon2i$x")}) {
    auto st = node.set_ui_password_hash(not_a_hash);
    CHECK(st.code() == Status::Code::kInvalid);
  }
  CHECK_FALSE(node.ui_password_hash()->has_value());

  auto central = f.open("central.db");  // no `node init`: no sync_node row
  auto refused = NodeStore(*central).set_ui_password_hash(*hash_password("mật khẩu văn phòng"));
  CHECK(refused.code() == Status::Code::kInvalid);
  CHECK(refused.message().find("chưa là một nút") != std::string::npos);
  CHECK_FALSE(NodeStore(*central).ui_password_hash()->has_value());
}

TEST_CASE(
    "a good login against a hash with older limits stores a current one; a wrong one changes "
    "nothing") {
  StoreFixture f;
  auto s = node_db(f);
  NodeStore node(*s);
  REQUIRE(node.set_ui_password_hash(kOldHash).is_ok());
  CHECK_FALSE(*node.verify_ui_password("mật khẩu mới của máy"));
  CHECK(**node.ui_password_hash() == kOldHash);
  CHECK(*node.verify_ui_password(kOldPassword));
  const std::string now = **node.ui_password_hash();
  CHECK(now.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0) == 0);
  CHECK(check_password(now, kOldPassword) == PasswordCheck::kRight);
  CHECK(*node.verify_ui_password(kOldPassword));
}

TEST_CASE("a read-only open checks the password and writes nothing") {
  StoreFixture f;
  {
    auto s = node_db(f);
    REQUIRE(NodeStore(*s).set_ui_password_hash(kOldHash).is_ok());
    REQUIRE(s->checkpoint().is_ok());
  }
  OpenOptions o;
  o.create = false;
  o.read_only = true;
  auto ro = Store::open(f.dir.file("node.db"), o);
  REQUIRE_MESSAGE(ro.is_ok(), ro.status().message());
  NodeStore node(**ro);
  CHECK(*node.verify_ui_password(kOldPassword));
  CHECK(**node.ui_password_hash() == kOldHash);  // not upgraded: read-only
  StoreFixture empty;
  {
    auto s = node_db(empty);
    REQUIRE(s->checkpoint().is_ok());
  }
  auto ro_none = Store::open(empty.dir.file("node.db"), o);  // the table was never made
  REQUIRE(ro_none.is_ok());
  CHECK_FALSE(NodeStore(**ro_none).ui_password_hash()->has_value());
}
