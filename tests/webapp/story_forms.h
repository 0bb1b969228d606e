// Building the forms of Bài điển hình as a browser sends them (multipart),
// for stories_test.cc and stories_pages_test.cc.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tests/webapp/fixture.h"

namespace thidua::testing {

// A browser's multipart POST: text fields and files, with the session's
// cookie and (unless with_csrf is false) its CSRF token as a text part.
inline webapp::Response post_multipart(AppFixture& a, const std::string& target,
                                const std::vector<std::pair<std::string, std::string>>& fields,
                                const std::vector<webapp::UploadedFile>& files, bool with_csrf = true) {
  webapp::Request r;
  r.method = "POST";
  const auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  if (with_csrf) r.files.push_back({"csrf", "", "", a.csrf()});
  for (const auto& [name, value] : fields) r.files.push_back({name, "", "", value});
  for (const auto& f : files) r.files.push_back(f);
  r.headers["host"] = "127.0.0.1:8080";
  r.headers["content-type"] = "multipart/form-data; boundary=----thidua";
  if (!a.cookie.empty()) r.headers["cookie"] = a.cookie;
  return a.app->handle(r);
}

inline webapp::UploadedFile photo_part(const std::string& filename, const std::string& bytes,
                                const std::string& type = "image/jpeg") {
  return {"photos", filename, type, bytes};
}

// A story row of `unit` written as the sync would bring it.
inline void seed_story(Store& s, const std::string& id, const std::string& unit, const std::string& title,
                const std::string& status, const std::string& note = "") {
  Row row{{"id", id},
          {"unit_id", unit},
          {"title", title},
          {"subject", std::string("Ông A")},
          {"category", std::string("individual")},
          {"body_md", std::string("Nội dung **đậm**.")},
          {"status", status},
          {"created_on", std::string("2021-04-01")}};
  if (!note.empty()) row["review_note"] = note;
  REQUIRE(s.write("stories", row).is_ok());
}

inline const std::vector<std::pair<std::string, std::string>> kGoodFields = {
    {"title", "Người giữ rừng ở Lũng Cú"},
    {"subject", "Ông Sùng Mí Páo"},
    {"category", "individual"},
    {"body", "Ông **Páo** giữ rừng.\n\n# Kết quả\n\nHơn 40 héc-ta."},
    {"alt", "Ông Páo bên rừng"}};

inline std::vector<std::pair<std::string, std::string>> with(std::vector<std::pair<std::string, std::string>> fields,
                                                      const std::string& name, const std::string& value) {
  for (auto& [n, v] : fields)
    if (n == name) v = value;
  return fields;
}

inline std::string id_of(const std::string& location) {
  const std::string prefix = "/bai-viet/";
  REQUIRE(location.rfind(prefix, 0) == 0);
  return location.substr(prefix.size(), location.find('?') - prefix.size());
}

}  // namespace thidua::testing
