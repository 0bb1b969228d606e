#include "plan/import.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace thidua {
namespace {

Value text_or_null(const std::optional<std::string>& s) { return s ? Value(*s) : Value(); }

// Writes units so that a parent row exists before any child names it.
class UnitWriter {
 public:
  UnitWriter(Store& store, const std::vector<Unit>& units) : store_(store), units_(units) {
    for (std::size_t i = 0; i < units.size(); ++i) index_.emplace(units[i].id, i);
  }

  // Writes every unit; returns how many.
  Result<int> write_all() {
    state_.assign(units_.size(), State::kPending);
    for (std::size_t i = 0; i < units_.size(); ++i) THIDUA_RETURN_IF_ERROR(write(i));
    return static_cast<int>(units_.size());
  }

 private:
  enum class State { kPending, kWriting, kWritten };

  Status write(std::size_t i) {
    if (state_[i] == State::kWritten) return Status::ok();
    const Unit& u = units_[i];
    if (state_[i] == State::kWriting) return Status::invalid("units: \"" + u.id + "\" is its own ancestor");
    state_[i] = State::kWriting;
    if (u.parent) {
      // A parent outside the content must already be in the store; the
      // write below fails on the reference otherwise.
      auto it = index_.find(*u.parent);
      if (it != index_.end()) THIDUA_RETURN_IF_ERROR(write(it->second));
    }
    Row row{{"id", u.id},
            {"name", u.name},
            {"short_name", u.short_name},
            {"kind", u.kind},
            {"parent_id", text_or_null(u.parent)},
            {"ordinal", static_cast<std::int64_t>(i + 1)}};
    THIDUA_RETURN_IF_ERROR(store_.write("units", row).with_context("unit \"" + u.id + "\""));
    state_[i] = State::kWritten;
    return Status::ok();
  }

  Store& store_;
  const std::vector<Unit>& units_;
  std::map<std::string, std::size_t> index_;
  std::vector<State> state_;
};

Status write_plan(Store& store, const Plan& p, ImportStats& stats) {
  Row row{{"id", p.id},
          {"year", static_cast<std::int64_t>(p.year)},
          {"title", p.title},
          {"issuer_id", p.issuer},
          {"issued_on", text_or_null(p.issued_on)},
          {"signed_by", p.signed_by},
          {"signer_title", p.signer_title},
          {"intro_md", p.intro_md},
          {"purpose_md", p.purpose_md},
          {"requirements_md", p.requirements_md},
          {"organisation_md", p.organisation_md}};
  THIDUA_RETURN_IF_ERROR(store.write("plans", row).with_context("plan \"" + p.id + "\""));
  ++stats.plans;
  for (const Task& t : p.tasks) {
    std::string where = "task \"" + t.id + "\"";
    Row task{{"id", t.id},
             {"plan_id", p.id},
             {"quarter", static_cast<std::int64_t>(t.quarter)},
             {"ordinal", static_cast<std::int64_t>(t.ordinal)},
             {"content", t.content},
             {"due", t.due}};
    THIDUA_RETURN_IF_ERROR(store.write("tasks", task).with_context(where));
    ++stats.tasks;
    for (std::size_t k = 0; k < t.units.size(); ++k) {
      Row link{{"id", t.id + ":" + t.units[k]},
               {"task_id", t.id},
               {"unit_id", t.units[k]},
               {"role", std::string("responsible")},
               {"ordinal", static_cast<std::int64_t>(k + 1)}};
      THIDUA_RETURN_IF_ERROR(store.write("task_units", link).with_context(where));
      ++stats.task_units;
    }
  }
  return Status::ok();
}

// The nominee kinds go in as one comma list ("individual,collective"), the
// form records/ reads back (records/commendation.h).
Status write_award_kinds(Store& store, const std::vector<AwardKind>& kinds, ImportStats& stats) {
  for (const AwardKind& a : kinds) {
    std::string nominee_kinds;
    for (const auto& k : a.nominee_kinds) nominee_kinds += (nominee_kinds.empty() ? "" : ",") + k;
    Row row{{"id", a.id},
            {"name", a.name},
            {"level", a.level},
            {"signer", a.signer},
            {"nominee_kinds", nominee_kinds},
            {"ordinal", static_cast<std::int64_t>(a.ordinal)}};
    THIDUA_RETURN_IF_ERROR(store.write("award_kinds", row).with_context("award kind \"" + a.id + "\""));
    ++stats.award_kinds;
  }
  return Status::ok();
}

}  // namespace

Result<ImportStats> import_content(Store& store, const Content& content) {
  ImportStats stats;
  Status st = store.transaction([&]() -> Status {
    stats = ImportStats{};  // counts only what this attempt wrote
    auto units = UnitWriter(store, content.units).write_all();
    if (!units) return units.status();
    stats.units = *units;
    for (const Plan& p : content.plans) THIDUA_RETURN_IF_ERROR(write_plan(store, p, stats));
    return write_award_kinds(store, content.award_kinds, stats);
  });
  if (!st) return st;
  return stats;
}

}  // namespace thidua
