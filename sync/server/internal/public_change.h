// Internal to sync/server: whether what a sync merged (or a photo upload
// stored) can change what the public site shows, so that a server with
// --site-out rebuilds it only then (ServerOptions::on_public_change).
//
// Public, as sitegen reads it (sitegen/internal/model.h): every row of
// units, plans, tasks, task_units, progress, award_kinds and
// council_sessions (the commendation record names them); a story whose status is
// "published"; a story photo of such a story; a nomination "approved" or
// "forwarded"; the bytes of a photo such a story shows. A row counts when
// it is public before the merge or after it: a story withdrawn from the
// site changes the site as much as one published.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/store.h"
#include "sync/server/internal/row_key.h"

namespace thidua {

class PublicChange {
 public:
  explicit PublicChange(Store& store) : store_(store) {}

  // Before the merge, in its transaction: notes which of the rows `cells`
  // touch are public now.
  Status before(const std::vector<RemoteCell>& cells);
  // After it: whether a cell that was applied touched a public row.
  Result<bool> after(const std::vector<RemoteCell>& cells,
                     const std::vector<ApplyOutcome>& outcomes);

 private:
  Result<bool> row_public(const std::string& table, const std::string& pk);

  Store& store_;
  RowKeyMap<bool> public_before_;
};

// Whether a published story shows the photo `hash` (in its photos or as
// its cover).
Result<bool> photo_public(Store& store, const std::string& hash);

}  // namespace thidua
