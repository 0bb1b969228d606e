// The one-pass request and answer decoders (sync/protocol/internal/
// json_scan.h) against the nlohmann ones they stand in front of: on every
// body, generated or mutated, what the scan accepts decodes exactly as the
// tree decodes it, and what the tree refuses, decode_sync_request (or
// decode_sync_response) refuses with the tree's words. Past 400 lines: the
// generator, the respeller and the mutator serve this one property and
// nothing else, so they stay beside it.
#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "sync/protocol/internal/json_scan.h"
#include "sync/protocol/protocol.h"

using namespace thidua;
using thidua::protocol_internal::decode_sync_request_dom;
using thidua::protocol_internal::decode_sync_response_dom;
using thidua::protocol_internal::encode_sync_response_dom;
using thidua::protocol_internal::scan_sync_request;
using thidua::protocol_internal::scan_sync_response;

namespace {

// Doubles compared bit for bit: 0.0 and -0.0 are different answers.
bool same_value(const Value& a, const Value& b) {
  const auto* x = std::get_if<double>(&a);
  const auto* y = std::get_if<double>(&b);
  if (x && y) return std::memcmp(x, y, sizeof *x) == 0;
  return a == b;
}

bool same_request(const SyncRequest& a, const SyncRequest& b) {
  if (a.protocol != b.protocol || a.schema != b.schema || a.cursor != b.cursor ||
      a.limit != b.limit || a.lineage != b.lineage || a.attempt != b.attempt || a.own != b.own ||
      a.generation != b.generation || a.cells.size() != b.cells.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    const RemoteCell& x = a.cells[i];
    const RemoteCell& y = b.cells[i];
    if (x.table != y.table || x.pk != y.pk || x.column != y.column ||
        !same_value(x.value, y.value) || x.hlc != y.hlc || x.base != y.base || x.node != y.node) {
      return false;
    }
  }
  return true;
}

// Checks one body; true when the scan took it.
bool check_body(const std::string& body) {
  CAPTURE(body);
  auto dom = decode_sync_request_dom(body);
  auto scanned = scan_sync_request(body);
  auto answer = decode_sync_request(body);
  if (scanned) {
    REQUIRE(dom.is_ok());
    CHECK(same_request(*scanned, *dom));
  }
  if (dom.is_ok()) {
    REQUIRE(answer.is_ok());
    CHECK(same_request(*answer, *dom));
  } else {
    REQUIRE_FALSE(answer.is_ok());
    CHECK(answer.status().message() == dom.status().message());
  }
  return scanned.has_value();
}

bool same_response(const SyncResponse& a, const SyncResponse& b) {
  if (a.server_time_ms != b.server_time_ms || a.cursor != b.cursor || a.more != b.more ||
      a.lineage != b.lineage || a.generation != b.generation || a.site != b.site ||
      a.retracted != b.retracted || a.rejected.size() != b.rejected.size() ||
      a.cells.size() != b.cells.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.rejected.size(); ++i) {
    if (a.rejected[i].index != b.rejected[i].index || a.rejected[i].reason != b.rejected[i].reason)
      return false;
  }
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    const RemoteCell& x = a.cells[i];
    const RemoteCell& y = b.cells[i];
    if (x.table != y.table || x.pk != y.pk || x.column != y.column ||
        !same_value(x.value, y.value) || x.hlc != y.hlc || x.base != y.base || x.node != y.node) {
      return false;
    }
  }
  return true;
}

// The answer's check_body.
bool check_answer(const std::string& body) {
  CAPTURE(body);
  auto dom = decode_sync_response_dom(body);
  auto scanned = scan_sync_response(body);
  auto answer = decode_sync_response(body);
  if (scanned) {
    REQUIRE(dom.is_ok());
    CHECK(same_response(*scanned, *dom));
  }
  if (dom.is_ok()) {
    REQUIRE(answer.is_ok());
    CHECK(same_response(*answer, *dom));
  } else {
    REQUIRE_FALSE(answer.is_ok());
    CHECK(answer.status().message() == dom.status().message());
  }
  return scanned.has_value();
}

class Gen {
 public:
  explicit Gen(std::uint64_t seed) : rng_(seed) {}

  std::uint64_t below(std::uint64_t n) { return rng_() % n; }
  bool one_in(std::uint64_t n) { return below(n) == 0; }

  std::string text(std::size_t max_chars) {
    static const char* const kPieces[] = {
        "a",  "Z",  "0",  " ", "-",    ":",    "\"",   "\\", "/",        "\n", "\t",
        "\r", "\b", "\f", "",  "\x01", "\x1f", "\x7f", "ệ",  "Đồng Văn", "ữ",  "€",
        "𝄞",  "😀",  "{",  "[", ",",    "]",    "}",    "e",  "u"};
    std::string s;
    std::size_t n = below(max_chars + 1);
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t k = below(std::size(kPieces));
      if (k == 14) {
        s.push_back('\0');
      } else {
        s += kPieces[k];
      }
    }
    return s;
  }

  Value value() {
    switch (below(6)) {
      case 0:
        return Value{};
      case 1:
        return Value{static_cast<std::int64_t>(rng_())};
      case 2:
        return Value{static_cast<std::int64_t>(below(200)) - 100};
      case 3: {
        double d = 0;
        std::uint64_t bits = rng_();
        std::memcpy(&d, &bits, sizeof d);
        if (!std::isfinite(d)) d = static_cast<double>(below(1000)) / 8;
        return Value{d};
      }
      default:
        return Value{text(12)};
    }
  }

  SyncRequest request() {
    SyncRequest r;
    r.protocol = static_cast<int>(below(3));
    r.schema = one_in(4) ? 2147483647 : static_cast<int>(below(10));
    r.cursor =
        one_in(4) ? static_cast<std::int64_t>(rng_() >> 1) : static_cast<std::int64_t>(below(1000));
    r.limit = one_in(2) ? 0 : static_cast<int>(below(1'000'001));
    r.lineage = one_in(2) ? "" : text(16);
    r.attempt = one_in(2) ? "" : text(16);
    if (r.lineage.size() > 64) r.lineage.resize(0);
    if (r.attempt.size() > 64) r.attempt.resize(0);
    r.own = one_in(3);
    r.generation = one_in(2) ? 0 : static_cast<std::int64_t>(rng_() >> 1);
    std::size_t cells = one_in(5) ? 0 : below(8);
    for (std::size_t i = 0; i < cells; ++i) {
      RemoteCell c;
      c.table = one_in(2) ? "progress" : text(6);
      c.pk = text(20);
      c.column = text(6);
      c.value = value();
      c.hlc = one_in(8) ? (rng_() >> 1) : 1'795'485'895'841'000 + below(1000);
      if (one_in(2)) c.base = one_in(8) ? (rng_() >> 1) : below(1'000'000);
      r.cells.push_back(std::move(c));
    }
    return r;
  }

  SyncResponse response() {
    SyncResponse r;
    r.server_time_ms = one_in(4) ? static_cast<std::int64_t>(rng_() >> 1) : 1'795'485'895'841;
    r.cursor =
        one_in(4) ? static_cast<std::int64_t>(rng_() >> 1) : static_cast<std::int64_t>(below(1000));
    r.more = one_in(2);
    r.lineage = one_in(2) ? "" : text(16);
    if (r.lineage.size() > 64) r.lineage.resize(0);
    r.generation = one_in(2) ? 0 : static_cast<std::int64_t>(rng_() >> 1);
    if (one_in(3)) {
      SiteStatus site;
      if (one_in(2)) site.built_at_ms = static_cast<std::int64_t>(rng_() >> 1);
      if (one_in(2)) site.failed_at_ms = static_cast<std::int64_t>(below(1'000'000));
      if (one_in(2)) site.error = text(20);
      r.site = site;
    }
    for (std::size_t i = one_in(2) ? 0 : below(4); i > 0; --i)
      r.rejected.push_back({one_in(8) ? static_cast<std::size_t>(rng_() >> 1) : below(100), text(20)});
    std::vector<std::string> nodes;
    for (std::size_t i = 1 + below(3); i > 0; --i) nodes.push_back(text(10));
    for (std::size_t i = one_in(5) ? 0 : below(8); i > 0; --i) {
      RemoteCell c;
      c.table = one_in(2) ? "progress" : text(6);
      c.pk = text(20);
      c.column = text(6);
      c.value = value();
      c.hlc = one_in(8) ? (rng_() >> 1) : 1'795'485'895'841'000 + below(1000);
      c.node = nodes[below(nodes.size())];
      r.cells.push_back(std::move(c));
    }
    for (std::size_t i = one_in(2) ? 0 : below(4); i > 0; --i)
      r.retracted.emplace_back("stories", text(20));
    return r;
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

// The same request written another way: members in a random order, spaces
// anywhere JSON allows, \u escapes (surrogate pairs too) and "\/", fractions
// in another spelling. Strings must be valid UTF-8.
class Rewriter {
 public:
  explicit Rewriter(Gen& gen) : gen_(gen) {}

  std::string request(const SyncRequest& r) {
    std::vector<std::string> members;
    members.push_back(name("protocol") + std::to_string(r.protocol));
    members.push_back(name("schema") + std::to_string(r.schema));
    if (gen_.one_in(2) || r.cursor != 0)
      members.push_back(name("cursor") + std::to_string(r.cursor));
    if (r.limit != 0) members.push_back(name("limit") + std::to_string(r.limit));
    if (r.generation != 0) members.push_back(name("generation") + std::to_string(r.generation));
    if (!r.lineage.empty()) members.push_back(name("lineage") + text(r.lineage));
    if (!r.attempt.empty()) members.push_back(name("attempt") + text(r.attempt));
    if (r.own || gen_.one_in(3)) members.push_back(name("own") + (r.own ? "true" : "false"));
    if (!r.cells.empty() || gen_.one_in(3)) members.push_back(name("cells") + cells(r.cells));
    std::shuffle(members.begin(), members.end(), gen_.rng());
    std::string out = space() + "{";
    for (std::size_t i = 0; i < members.size(); ++i)
      out += (i > 0 ? "," : "") + space() + members[i] + space();
    return out + "}" + space();
  }

  // Node ids in a shuffled list, each cell pointing at its own.
  std::string response(const SyncResponse& r) {
    std::vector<std::string> members;
    members.push_back(name("time") + std::to_string(r.server_time_ms));
    members.push_back(name("cursor") + std::to_string(r.cursor));
    members.push_back(name("more") + (r.more ? "true" : "false"));
    if (r.generation != 0 || gen_.one_in(4))
      members.push_back(name("generation") + std::to_string(r.generation));
    if (!r.lineage.empty()) members.push_back(name("lineage") + text(r.lineage));
    if (r.site) members.push_back(name("site") + site(*r.site));
    if (!r.rejected.empty() || gen_.one_in(4)) {
      std::string out = "[";
      for (std::size_t i = 0; i < r.rejected.size(); ++i)
        out += (i > 0 ? "," : "") + space() + "[" + std::to_string(r.rejected[i].index) + space() +
               "," + text(r.rejected[i].reason) + "]";
      members.push_back(name("rejected") + out + space() + "]");
    }
    if (!r.retracted.empty() || gen_.one_in(4)) {
      std::string out = "[";
      for (std::size_t i = 0; i < r.retracted.size(); ++i)
        out += (i > 0 ? "," : "") + space() + "[" + text(r.retracted[i].first) + "," + space() +
               text(r.retracted[i].second) + "]";
      members.push_back(name("retracted") + out + space() + "]");
    }
    std::vector<std::string> nodes;
    for (const auto& c : r.cells)
      if (std::find(nodes.begin(), nodes.end(), c.node) == nodes.end()) nodes.push_back(c.node);
    if (gen_.one_in(3)) nodes.push_back("unused");
    std::shuffle(nodes.begin(), nodes.end(), gen_.rng());
    if (!nodes.empty() || gen_.one_in(4)) {
      std::string out = "[";
      for (std::size_t i = 0; i < nodes.size(); ++i) out += (i > 0 ? "," : "") + space() + text(nodes[i]);
      members.push_back(name("nodes") + out + space() + "]");
    }
    if (!r.cells.empty() || gen_.one_in(4)) {
      std::string out = "[";
      for (std::size_t i = 0; i < r.cells.size(); ++i) {
        const RemoteCell& c = r.cells[i];
        auto node = std::find(nodes.begin(), nodes.end(), c.node) - nodes.begin();
        out += (i > 0 ? "," : "") + space() + "[" + space() + text(c.table) + "," + text(c.pk) +
               space() + "," + text(c.column) + "," + space() + value(c.value) + "," +
               std::to_string(c.hlc) + space() + "," + std::to_string(node) + space() + "]";
      }
      members.push_back(name("cells") + out + space() + "]");
    }
    std::shuffle(members.begin(), members.end(), gen_.rng());
    std::string out = space() + "{";
    for (std::size_t i = 0; i < members.size(); ++i)
      out += (i > 0 ? "," : "") + space() + members[i] + space();
    return out + "}" + space();
  }

 private:
  std::string site(const SiteStatus& site) {
    std::vector<std::string> members;
    if (site.built_at_ms != 0 || gen_.one_in(3))
      members.push_back(name("built") + std::to_string(site.built_at_ms));
    if (site.failed_at_ms != 0 || gen_.one_in(3))
      members.push_back(name("failed") + std::to_string(site.failed_at_ms));
    if (!site.error.empty()) members.push_back(name("error") + text(site.error));
    std::shuffle(members.begin(), members.end(), gen_.rng());
    std::string out = "{" + space();
    for (std::size_t i = 0; i < members.size(); ++i)
      out += (i > 0 ? "," : "") + space() + members[i];
    return out + space() + "}";
  }

  std::string space() {
    static const char* const kSpaces[] = {"", "", "", "", " ", "\n", "\t ", "\r\n  "};
    return kSpaces[gen_.below(std::size(kSpaces))];
  }
  std::string name(const char* key) {
    return "\"" + std::string(key) + "\"" + space() + ":" + space();
  }

  std::string cells(const std::vector<RemoteCell>& cells) {
    std::string out = "[";
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const RemoteCell& c = cells[i];
      out += (i > 0 ? "," : "") + space() + "[" + space() + text(c.table) + "," + text(c.pk) +
             space() + "," + text(c.column) + "," + space() + value(c.value) + "," +
             std::to_string(c.hlc) + space() + "," + (c.base ? std::to_string(*c.base) : "null") +
             space() + "]";
    }
    return out + space() + "]";
  }

  std::string value(const Value& v) {
    if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    if (const auto* s = std::get_if<std::string>(&v)) return text(*s);
    if (const auto* d = std::get_if<double>(&v)) {
      char buf[64];
      std::string shown;
      if (gen_.one_in(2)) {
        shown.assign(buf, std::to_chars(buf, buf + sizeof buf, *d).ptr);
      } else {
        shown.assign(
            buf, std::to_chars(buf, buf + sizeof buf, *d, std::chars_format::scientific, 17).ptr);
      }
      if (shown.find_first_of(".eE") == std::string::npos) shown += gen_.one_in(2) ? ".0" : "e0";
      return shown;
    }
    return "null";
  }

  void hex4(std::string* out, std::uint32_t v) {
    const char* digits = gen_.one_in(2) ? "0123456789abcdef" : "0123456789ABCDEF";
    *out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out->push_back(digits[(v >> shift) & 0xF]);
  }

  std::string text(const std::string& s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      std::uint32_t cp = len == 1 ? c : c & (0x7F >> len);
      for (std::size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      const bool must = c < 0x20 || c == '"' || c == '\\';
      if (must && gen_.one_in(2) && std::strchr("\"\\\b\f\n\r\t", c) != nullptr && c != 0) {
        static const std::string kShort = "\"\\\b\f\n\r\t";
        out += '\\';
        out += "\"\\bfnrt"[kShort.find(static_cast<char>(c))];
      } else if (must || gen_.one_in(6)) {
        if (cp >= 0x10000) {
          hex4(&out, 0xD800 + ((cp - 0x10000) >> 10));
          hex4(&out, 0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
          hex4(&out, cp);
        }
      } else if (c == '/' && gen_.one_in(2)) {
        out += "\\/";
      } else {
        out.append(s, i, len);
      }
      i += len;
    }
    return out + "\"";
  }

  Gen& gen_;
};

// Members put in front of an answer's first one: twice, bent or unknown.
const char* const kAnswerDuplicates[] = {"\"time\":1,",
                                         "\"cursor\":5,",
                                         "\"more\":false,",
                                         "\"more\":0,",
                                         "\"cells\":[],",
                                         "\"nodes\":[],",
                                         "\"nodes\":[\"n\"],",
                                         "\"site\":{},",
                                         "\"site\":{\"built\":1,\"built\":2},",
                                         "\"site\":{\"later\":1},",
                                         "\"site\":[],",
                                         "\"rejected\":[[1,\"x\",2]],",
                                         "\"rejected\":[[-1,\"x\"]],",
                                         "\"retracted\":[[\"units\",\"x\"]],",
                                         "\"retracted\":[[\"st\\u006fries\",\"x\"]],",
                                         "\"extra\":[1,{\"a\":2}],",
                                         "\"ti\\u006de\":1,"};

// A body broken or bent the ways a hostile or future client might.
std::string mutate(Gen& gen, std::string body, bool answer = false) {
  static const char* const kNumbers[] = {"-0",
                                         "00",
                                         "01",
                                         "-01",
                                         "1.0",
                                         "1e3",
                                         "1E+2",
                                         "2e-1",
                                         "-1",
                                         "9223372036854775807",
                                         "9223372036854775808",
                                         "18446744073709551615",
                                         "18446744073709551616",
                                         "-9223372036854775808",
                                         "-9223372036854775809",
                                         "99999999999999999999",
                                         "1e400",
                                         "-1e400",
                                         "1e-400",
                                         "4.9e-324",
                                         "2.2250738585072011e-308",
                                         "0.1",
                                         "-0.0",
                                         "1.",
                                         ".5",
                                         "+1",
                                         "1e",
                                         "1e+",
                                         "-",
                                         "123456789012345678901234567890",
                                         "0x10",
                                         "2147483648",
                                         "1000001"};
  static const std::string kTokens[] = {"1",
                                        "null",
                                        "true",
                                        "false",
                                        "[]",
                                        "{}",
                                        "\"\\ud800\"",
                                        "\"\\udc00\\ud800\"",
                                        "\"\\u00e9\"",
                                        "\"\\uD83D\\uDE00\"",
                                        "\"a\\u0000b\"",
                                        "\"\xed\xa0\x80\"",
                                        "\"\xc0\xaf\"",
                                        "\"\xf4\x90\x80\x80\"",
                                        "\"\xe1\xbb\"",
                                        "\"\\x\"",
                                        "\"\\u12\"",
                                        "nul",
                                        "tru",
                                        "[1,2]",
                                        "\"\x7f\"",
                                        "\"\t\"",
                                        "\"" + std::string(65, 'x') + "\"",
                                        "[\"a\",\"b\",\"c\",1,2,null,3]",
                                        "[\"a\",\"b\",\"c\",1,2]"};
  if (body.empty()) return body;
  std::size_t at = gen.below(body.size());
  switch (gen.below(9)) {
    case 0:
      return body.substr(0, at);
    case 1: {
      static const char kBytes[] = "\"{}[],:\\ 0-.eu\xff\xc3\x80\t";
      body[at] =
          gen.one_in(2) ? static_cast<char>(gen.below(256)) : kBytes[gen.below(sizeof kBytes - 1)];
      return body;
    }
    case 2:
      return body.erase(at, gen.below(8) + 1);
    case 3: {
      static const char* const kDuplicates[] = {"\"protocol\":1,",
                                                "\"schema\":3,",
                                                "\"cursor\":5,",
                                                "\"cells\":[],",
                                                "\"own\":false,",
                                                "\"lineage\":\"x\",",
                                                "\"extra\":[1,{\"a\":2}],",
                                                "\"Protocol\":1,",
                                                "\"pro\\u0074ocol\":1,",
                                                "\"own\":1,"};
      auto brace = body.find('{');
      if (brace == std::string::npos) return body;
      if (answer) {
        return body.insert(brace + 1, kAnswerDuplicates[gen.below(std::size(kAnswerDuplicates))]);
      }
      return body.insert(brace + 1, kDuplicates[gen.below(std::size(kDuplicates))]);
    }
    case 4:
    case 5: {  // a number replaced
      auto digit = body.find_first_of("0123456789", at);
      if (digit == std::string::npos) return body;
      auto end = body.find_first_not_of("0123456789.eE+-", digit);
      if (digit > 0 && body[digit - 1] == '-') --digit;
      return body.replace(digit, end - digit, kNumbers[gen.below(std::size(kNumbers))]);
    }
    case 6: {  // a string or value replaced by another token
      auto quote = body.find('"', at);
      if (quote == std::string::npos) return body;
      auto end = body.find('"', quote + 1);
      if (end == std::string::npos) return body;
      return body.replace(quote, end - quote + 1, kTokens[gen.below(std::size(kTokens))]);
    }
    case 7:
      return body.insert(at, kTokens[gen.below(std::size(kTokens))]);
    default:
      return body + (gen.one_in(2) ? " x" : std::string("\0", 1));
  }
}

}  // namespace

TEST_CASE(
    "scan_sync_request: the client's own bodies are all scanned, and decode as the tree decodes "
    "them") {
  Gen gen(20261205);
  for (int i = 0; i < 3000; ++i) {
    SyncRequest r = gen.request();
    CHECK(check_body(encode_sync_request(r)));
  }
}

TEST_CASE(
    "scan_sync_request: the same requests respelled (order, spaces, escapes) decode as the tree "
    "decodes them") {
  Gen gen(7);
  Rewriter rewrite(gen);
  int scanned = 0;
  for (int i = 0; i < 3000; ++i) scanned += check_body(rewrite.request(gen.request())) ? 1 : 0;
  CHECK(scanned == 3000);  // every respelling is plain JSON in range
}

TEST_CASE(
    "scan_sync_request: broken and bent bodies are refused as the tree refuses them, or decode "
    "alike") {
  Gen gen(11);
  Rewriter rewrite(gen);
  int scanned = 0, refused = 0;
  for (int i = 0; i < 12000; ++i) {
    SyncRequest r = gen.request();
    std::string body = gen.one_in(2) ? encode_sync_request(r) : rewrite.request(r);
    int rounds = gen.one_in(3) ? 2 : 1;
    for (int k = 0; k < rounds; ++k) body = mutate(gen, std::move(body));
    scanned += check_body(body) ? 1 : 0;
    refused += decode_sync_request_dom(body).is_ok() ? 0 : 1;
  }
  // Both sides of the line are exercised.
  CHECK(scanned > 800);
  CHECK(refused > 5000);
}

TEST_CASE("scan_sync_request: the edges, one by one") {
  const char* const bodies[] = {
      R"({"protocol":1,"schema":2})",
      R"( {"schema":2 , "protocol":1} )",
      R"({"protocol":1})",
      R"({"protocol":1,"schema":2,"schema":2})",
      R"({"protocol":1,"schema":2,"future":true})",
      R"({"protocol":1,"schema":2,"cursor":-0})",
      R"({"protocol":1,"schema":2,"cursor":0})",
      R"({"protocol":1,"schema":2,"cursor":1.0})",
      R"({"protocol":1,"schema":2,"cursor":1e3})",
      R"({"protocol":1,"schema":2,"cursor":9223372036854775807})",
      R"({"protocol":1,"schema":2,"generation":9223372036854775808})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c",-0,1,null]]})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c",-0.0,1,null]]})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c",1E-2,1,2]]})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c",4.9e-324,1,2]]})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c",1e-400,1,2]]})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c",1e400,1,2]]})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c",-9223372036854775808,9223372036854775807,0]]})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c",-9223372036854775809,1,0]]})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c","\ud83d\ude00\u00e9\/\u0000",1,null]]})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c","\ud83d",1,null]]})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c","x",1,null],]})",
      R"({"protocol":1,"schema":2,"cells":[["a","b","c","x",1]]})",
      R"({"protocol":1,"schema":2,"cells":[]})",
      R"({"protocol":1,"schema":2,"cells":[[]]})",
      R"({"protocol":1,"schema":2,"cells":[[[1]]]})",
      R"({"protocol":1,"schema":2,"own":true,"lineage":"")"
      R"(0123456789012345678901234567890123456789012345678901234567890123"})",
      R"({"protocol":1,"schema":2,"own":true,"lineage":"")"
      R"(01234567890123456789012345678901234567890123456789012345678901234"})",
      "\xef\xbb\xbf{\"protocol\":1,\"schema\":2}",
      "{\"protocol\":1,\"schema\":2,\"attempt\":\"\xc3\xa9\"}",
      "{\"protocol\":1,\"schema\":2,\"attempt\":\"\xc3\"}",
      "{\"protocol\":1,\"schema\":2,\"attempt\":\"\xed\xa0\x80\"}",
      "{\"protocol\":1,\"schema\":2}\0",
  };
  for (const char* body : bodies) check_body(body);
  CHECK(check_body(R"( {"schema":2 , "protocol":1} )"));
  CHECK_FALSE(check_body(R"({"protocol":1,"schema":2,"schema":2})"));
}

TEST_CASE(
    "scan_sync_response: the server's own answers are all scanned, and decode as the tree decodes "
    "them") {
  Gen gen(20261206);
  for (int i = 0; i < 3000; ++i) CHECK(check_answer(encode_sync_response(gen.response())));
}

TEST_CASE("encode_sync_response writes the bytes the nlohmann tree wrote, on every answer") {
  Gen gen(20261205);
  for (int i = 0; i < 3000; ++i) {
    SyncResponse r = gen.response();
    if (gen.one_in(8) && !r.cells.empty()) r.cells[0].pk += "\xc3";  // not UTF-8: replaced alike
    if (gen.one_in(8)) r.rejected.push_back({std::numeric_limits<std::size_t>::max(), "\xff"});
    if (gen.one_in(8)) r.site = SiteStatus{};
    REQUIRE(encode_sync_response(r) == encode_sync_response_dom(r));
  }
}

TEST_CASE(
    "scan_sync_response: the same answers respelled (order, spaces, escapes, nodes after cells) "
    "decode as the tree decodes them") {
  Gen gen(8);
  Rewriter rewrite(gen);
  int scanned = 0;
  for (int i = 0; i < 3000; ++i) scanned += check_answer(rewrite.response(gen.response())) ? 1 : 0;
  CHECK(scanned == 3000);
}

TEST_CASE(
    "scan_sync_response: broken and bent answers are refused as the tree refuses them, or decode "
    "alike") {
  Gen gen(12);
  Rewriter rewrite(gen);
  int scanned = 0, refused = 0;
  for (int i = 0; i < 12000; ++i) {
    SyncResponse r = gen.response();
    std::string body = gen.one_in(2) ? encode_sync_response(r) : rewrite.response(r);
    int rounds = gen.one_in(3) ? 2 : 1;
    for (int k = 0; k < rounds; ++k) body = mutate(gen, std::move(body), true);
    scanned += check_answer(body) ? 1 : 0;
    refused += decode_sync_response_dom(body).is_ok() ? 0 : 1;
  }
  CHECK(scanned > 800);
  CHECK(refused > 5000);
}

TEST_CASE("scan_sync_response: the edges, one by one") {
  const char* const bodies[] = {
      R"({"time":1,"cursor":2,"more":false})",
      R"({"time":1,"cursor":2})",
      R"({"time":1,"cursor":2,"more":1})",
      R"({"time":1,"cursor":2,"more":true,"site":{}})",
      R"({"time":1,"cursor":2,"more":true,"site":{"error":"\u00e9","built":0,"failed":9223372036854775807}})",
      R"({"time":1,"cursor":2,"more":true,"site":{"built":-1}})",
      R"({"time":1,"cursor":2,"more":true,"site":{"built":1,}})",
      R"({"time":1,"cursor":2,"more":true,"site":{"future":1}})",
      R"({"time":1,"cursor":2,"more":true,"rejected":[[0,""],[18446744073709551615,"x"]]})",
      R"({"time":1,"cursor":2,"more":true,"rejected":[[-0,""]]})",
      R"({"time":1,"cursor":2,"more":true,"rejected":[[1.0,""]]})",
      R"({"time":1,"cursor":2,"more":true,"rejected":[[1,2]]})",
      R"({"time":1,"cursor":2,"more":true,"cells":[["a","b","c",1,2,0]],"nodes":["n"]})",
      R"({"time":1,"cursor":2,"more":true,"nodes":["n"],"cells":[["a","b","c",1,2,1]]})",
      R"({"time":1,"cursor":2,"more":true,"cells":[["a","b","c",1,2,0]]})",
      R"({"time":1,"cursor":2,"more":true,"nodes":["n"],"cells":[["a","b","c",1,2,-0]]})",
      R"({"time":1,"cursor":2,"more":true,"nodes":["n"],"cells":[["a","b","c",1,2,null]]})",
      R"({"time":1,"cursor":2,"more":true,"nodes":["n",1],"cells":[]})",
      R"({"time":1,"cursor":2,"more":true,"nodes":["n"],"cells":[["a","b","c",1,2,0,3]]})",
      R"({"time":1,"cursor":2,"more":true,"retracted":[["stories","x"]]})",
      R"({"time":1,"cursor":2,"more":true,"retracted":[["st\u006fries","x"]]})",
      R"({"time":1,"cursor":2,"more":true,"retracted":[["units","x"]]})",
      R"({"time":1,"cursor":2,"more":true,"retracted":[["stories"]]})",
      R"({"time":1,"cursor":2,"more":true,"lineage":"")"
      R"(01234567890123456789012345678901234567890123456789012345678901234"})",
      R"({"time":1,"cursor":2,"more":true,"time":1})",
  };
  for (const char* body : bodies) check_answer(body);
  CHECK(check_answer(R"({"nodes":["n"],"more":true,"cells":[["a","b","c",1,2,0]],"time":1,"cursor":2})"));
  CHECK(check_answer(R"({"time":1,"cursor":2,"more":true,"retracted":[["st\u006fries","x"]]})"));
  CHECK_FALSE(check_answer(R"({"time":1,"cursor":2,"more":true,"time":1})"));
}
