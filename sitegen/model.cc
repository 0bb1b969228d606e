#include "sitegen/internal/model.h"

#include <algorithm>
#include <unordered_map>

#include "common/slug.h"
#include "sitegen/internal/paths.h"
#include "store/server_store.h"
#include "store/store.h"

namespace thidua::site {
namespace {

std::optional<std::int64_t> number(const Row& row, const char* column) {
  auto it = row.find(column);
  if (it == row.end()) return std::nullopt;
  if (const auto* n = std::get_if<std::int64_t>(&it->second)) return *n;
  return std::nullopt;
}


// A cell's text, the string moved out when it is one.
std::string take_text(Value& v) {
  return std::holds_alternative<std::string>(v) ? std::move(std::get<std::string>(v)) : as_text(v);
}

// Calls f on `ids` in chunks: SQLite binds at most 32,766 parameters a
// statement.
Status in_chunks(const std::vector<std::string>& ids, const std::function<Status(const std::vector<std::string>&)>& f) {
  for (std::size_t from = 0; from < ids.size(); from += 500) {
    std::vector<std::string> chunk(ids.begin() + static_cast<std::ptrdiff_t>(from),
                                   ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), from + 500)));
    THIDUA_RETURN_IF_ERROR(f(chunk));
  }
  return Status::ok();
}

// Units by ordinal, then id, each with its folder.
Status load_units(Store& s, std::vector<Unit>* out) {
  auto units = s.rows("units");
  if (!units) return units.status();
  for (const auto& r : *units) {
    Unit u{as_text(r, "id"), as_text(r, "name"), as_text(r, "short_name"), as_text(r, "kind"), "", number(r, "ordinal").value_or(0)};
    out->push_back(std::move(u));
  }
  // Folders: the id when it is a slug, else the folded name with a suffix
  // from the id, so no two units and no path outside don-vi/ can share one.
  std::vector<NameRequest> unit_names;
  for (const auto& u : *out) {
    const bool plain = is_slug(u.id);
    unit_names.push_back(NameRequest{plain ? u.id : title_base(u.name.empty() ? u.id : u.name), u.id, "", !plain});
  }
  auto unit_slugs = unique_names(unit_names, {}, "don-vi");
  for (std::size_t i = 0; i < out->size(); ++i) (*out)[i].slug = std::move(unit_slugs[i]);
  std::stable_sort(out->begin(), out->end(),
                   [](const Unit& a, const Unit& b) { return a.ordinal != b.ordinal ? a.ordinal < b.ordinal : a.id < b.id; });
  return Status::ok();
}

// Tasks by plan id, each with its responsible units and its folder.
Result<std::map<std::string, std::vector<Task>>> load_tasks(Store& s) {
  auto task_units = s.rows("task_units");
  if (!task_units) return task_units.status();
  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> responsible;
  for (const auto& r : *task_units) {
    responsible[as_text(r, "task_id")].emplace_back(number(r, "ordinal").value_or(0), as_text(r, "unit_id"));
  }
  auto tasks = s.rows("tasks");
  if (!tasks) return tasks.status();
  std::map<std::string, std::vector<Task>> tasks_of;
  for (const auto& r : *tasks) {
    Task t{as_text(r, "id"), as_text(r, "plan_id"), as_text(r, "content"), as_text(r, "due"), "",
           static_cast<int>(number(r, "quarter").value_or(1)), number(r, "ordinal").value_or(0), {}};
    auto& who = responsible[t.id];
    std::sort(who.begin(), who.end());
    for (const auto& [ordinal, unit] : who) t.units.push_back(unit);
    tasks_of[t.plan_id].push_back(std::move(t));
  }
  // Folders under nhiem-vu/: the id when it is a slug, else folded and suffixed.
  std::vector<NameRequest> names;
  for (const auto& [plan, list] : tasks_of)
    for (const auto& t : list) names.push_back(NameRequest{t.id, t.id, "", false});
  auto slugs = unique_names(names, {}, "nhiem-vu");
  std::size_t i = 0;
  for (auto& [plan, list] : tasks_of)
    for (auto& t : list) t.slug = std::move(slugs[i++]);
  return tasks_of;
}

// Plans by year, each with its tasks by quarter, then ordinal.
Status load_plans(Store& s, std::vector<Plan>* out) {
  auto tasks_of = load_tasks(s);
  if (!tasks_of) return tasks_of.status();
  auto plans = s.rows("plans");
  if (!plans) return plans.status();
  for (const auto& r : *plans) {
    Plan p{as_text(r, "id"), as_text(r, "title"), as_text(r, "issuer_id"), as_text(r, "issued_on"), as_text(r, "signed_by"),
           as_text(r, "signer_title"), as_text(r, "intro_md"), as_text(r, "purpose_md"), as_text(r, "requirements_md"),
           as_text(r, "organisation_md"), number(r, "year").value_or(0), std::move((*tasks_of)[as_text(r, "id")])};
    std::sort(p.tasks.begin(), p.tasks.end(), [](const Task& a, const Task& b) {
      return a.quarter != b.quarter ? a.quarter < b.quarter : a.ordinal != b.ordinal ? a.ordinal < b.ordinal : a.id < b.id;
    });
    out->push_back(std::move(p));
  }
  std::sort(out->begin(), out->end(),
            [](const Plan& a, const Plan& b) { return a.year != b.year ? a.year < b.year : a.id < b.id; });
  return Status::ok();
}

Status load_progress(Store& s, std::vector<Progress>* out) {
  auto progress = s.rows("progress");
  if (!progress) return progress.status();
  for (const auto& r : *progress) {
    out->push_back(Progress{as_text(r, "id"), as_text(r, "task_id"), as_text(r, "unit_id"), as_text(r, "status"),
                            as_text(r, "reported_on"), as_text(r, "public_note_md"), number(r, "percent")});
  }
  return Status::ok();
}

// The history of progress: the audit log names nodes; the public page names
// their units.
Status load_history(Store& s, std::vector<ProgressChange>* out) {
  auto nodes = ServerStore(s).server_nodes();
  if (!nodes) return nodes.status();
  std::map<std::string, std::string> unit_of_node;
  for (const auto& n : *nodes) unit_of_node[n.id] = n.unit_id;
  auto audit = ServerStore(s).audit_of("progress");
  if (!audit) return audit.status();
  for (const auto& e : *audit) {
    // The unit's own note is public only as the province publishes it
    // (public_note_md, whose changes do show).
    if (e.column == "_row" || e.column == "note_md") continue;
    auto unit = unit_of_node.find(e.node_id);
    out->push_back(ProgressChange{e.at, unit == unit_of_node.end() ? std::string() : unit->second, e.pk, e.column,
                                  as_text(e.old_value), as_text(e.new_value), e.hlc});
  }
  return Status::ok();
}

// The published stories, loaded step by step; `index` finds one by id.
struct StoryLoad {
  Store& s;
  std::vector<Story>& stories;
  std::unordered_map<std::string, std::size_t> index;
};

// Metadata only, with each row's version; no body (has_body = false).
Status load_story_rows(StoryLoad& l) {
  auto versions = l.s.row_versions("stories");
  if (!versions) return versions.status();
  auto next_version = versions->begin();
  return l.s.each_where(
      "stories", "status", {"published"},
      {"id", "unit_id", "title", "subject", "category", "cover_hash", "created_on", "published_on"},
      [&](std::vector<Value>& c) {
        Story st;
        st.id = take_text(c[0]);
        st.unit_id = take_text(c[1]);
        st.title = take_text(c[2]);
        st.subject = take_text(c[3]);
        st.category = take_text(c[4]);
        st.cover_hash = take_text(c[5]);
        st.created_on = take_text(c[6]);
        st.published_on = take_text(c[7]);
        st.has_body = false;
        // Both in id order: walk the versions along instead of a lookup each.
        while (next_version != versions->end() && next_version->first < st.id) ++next_version;
        st.version = next_version != versions->end() && next_version->first == st.id ? next_version->second : 0;
        l.index.emplace(st.id, l.stories.size());
        l.stories.push_back(std::move(st));
      });
}

// The photos each story may show (their bytes stay in the database), by
// ordinal.
Status load_story_photos(StoryLoad& l) {
  std::vector<std::string> ids;
  for (const auto& st : l.stories) ids.push_back(st.id);
  std::optional<Status> failed;
  THIDUA_RETURN_IF_ERROR(in_chunks(ids, [&](const std::vector<std::string>& chunk) -> Status {
    return l.s.each_where("story_photos", "story_id", chunk, {"id", "story_id", "blob_hash", "alt", "ordinal"},
                          [&](std::vector<Value>& c) {
                            if (failed) return;
                            Photo p;
                            p.id = take_text(c[0]);
                            p.blob_hash = take_text(c[2]);
                            p.alt = take_text(c[3]);
                            p.ordinal = std::holds_alternative<std::int64_t>(c[4]) ? std::get<std::int64_t>(c[4]) : 0;
                            auto info = l.s.blob_info(p.blob_hash);
                            if (!info) {
                              failed = info.status();
                              return;
                            }
                            if (!*info) return;  // its bytes have not reached the server yet
                            // A dossier's document is never public (issue 13),
                            // even named as a story's photo: no PDF, no hash a
                            // nomination_documents row uses.
                            if ((*info)->mime.rfind("image/", 0) != 0) return;
                            auto dossier = l.s.ids_where("nomination_documents", "blob_hash", Value(p.blob_hash));
                            if (!dossier) {
                              failed = dossier.status();
                              return;
                            }
                            if (!dossier->empty()) return;
                            // Only a photo the story's unit (or the province)
                            // uploaded itself: a hash copied from another
                            // district's draft publishes nothing (authz.h).
                            Story& story = l.stories[l.index.at(take_text(c[1]))];
                            auto shown = ServerStore(l.s).story_may_show_blob(p.blob_hash, story.unit_id);
                            if (!shown) {
                              failed = shown.status();
                              return;
                            }
                            if (!*shown) return;
                            p.mime = (*info)->mime;
                            p.width = (*info)->width.value_or(0);
                            p.height = (*info)->height.value_or(0);
                            story.photos.push_back(std::move(p));
                          });
  }));
  if (failed) return *failed;
  for (auto& st : l.stories) {
    std::sort(st.photos.begin(), st.photos.end(), [](const Photo& a, const Photo& b) {
      return a.ordinal != b.ordinal ? a.ordinal < b.ordinal : a.id < b.id;
    });
  }
  return Status::ok();
}

// The bodies of the stories `need_body` asks for (all when it is unset).
Status load_story_bodies(StoryLoad& l, const Source::NeedBody& need_body, const std::vector<Unit>& units) {
  std::vector<std::string> wanted;
  for (const auto& st : l.stories)
    if (!need_body || need_body(st, units)) wanted.push_back(st.id);
  return in_chunks(wanted, [&](const std::vector<std::string>& chunk) -> Status {
    return l.s.each_where("stories", "id", chunk, {"id", "body_md", "status"}, [&](std::vector<Value>& c) {
      if (as_text(c[2]) != "published") return;  // only published text is ever kept
      auto& st = l.stories[l.index.at(take_text(c[0]))];
      st.body_md = take_text(c[1]);
      st.has_body = true;
    });
  });
}

// Stories: metadata first; bodies (most of the bytes) only where needed.
// Newest first.
Status load_stories(Store& s, const Source::NeedBody& need_body, const std::vector<Unit>& units,
                    std::vector<Story>* out) {
  StoryLoad l{s, *out, {}};
  THIDUA_RETURN_IF_ERROR(load_story_rows(l));
  THIDUA_RETURN_IF_ERROR(load_story_photos(l));
  THIDUA_RETURN_IF_ERROR(load_story_bodies(l, need_body, units));
  std::sort(out->begin(), out->end(), [](const Story& a, const Story& b) {
    return a.published_on != b.published_on ? a.published_on > b.published_on : a.id < b.id;
  });
  return Status::ok();
}

}  // namespace

struct Source::Impl {
  std::unique_ptr<Store> store;
};

Source::Source(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Source::~Source() = default;

Result<std::unique_ptr<Source>> Source::open(const std::string& db_path) {
  OpenOptions o;
  o.read_only = true;
  o.create = false;
  o.mmap_mib = 1024;  // the site steps over every body to reach its status: no copy per page
  auto store = Store::open(db_path, o);
  if (!store) return store.status();  // in the reader's words, the file named once
  auto impl = std::make_unique<Impl>();
  impl->store = std::move(*store);
  return std::unique_ptr<Source>(new Source(std::move(impl)));
}

Result<SiteData> Source::load(const NeedBody& need_body) {
  // One snapshot: a story published or withdrawn while the site builds is
  // seen entirely before or entirely after.
  SiteData d;
  Status st = impl_->store->read_snapshot([&] { return load_into(need_body, &d); });
  if (!st.is_ok()) return st;
  return d;
}

Status Source::load_into(const NeedBody& need_body, SiteData* out) {
  Store& s = *impl_->store;
  THIDUA_RETURN_IF_ERROR(load_units(s, &out->units));
  THIDUA_RETURN_IF_ERROR(load_plans(s, &out->plans));
  THIDUA_RETURN_IF_ERROR(load_progress(s, &out->progress));
  THIDUA_RETURN_IF_ERROR(load_history(s, &out->history));
  THIDUA_RETURN_IF_ERROR(load_stories(s, need_body, out->units, &out->stories));
  return load_commendations(s, out);
}

Result<std::string> Source::photo_bytes(const std::string& hash) {
  auto bytes = impl_->store->blob_bytes(hash);
  if (!bytes) return bytes.status();
  if (!*bytes) return Status::not_found("no photo " + hash);
  return std::move(**bytes);
}

}  // namespace thidua::site
