// Sync over TLS: the server with a certificate, nodes that verify it.
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "tests/support/raw_conn.h"
#include "tests/sync/sync_fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// A self-signed certificate for 127.0.0.1 (its own trust anchor), as the
// province's own certificate authority would issue one; PEM files.
void make_certificate(const std::string& cert_path, const std::string& key_path) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  REQUIRE(key);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  REQUIRE(cert);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  REQUIRE(X509_set_pubkey(cert.get(), key.get()) == 1);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"}, {NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    REQUIRE(ext);
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);
  std::FILE* c = std::fopen(cert_path.c_str(), "w");
  REQUIRE(c);
  PEM_write_X509(c, cert.get());
  std::fclose(c);
  std::FILE* k = std::fopen(key_path.c_str(), "w");
  REQUIRE(k);
  PEM_write_PrivateKey(k, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(k);
}

}  // namespace

TEST_CASE("over TLS a node refuses a server it cannot verify, and syncs with one it can") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  const std::string cert = f.dir.file("tinh.crt"), key = f.dir.file("tinh.key");
  make_certificate(cert, key);
  ServerOptions o;
  o.tls_cert = cert;
  o.tls_key = key;
  f.start(o);
  const std::string url = "https://127.0.0.1:" + std::to_string(f.port());

  // Not trusted: refused at once (no retrying), with what to do about it.
  unsetenv("SSL_CERT_FILE");
  int attempts = 0;
  ClientOptions counting = SyncFixture::fast();
  counting.sleep = [&](int) { ++attempts; };
  auto refused = init_node(f.dir.file("a.db"), url, dv.token, counting);
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().message().find("chứng chỉ TLS") != std::string::npos);
  CHECK(refused.status().message().find("SSL_CERT_FILE") != std::string::npos);
  CHECK(attempts == 0);
  CHECK_FALSE(std::filesystem::exists(f.dir.file("a.db")));  // nothing half made: run it again once trusted

  // The province's certificate trusted on this machine: everything works.
  setenv("SSL_CERT_FILE", cert.c_str(), 1);
  auto inited = init_node(f.dir.file("dv.db"), url, dv.token, SyncFixture::fast());
  REQUIRE_MESSAGE(inited.is_ok(), inited.status().message());
  auto node = Store::open(f.dir.file("dv.db"));
  REQUIRE(node.is_ok());
  CHECK(*(*node)->count("tasks") == 38);
  REQUIRE((*node)->write("progress", progress("2021-q1-01", "dong-van", "done", 100, "Qua TLS")).is_ok());
  auto report = sync_node(**node, SyncFixture::fast());
  REQUIRE_MESSAGE(report.is_ok(), report.status().message());
  CHECK(report->cells_rejected == 0);
  unsetenv("SSL_CERT_FILE");
  auto central = f.central();
  CHECK(cell_of(*central, "progress", "2021-q1-01:dong-van", "note_md") == Value{std::string("Qua TLS")});

  // Plain HTTP to the TLS port gets nowhere.
  auto plain = init_node(f.dir.file("b.db"), "http://127.0.0.1:" + std::to_string(f.port()), dv.token,
                         SyncFixture::fast());
  CHECK_FALSE(plain.is_ok());
}

TEST_CASE("regression (issue 9 row 6): over TLS, stalled handshakes are closed and do not block others") {
  SyncFixture f;
  const std::string cert = f.dir.file("tinh.crt"), key = f.dir.file("tinh.key");
  make_certificate(cert, key);
  ServerOptions o;
  o.tls_cert = cert;
  o.tls_key = key;
  o.header_deadline_s = 10;
  f.start(o);
  // 40 connections from one address that never say a word of TLS: past the
  // per-address cap (32) closed at once, the rest by the handshake deadline.
  std::vector<RawConn> stalled;
  for (int i = 0; i < 40; ++i) {
    stalled.emplace_back("127.0.0.2", f.port());
    REQUIRE(stalled.back().ok());
  }
  httplib::SSLClient c("127.0.0.1", f.port());
  c.enable_server_certificate_verification(false);
  c.set_connection_timeout(15, 0);
  auto start = std::chrono::steady_clock::now();
  auto res = c.Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  // Blocked, it would wait for the deadline (10 s) to free a place; the
  // margin is for a TSan build on a slow machine.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(8));
  int closed = 0;
  for (auto& s : stalled) closed += s.closed_within(13000);
  CHECK(closed == 40);
}
