// The node's push batch (sync/client/internal/batch.h): one cell per
// (table, pk, column), carrying every outbox entry it folds, and never an
// edit of one row split across two batches.
#include <algorithm>

#include "sync/client/internal/batch.h"
#include "tests/store/fixture.h"

using namespace thidua;
using namespace thidua::testing;
using client_internal::build_batch;

namespace {

const RemoteCell* find_cell(const SyncRequest& r, const std::string& table, const std::string& pk,
                            const std::string& column) {
  auto it = std::find_if(r.cells.begin(), r.cells.end(), [&](const RemoteCell& c) {
    return c.table == table && c.pk == pk && c.column == column;
  });
  return it == r.cells.end() ? nullptr : &*it;
}

Row story(const std::string& id, const std::string& title) {
  return {{"id", id}, {"unit_id", std::string("dong-van")}, {"title", title}, {"body_md", std::string("Nội dung")}};
}

}  // namespace

TEST_CASE("a batch folds a cell's edits into one cell that carries each entry, rows kept apart") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  REQUIRE(s->write("stories", story("s1", "Bản nháp")).is_ok());
  REQUIRE(s->write("stories", story("s2", "Bài thứ hai")).is_ok());
  f.clock->now_ms += 1000;
  REQUIRE(s->write("stories", {{"id", std::string("s1")}, {"title", std::string("Bản cuối")}}).is_ok());

  auto outbox = s->outbox();
  REQUIRE(outbox.is_ok());
  auto batch = build_batch(*s, 1 << 20);
  REQUIRE(batch.is_ok());
  const SyncRequest& r = batch->request;
  REQUIRE(batch->entries.size() == r.cells.size());
  CHECK(batch->first_seq == outbox->front().seq);
  CHECK(batch->last_seq == outbox->back().seq);
  CHECK(r.cells.size() == outbox->size() - 1);  // s1's title twice, one cell

  const RemoteCell* t1 = find_cell(r, "stories", "s1", "title");
  const RemoteCell* t2 = find_cell(r, "stories", "s2", "title");
  REQUIRE(t1);
  REQUIRE(t2);
  CHECK(t1->value == Value(std::string("Bản cuối")));
  CHECK(t2->value == Value(std::string("Bài thứ hai")));
  const auto& folded = batch->entries[static_cast<std::size_t>(t1 - r.cells.data())];
  REQUIRE(folded.size() == 2);
  CHECK(folded[0].seq < folded[1].seq);
  CHECK(t1->hlc == folded[1].hlc);
  CHECK(batch->entries[static_cast<std::size_t>(t2 - r.cells.data())].size() == 1);
  std::size_t carried = 0;
  for (const auto& e : batch->entries) carried += e.size();
  CHECK(carried == outbox->size());  // every entry settles with its cell
}

TEST_CASE("a full batch ends between two edits, never inside one") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  auto seeded = s->outbox();
  REQUIRE(seeded.is_ok());
  const std::int64_t after = seeded->back().seq;  // the plan and the unit are not what this is about
  REQUIRE(s->write("stories", story("s1", "Một")).is_ok());
  REQUIRE(s->write("stories", story("s2", "Hai")).is_ok());
  auto outbox = s->outbox();
  REQUIRE(outbox.is_ok());
  const auto s1_cells = std::count_if(outbox->begin(), outbox->end(), [](const OutboxEntry& e) { return e.pk == "s1"; });
  REQUIRE(s1_cells > 1);

  auto first = build_batch(*s, 1, after);  // full after its first entry: the rest of s1's edit still comes along
  REQUIRE(first.is_ok());
  CHECK(static_cast<long>(first->request.cells.size()) == s1_cells);
  for (const auto& c : first->request.cells) CHECK(c.pk == "s1");

  auto second = build_batch(*s, 1, first->last_seq);
  REQUIRE(second.is_ok());
  CHECK(!second->request.cells.empty());
  for (const auto& c : second->request.cells) CHECK(c.pk == "s2");
  CHECK(second->last_seq == outbox->back().seq);
}
