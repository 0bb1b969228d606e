// Internal to webapp/: what every page handler shares, and the handlers.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "records/node.h"
#include "store/store.h"
#include "webapp/internal/render.h"
#include "webapp/internal/sync_runner.h"
#include "webapp/webapp.h"

namespace thidua::webapp {

// One request, parsed: the query's and (for a POST) the form's fields,
// and the CSRF token this request's forms carry (checked already for a POST).
struct Ctx {
  const Request& req;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> form;
  std::string csrf;
};

struct App::Impl {
  AppOptions options;
  Templates templates;
  std::string csrf;
  NodeIdentity node;
  std::string unit_name;  // the unit's name, or its id before the units row came
  // The pages' connection: a Store is used from one thread at a time.
  std::mutex store_mu;
  std::unique_ptr<Store> store;
  std::unique_ptr<SyncRunner> sync;

  // The layout's values (unit, nav, title, the request's CSRF token) with
  // `active` the nav entry of this page ("home", "tasks"; "" for none).
  Data base_data(const Ctx& ctx, const std::string& title, const std::string& active) const;
  // A page with the security headers added later by App::handle.
  Response page(int status, const std::string& name, Data data) const;
  // A Vietnamese error page (it holds no form, so needs no token).
  Response error(int status, const std::string& title, const std::string& detail) const;
  // 303 See Other to `location` (post/redirect/get).
  static Response redirect(const std::string& location);
};

// The handlers (pages_home.cc, pages_tasks.cc). Each takes the store lock
// itself, so a sync (which has its own connection) never blocks a page.
Response home_page(App::Impl& app, const Ctx& ctx);
Response sync_now(App::Impl& app, const Ctx& ctx);
Response tasks_page(App::Impl& app, const Ctx& ctx);
Response task_form(App::Impl& app, const Ctx& ctx, const std::string& task_id);
Response task_submit(App::Impl& app, const Ctx& ctx, const std::string& task_id);
Response note_preview(App::Impl& app, const Ctx& ctx);

}  // namespace thidua::webapp
