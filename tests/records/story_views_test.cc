// The read side of stories: a unit's list and one story with its photos.
#include "records/story_views.h"

#include "tests/records/fixture.h"
#include "tests/support/images.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("unit_stories lists one unit's stories, the one changed last first, with notes and photo counts") {
  StoreFixture f;
  auto s = open_node(f);
  PickedPhoto png{"a.png", kOnePixelPng};
  auto first = add_story(*s, {"Bài một", "Ông A", "individual", "Nội dung", {}, "", "2021-04-01"}, {png, png});
  REQUIRE(first.is_ok());
  auto second = add_story(*s, {"Bài hai", "Tập thể B", "collective", "Nội dung", {}, "", "2021-04-02"});
  REQUIRE(second.is_ok());
  REQUIRE(s->write("stories", {{"id", std::string("other")}, {"unit_id", std::string("meo-vac")},
                               {"title", std::string("Của Mèo Vạc")}, {"status", std::string("draft")}})
              .is_ok());
  auto page = unit_stories(*s, "dong-van");
  REQUIRE(page.is_ok());
  CHECK(page->total == 2);
  auto* list = &page->stories;
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].title == "Bài hai");
  CHECK((*list)[0].photo_count == 0);
  CHECK((*list)[1].title == "Bài một");
  CHECK((*list)[1].photo_count == 2);
  CHECK((*list)[1].status == "draft");
  CHECK((*list)[1].created_on == "2021-04-01");

  // A change (the province's rejection, arriving by sync) moves it up.
  REQUIRE(s->write("stories", {{"id", *first}, {"status", std::string("rejected")},
                               {"review_note", std::string("Thiếu số liệu.\nẢnh mờ.")}})
              .is_ok());
  page = unit_stories(*s, "dong-van");
  REQUIRE(page.is_ok());
  list = &page->stories;
  CHECK((*list)[0].id == *first);
  CHECK((*list)[0].review_note == "Thiếu số liệu.\nẢnh mờ.");
  CHECK(unit_stories(*s, "khong-co")->stories.empty());
  // One page of it: the second story only, counted among all.
  auto second_page = unit_stories(*s, "dong-van", 1, 1);
  REQUIRE(second_page.is_ok());
  CHECK(second_page->total == 2);
  REQUIRE(second_page->stories.size() == 1);
  CHECK(second_page->stories[0].title == "Bài hai");
  CHECK(unit_stories(*s, "dong-van", 5, 50)->stories.empty());
}

TEST_CASE("story_view: one story with its photos in order, sizes from the stored photo; 404 for none") {
  StoreFixture f;
  auto s = open_node(f);
  PickedPhoto png{"a.png", kOnePixelPng};
  auto id = add_story(*s, {"Bài", "Ông A", "business", "**Đậm**", {}, "Mô tả", ""}, {png});
  REQUIRE(id.is_ok());
  auto v = story_view(*s, *id);
  REQUIRE(v.is_ok());
  CHECK(v->unit_id == "dong-van");
  CHECK(v->category == "business");
  CHECK(v->body_md == "**Đậm**");
  REQUIRE(v->photos.size() == 1);
  CHECK(v->photos[0].alt == "Mô tả");
  CHECK(v->photos[0].width == 1);
  CHECK(v->photos[0].height == 1);
  CHECK(v->photos[0].mime == "image/png");
  CHECK(v->photos[0].hash.size() == 64);
  CHECK(story_view(*s, "khong-co").status().code() == Status::Code::kNotFound);
}
