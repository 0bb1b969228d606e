// Nominations: created submitted by this node's unit, validated, captured.
#include "tests/records/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

NewNomination nomination() {
  return {"Chị Lò Thị Mai", "individual", "Bằng khen của Chủ tịch UBND tỉnh",
          "Mười năm dạy chữ ở điểm trường Sủng Là."};
}

}  // namespace

TEST_CASE("nominate records a submitted nomination of this unit") {
  StoreFixture f;
  auto s = open_node(f);
  const auto before = last_seq(*s);
  auto id = nominate(*s, nomination());
  REQUIRE_MESSAGE(id.is_ok(), id.status().message());
  CHECK(id->size() == 32);
  Row row = get_row(*s, "nominations", *id);
  CHECK(text(row, "unit_id") == "dong-van");
  CHECK(text(row, "nominee") == "Chị Lò Thị Mai");
  CHECK(text(row, "nominee_kind") == "individual");
  CHECK(text(row, "status") == "submitted");
  CHECK(text(row, "achievement_md") == "Mười năm dạy chữ ở điểm trường Sủng Là.");
  CHECK(outbox_entries(*s, "nominations", before) >= 7);
  // Two nominations never share an id.
  auto other = nominate(*s, nomination());
  REQUIRE(other.is_ok());
  CHECK(*other != *id);
}

TEST_CASE("nominate refuses bad input and writes nothing") {
  StoreFixture f;
  auto s = open_node(f);
  const Snapshot before = snapshot(*s);
  NewNomination kind = nomination();
  kind.nominee_kind = "company";  // issue 13: business and entrepreneur are kinds now
  auto r = nominate(*s, kind);
  CHECK(r.status().code() == Status::Code::kInvalid);
  CHECK(contains(r.status().message(), "individual, collective, business, entrepreneur"));
  NewNomination empty = nomination();
  empty.nominee = "";
  CHECK(nominate(*s, empty).status().code() == Status::Code::kInvalid);
  NewNomination award = nomination();
  award.award = "\n";
  CHECK(nominate(*s, award).status().code() == Status::Code::kInvalid);
  NewNomination achievement = nomination();
  achievement.achievement_md = std::string("\xFF");
  CHECK(contains(nominate(*s, achievement).status().message(), "UTF-8"));
  CHECK(snapshot(*s) == before);
}

namespace {

// The province's decision on `id`, as a province node's sync brings it.
void decide(Store& s, const std::string& id, const std::string& status, const std::string& note = "") {
  Row row{{"id", id}, {"status", status}};
  if (!note.empty()) row["review_note"] = note;
  REQUIRE(s.write("nominations", row).is_ok());
}

}  // namespace

TEST_CASE("unit_nominations lists the unit's nominations newest first, with the province's note") {
  StoreFixture f;
  auto s = open_node(f);
  f.clock->now_ms = 1'625'076'000'000;  // 2021-06-30T18:00Z: already 1 July in Vietnam
  auto first = nominate(*s, nomination());
  REQUIRE(first.is_ok());
  NewNomination second_n = nomination();
  second_n.nominee = "Tập thể Trường Tiểu học Sủng Là";
  second_n.nominee_kind = "collective";
  auto second = nominate(*s, second_n);
  REQUIRE(second.is_ok());
  decide(*s, *first, "rejected", "Bổ sung số liệu năm 2020.\n\nGửi lại trước 30/6.");
  // Another unit's nomination (a province node holds every unit's).
  REQUIRE(s->write("nominations", {{"id", std::string("ab")},
                                   {"unit_id", std::string("meo-vac")},
                                   {"nominee", std::string("Người khác")}})
              .is_ok());
  auto list = unit_nominations(*s, "dong-van");
  REQUIRE(list.is_ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].id == *second);
  CHECK((*list)[0].nominee_kind == "collective");
  CHECK((*list)[0].status == "submitted");
  CHECK((*list)[1].id == *first);
  CHECK((*list)[1].status == "rejected");
  CHECK((*list)[1].review_note == "Bổ sung số liệu năm 2020.\n\nGửi lại trước 30/6.");
  CHECK((*list)[1].sent_on == "2021-07-01");
  CHECK(unit_nominations(*s, "ubnd-tinh")->empty());

  auto one = find_nomination(*s, *first);
  REQUIRE(one.is_ok());
  CHECK(one->award == "Bằng khen của Chủ tịch UBND tỉnh");
  CHECK(one->unit_id == "dong-van");
  auto other = find_nomination(*s, "ab");
  REQUIRE(other.is_ok());
  CHECK(other->unit_id == "meo-vac");
  CHECK(find_nomination(*s, "khong-co").status().code() == Status::Code::kNotFound);
}

TEST_CASE("edit_nomination changes the unit's open nomination, keeps its status, and matches the server's rule") {
  StoreFixture f;
  auto s = open_node(f);
  auto id = nominate(*s, nomination());
  REQUIRE(id.is_ok());
  const auto before = last_seq(*s);
  NominationEdit e{*id, "Cô Lò Thị Mai", std::nullopt, std::nullopt, "Mười một năm dạy chữ."};
  REQUIRE(edit_nomination(*s, e).is_ok());
  Row row = get_row(*s, "nominations", *id);
  CHECK(text(row, "nominee") == "Cô Lò Thị Mai");
  CHECK(text(row, "achievement_md") == "Mười một năm dạy chữ.");
  CHECK(text(row, "award") == "Bằng khen của Chủ tịch UBND tỉnh");
  CHECK(text(row, "status") == "submitted");
  CHECK(outbox_entries(*s, "nominations", before) == 2);

  decide(*s, *id, "rejected", "Thiếu minh chứng");
  e.award = "Giấy khen";
  REQUIRE(edit_nomination(*s, e).is_ok());
  CHECK(text(get_row(*s, "nominations", *id), "status") == "rejected");

  for (const char* decided : {"appraised", "approved", "forwarded"}) {
    CAPTURE(decided);
    decide(*s, *id, decided);
    CHECK_FALSE(nomination_open_to_unit(decided));
    const Snapshot snap = snapshot(*s);
    auto refused = edit_nomination(*s, e);
    CHECK(refused.code() == Status::Code::kConflict);
    CHECK(contains(refused.message(), "không sửa được nữa"));
    CHECK(snapshot(*s) == snap);
  }
  CHECK(nomination_open_to_unit("submitted"));
  CHECK(nomination_open_to_unit("rejected"));
}

TEST_CASE("edit_nomination refuses an unknown id, another unit's, nothing to change and bad values") {
  StoreFixture f;
  auto s = open_node(f);
  auto id = nominate(*s, nomination());
  REQUIRE(id.is_ok());
  REQUIRE(s->write("nominations", {{"id", std::string("ab")}, {"unit_id", std::string("meo-vac")}}).is_ok());
  const Snapshot before = snapshot(*s);
  NominationEdit e{"khong-co", "Tên", std::nullopt, std::nullopt, std::nullopt};
  CHECK(edit_nomination(*s, e).code() == Status::Code::kNotFound);
  e.id = "ab";
  auto other = edit_nomination(*s, e);
  CHECK(other.code() == Status::Code::kInvalid);
  CHECK(contains(other.message(), "meo-vac"));
  CHECK(edit_nomination(*s, {*id, std::nullopt, std::nullopt, std::nullopt, std::nullopt}).code() ==
        Status::Code::kInvalid);
  CHECK(contains(edit_nomination(*s, {*id, " ", std::nullopt, std::nullopt, std::nullopt}).message(),
                 "không được để trống"));
  // Issue 13: business is a kind now; "company" is not.
  CHECK(contains(edit_nomination(*s, {*id, std::nullopt, "company", std::nullopt, std::nullopt}).message(),
                 "individual, collective, business, entrepreneur"));
  CHECK(contains(edit_nomination(*s, {*id, std::nullopt, std::nullopt, std::nullopt, "\xFF"}).message(), "UTF-8"));
  CHECK(snapshot(*s) == before);
}

TEST_CASE("resubmit_nomination sends a rejected nomination again, nothing else") {
  StoreFixture f;
  auto s = open_node(f);
  auto id = nominate(*s, nomination());
  REQUIRE(id.is_ok());
  const Snapshot submitted = snapshot(*s);
  auto early = resubmit_nomination(*s, *id);
  CHECK(early.code() == Status::Code::kConflict);
  CHECK(contains(early.message(), "đã gửi (submitted)"));
  CHECK(snapshot(*s) == submitted);
  decide(*s, *id, "rejected", "Thiếu minh chứng");
  const auto before = last_seq(*s);
  REQUIRE(resubmit_nomination(*s, *id).is_ok());
  Row row = get_row(*s, "nominations", *id);
  CHECK(text(row, "status") == "submitted");
  CHECK(text(row, "review_note") == "Thiếu minh chứng");  // the province's, for the record
  CHECK(outbox_entries(*s, "nominations", before) == 1);
  CHECK(resubmit_nomination(*s, "khong-co").code() == Status::Code::kNotFound);
  REQUIRE(s->write("nominations", {{"id", std::string("ab")}, {"unit_id", std::string("meo-vac")},
                                   {"status", std::string("rejected")}})
              .is_ok());
  CHECK(resubmit_nomination(*s, "ab").code() == Status::Code::kInvalid);
  decide(*s, *id, "approved");
  CHECK(resubmit_nomination(*s, *id).code() == Status::Code::kConflict);
}
