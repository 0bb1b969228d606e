// The province's side of the commendation path (issue 13) for tests: its
// two kinds of award and the nominations a sync brings from Đồng Văn.
// Shared by the records tests and the web app's pages over the same rows.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "store/store.h"

namespace thidua::testing {

// Signed by the province's chair; any kind of nominee.
inline const std::string kProvinceKind = "bang-khen-chu-tich-ubnd-tinh";
// The state's (signed by the President, forwarded through the centre);
// individuals and collectives only.
inline const std::string kStateKind = "huan-chuong-lao-dong-hang-ba";

// Writes the award kinds kProvinceKind and kStateKind into `s`.
inline void seed_award_kinds(Store& s) {
  REQUIRE(s.write("award_kinds",
                  {{"id", kProvinceKind},
                   {"name", std::string("Bằng khen của Chủ tịch UBND tỉnh")},
                   {"level", std::string("province")},
                   {"signer", std::string("chu-tich-ubnd-tinh")},
                   {"nominee_kinds", std::string("individual,collective,business,entrepreneur")},
                   {"ordinal", std::int64_t{1}}})
              .is_ok());
  REQUIRE(s.write("award_kinds", {{"id", kStateKind},
                                  {"name", std::string("Huân chương Lao động hạng Ba")},
                                  {"level", std::string("state")},
                                  {"signer", std::string("chu-tich-nuoc")},
                                  {"nominee_kinds", std::string("individual,collective")},
                                  {"ordinal", std::int64_t{2}}})
              .is_ok());
}

// Writes nomination `id` of Đồng Văn in `status`, as the sync brings it:
// an appraised one holds its appraisal date 2021-05-20
// (store/nomination_path.h), and `cells` (the nominee, the kinds, dates)
// are written over that.
inline void write_nomination(Store& s, const std::string& id, const std::string& status,
                             const Row& cells) {
  Row row{{"id", id}, {"unit_id", std::string("dong-van")}, {"status", status}};
  if (status == "appraised") row["appraised_on"] = std::string("2021-05-20");
  for (const auto& [column, value] : cells) row[column] = value;
  REQUIRE(s.write("nominations", row).is_ok());
}

}  // namespace thidua::testing
