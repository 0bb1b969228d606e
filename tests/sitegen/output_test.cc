// What someone with write access to public/ or content/ can make a build do
// (issue 9 row 9 and past it): links planted in the output folder, hard
// links, FIFOs, a manifest naming paths outside. Nothing outside --out is
// ever written or removed, and no build blocks.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <future>

#include "tests/sitegen/site_fixture.h"

using namespace thidua;
using namespace thidua::testing;
namespace fs = std::filesystem;

namespace {

std::string read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// A folder outside the output with files a build must never touch; its
// tree is compared byte for byte afterwards.
struct Outside {
  std::string dir;
  std::map<std::string, std::string> before;
  explicit Outside(const std::string& d) : dir(d) {
    write_file(dir + "/index.html", "NGOÀI THƯ MỤC: không được ghi đè");
    write_file(dir + "/dong-van/index.html", "NGOÀI THƯ MỤC: không được ghi đè");
    write_file(dir + "/secret.txt", "bí mật");
    before = read_tree(dir);
  }
  bool untouched() const { return read_tree(dir) == before; }
};

// Runs a build with a bound in time: a build blocked on a FIFO fails the
// test instead of hanging it (the FIFOs are then opened for writing, which
// lets the blocked open return).
Result<site::BuildReport> bounded_build(SiteFixture& f, const std::vector<std::string>& fifos) {
  auto running = std::async(std::launch::async, [&] { return f.build(); });
  if (running.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    for (const auto& p : fifos) ::close(::open(p.c_str(), O_WRONLY | O_NONBLOCK));
    FAIL("the build blocked on a FIFO");
  }
  return running.get();
}

}  // namespace

TEST_CASE("regression (issue 9 row 9): folders of public/ replaced by links outside: nothing outside written or removed") {
  SiteFixture f;
  REQUIRE(f.build().is_ok());
  Outside outside(f.dir.file("outside"));
  // A folder the rebuild writes into, and the folder of a page the rebuild
  // removes (the story is withdrawn): both links to the folder outside.
  fs::remove_all(f.out + "/don-vi");
  fs::create_directory_symlink(outside.dir, f.out + "/don-vi");
  const std::string story = f.out + "/guong-dien-hinh/nguoi-giu-rung-o-lung-cu";
  fs::remove_all(story);
  fs::create_directory_symlink(outside.dir, story);
  {
    auto s = f.open();
    REQUIRE(s->write("stories", {{"id", std::string("s1")}, {"status", std::string("draft")}}).is_ok());
  }
  auto r = f.build();
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  CHECK(outside.untouched());
  // The planted link is replaced by a real folder with the site's pages.
  CHECK_FALSE(fs::is_symlink(f.out + "/don-vi"));
  CHECK(fs::is_directory(f.out + "/don-vi"));
  CHECK(fs::is_regular_file(f.out + "/don-vi/dong-van/index.html"));
  CHECK(fs::is_regular_file(f.out + "/don-vi/meo-vac/index.html"));

  // Again with the story back: its folder (still a link) is replaced too.
  {
    auto s = f.open();
    REQUIRE(s->write("stories", {{"id", std::string("s1")}, {"status", std::string("published")}}).is_ok());
  }
  fs::remove_all(story);
  fs::create_directory_symlink(outside.dir, story);
  r = f.build();
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  CHECK(outside.untouched());
  CHECK_FALSE(fs::is_symlink(story));
  CHECK(fs::is_regular_file(story + "/index.html"));
}

TEST_CASE("a link or a hard link where a page file is: replaced, the file outside untouched") {
  SiteFixture f;
  REQUIRE(f.build().is_ok());
  Outside outside(f.dir.file("outside"));
  const std::string page = f.out + "/ke-hoach/index.html";
  const std::string expected = read_file_bytes(page);
  fs::remove(page);
  fs::create_symlink(outside.dir + "/index.html", page);
  const std::string feed = f.out + "/feed.xml";
  fs::remove(feed);
  fs::create_hard_link(outside.dir + "/secret.txt", feed);
  outside.before = read_tree(outside.dir);
  // The same data again: only the planted names differ from the site.
  auto r = f.build();
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  CHECK(outside.untouched());
  CHECK_FALSE(fs::is_symlink(page));
  CHECK(read_file_bytes(page) == expected);
  struct stat st {};
  REQUIRE(::stat(feed.c_str(), &st) == 0);
  CHECK(st.st_nlink == 1);
}

TEST_CASE("FIFOs in public/ (a page, the cache, the manifest) do not block a build") {
  SiteFixture f;
  REQUIRE(f.build().is_ok());
  std::vector<std::string> fifos = {f.out + "/.thidua-cache", f.out + "/.thidua-files", f.out + "/ke-hoach/index.html",
                                    f.out + "/khen-thuong"};
  for (const auto& p : fifos) {
    fs::remove_all(p);
    REQUIRE(::mkfifo(p.c_str(), 0644) == 0);
  }
  auto r = bounded_build(f, fifos);
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  CHECK(fs::is_regular_file(f.out + "/ke-hoach/index.html"));
  CHECK(fs::is_regular_file(f.out + "/khen-thuong/index.html"));
  CHECK(fs::is_regular_file(f.out + "/.thidua-cache"));
}

TEST_CASE("a manifest edited by hand to name paths outside, absolute paths or NULs is not obeyed") {
  SiteFixture f;
  REQUIRE(f.build().is_ok());
  Outside outside(f.dir.file("outside"));
  using namespace std::string_literals;
  const std::string victim = fs::relative(outside.dir + "/secret.txt", f.out).string();  // ../outside/secret.txt
  {
    std::ofstream manifest(f.out + "/.thidua-files", std::ios::binary | std::ios::app);
    manifest << victim << "\n"
             << outside.dir << "/secret.txt\n"
             << "ke-hoach/../" << victim << "\n"
             << "index.html\0/../../x"s << "\n"
             << "./" << victim << "\n";
  }
  // A folder inside the site linked outside, named by the manifest.
  fs::create_directory_symlink(outside.dir, f.out + "/lien-ket");
  {
    std::ofstream manifest(f.out + "/.thidua-files", std::ios::binary | std::ios::app);
    manifest << "lien-ket/secret.txt\nlien-ket/index.html\n";
  }
  auto r = f.build();
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  CHECK(outside.untouched());
  CHECK(fs::is_regular_file(f.out + "/index.html"));
}

TEST_CASE("a theme file in content/theme that is a link is refused, so nothing outside can be published") {
  SiteFixture f;
  const std::string secret = f.dir.file("secret.txt");
  write_file(secret, "MẬT-KHẨU-KHÔNG-ĐƯỢC-LỘ");
  f.content = f.dir.file("content");
  fs::create_directories(f.content + "/theme");
  fs::create_symlink(secret, f.content + "/theme/site.css");
  auto r = f.build();
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().message().find("theme/site.css") != std::string::npos);
  CHECK_FALSE(fs::exists(f.out + "/index.html"));
  // A FIFO there fails the same way, without blocking.
  fs::remove(f.content + "/theme/site.css");
  REQUIRE(::mkfifo((f.content + "/theme/site.css").c_str(), 0644) == 0);
  r = bounded_build(f, {f.content + "/theme/site.css"});
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().message().find("theme/site.css") != std::string::npos);
}

TEST_CASE("the output folder itself may be a link the operator made") {
  SiteFixture f;
  const std::string real = f.dir.file("real-public");
  fs::create_directory(real);
  fs::create_directory_symlink(real, f.out);
  auto r = f.build();
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  CHECK(fs::is_regular_file(real + "/index.html"));
}
