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
  kind.nominee_kind = "business";
  auto r = nominate(*s, kind);
  CHECK(r.status().code() == Status::Code::kInvalid);
  CHECK(contains(r.status().message(), "individual, collective"));
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
