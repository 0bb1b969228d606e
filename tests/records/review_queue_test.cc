// The province's review queue (records/review_queue.h): what waits, in
// which order, with its unit and photos.
#include "common/hex.h"
#include "tests/records/fixture.h"
#include "tests/support/images.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

void story(Store& s, const std::string& id, const std::string& unit, const std::string& status,
           const std::string& cover = "") {
  Row row{{"id", id},
          {"unit_id", unit},
          {"title", "Bài " + id},
          {"status", status},
          {"created_on", std::string("2021-04-0") + id.back()}};
  if (!cover.empty()) row["cover_hash"] = cover;
  REQUIRE(s.write("stories", row).is_ok());
}

void nomination(Store& s, const std::string& id, const std::string& status) {
  REQUIRE(s.write("nominations", {{"id", id},
                                  {"unit_id", std::string("meo-vac")},
                                  {"nominee", std::string("Chị Mai")},
                                  {"nominee_kind", std::string("individual")},
                                  {"status", status}})
              .is_ok());
}

std::vector<std::string> ids(const std::vector<ReviewItem>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.id);
  return out;
}

}  // namespace

TEST_CASE("the queue holds what waits for the province, the longest waiting first") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  story(*s, "s1", "dong-van", "submitted");
  nomination(*s, "n1", "submitted");
  story(*s, "s2", "meo-vac", "approved");
  nomination(*s, "n2", "appraised");
  story(*s, "s3", "dong-van", "draft");
  story(*s, "s4", "dong-van", "published");
  story(*s, "s5", "dong-van", "rejected");
  nomination(*s, "n3", "approved");
  nomination(*s, "n4", "rejected");
  story(*s, "s6", "dong-van", "submitted");
  REQUIRE(s->write("stories", {{"id", std::string("s1")}, {"status", std::string("approved")}}).is_ok());

  auto q = review_queue(*s);
  REQUIRE_MESSAGE(q.is_ok(), q.status().message());
  CHECK(ids(*q) == std::vector<std::string>{"n1", "s2", "n2", "s6", "s1"});
  const ReviewItem& n1 = (*q)[0];
  CHECK(n1.kind == ReviewKind::kNomination);
  CHECK(n1.title == "Chị Mai");
  CHECK(n1.unit_id == "meo-vac");
  CHECK(n1.unit_name == "meo-vac");  // the fixture names it by its id
  CHECK(n1.created_on.empty());
  CHECK(n1.since_ms > 0);
  CHECK(n1.since_date.size() == 10);
  const ReviewItem& s6 = (*q)[3];
  CHECK(s6.kind == ReviewKind::kStory);
  CHECK(s6.title == "Bài s6");
  CHECK(s6.unit_name == "Huyện Đồng Văn");
  CHECK(s6.status == "submitted");
  CHECK(s6.created_on == "2021-04-06");
  for (std::size_t i = 1; i < q->size(); ++i) CHECK((*q)[i - 1].since_hlc < (*q)[i].since_hlc);
}

TEST_CASE("a queued story lists its photos in order, the cover too, and which this copy holds") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  const std::string here = sha256_hex(kOnePixelPng), missing = sha256_hex("chưa tải"),
                    cover = sha256_hex("bìa");
  REQUIRE(s->put_blob({here, "image/png", 67, 1, 1}, kOnePixelPng, false).is_ok());
  story(*s, "s1", "dong-van", "submitted", cover);
  for (const auto& [id, hash, ordinal] :
       {std::tuple{"p2", missing, 2}, std::tuple{"p1", here, 1}, std::tuple{"p3", std::string("xyz"), 3}}) {
    REQUIRE(s->write("story_photos", {{"id", std::string(id)},
                                      {"story_id", std::string("s1")},
                                      {"blob_hash", hash},
                                      {"alt", std::string(id == std::string("p2") ? "" : "Ảnh")},
                                      {"ordinal", std::int64_t{ordinal}}})
                .is_ok());
  }
  auto q = review_queue(*s);
  REQUIRE(q.is_ok());
  REQUIRE(q->size() == 1);
  const auto& photos = (*q)[0].photos;
  REQUIRE(photos.size() == 4);
  CHECK(photos[0].hash == here);
  CHECK(photos[0].present);
  CHECK(photos[0].width == 1);
  CHECK(photos[0].height == 1);
  CHECK(photos[0].alt == "Ảnh");
  CHECK(photos[1].hash == missing);
  CHECK_FALSE(photos[1].present);
  CHECK(photos[1].alt.empty());
  CHECK(photos[2].hash == "xyz");
  CHECK_FALSE(photos[2].present);
  CHECK(photos[3].hash == cover);
  CHECK_FALSE(photos[3].present);

  auto one = story_for_review(*s, "s1");
  REQUIRE(one.is_ok());
  CHECK(one->item.photos.size() == 4);
  CHECK(one->item.unit_name == "Huyện Đồng Văn");
}

TEST_CASE("the queue and a record for review are the province's only; unknown ids are named") {
  StoreFixture f;
  auto s = open_node(f);
  story(*s, "s1", "dong-van", "submitted");
  nomination(*s, "n1", "submitted");
  for (const Status& st : {review_queue(*s).status(), story_for_review(*s, "s1").status(),
                           nomination_for_review(*s, "n1").status()}) {
    CHECK(st.code() == Status::Code::kInvalid);
    CHECK(contains(st.message(), "chỉ cấp tỉnh"));
  }
  StoreFixture g;
  auto p = open_node(g, "ubnd-tinh", "province");
  auto story_missing = story_for_review(*p, "khong-co");
  CHECK(story_missing.status().code() == Status::Code::kNotFound);
  CHECK(contains(story_missing.status().message(), "khong-co"));
  CHECK(nomination_for_review(*p, "khong-co").status().code() == Status::Code::kNotFound);
  nomination(*p, "n1", "approved");
  auto n = nomination_for_review(*p, "n1");
  REQUIRE(n.is_ok());
  CHECK(n->item.status == "approved");
  CHECK(n->nominee_kind == "individual");
}

TEST_CASE("the decisions a page offers follow records/review.h's flow") {
  using D = Decision;
  CHECK(story_decisions("submitted") == std::vector<D>{D::kApprove, D::kReject, D::kPublish});
  CHECK(story_decisions("approved") == std::vector<D>{D::kReject, D::kPublish});
  CHECK(story_decisions("published") == std::vector<D>{D::kUnpublish});
  CHECK(story_decisions("draft").empty());
  CHECK(story_decisions("rejected").empty());
  // Issue 13: a submitted nomination is appraised before the council
  // decides; an approved one is not rejected afterwards.
  CHECK(nomination_decisions("submitted").empty());
  CHECK(nomination_decisions("appraised") == std::vector<D>{D::kApprove, D::kReject});
  CHECK(nomination_decisions("approved").empty());
  CHECK(nomination_decisions("rejected").empty());
  CHECK(nomination_decisions("forwarded").empty());
}
