// Internal to webapp/: what every page handler shares, and the handlers.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "records/node.h"
#include "store/store.h"
#include "webapp/auth.h"
#include "webapp/internal/http.h"
#include "webapp/internal/render.h"
#include "webapp/internal/sync_runner.h"
#include "webapp/webapp.h"

namespace thidua::webapp {

// One request, parsed: the query's and (for a POST) the form's fields,
// the browser's session (webapp/auth.h) and the CSRF token this request's
// forms carry (checked already for a POST).
struct Ctx {
  explicit Ctx(const Request& r) : req(r) {}
  const Request& req;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> form;
  std::string csrf;
  std::string session_token;
  bool logged_in = false;
  bool password_set = false;
  std::string password_hash;  // when password_set
  // The Set-Cookie of a session made for this request ("" when the browser
  // sent a live one); added unless the handler sets a cookie itself.
  std::string set_cookie;
};

// The form field `name` of a POST, "" when the browser did not send it.
inline std::string field(const Ctx& ctx, const std::string& name) { return value_of(ctx.form, name); }

struct App::Impl {
  AppOptions options;
  Templates templates;
  NodeIdentity node;
  std::string unit_name;  // the unit's name, or its id before the units row came
  // The pages' connection: a Store is used from one thread at a time.
  std::mutex store_mu;
  std::unique_ptr<Store> store;
  std::unique_ptr<SyncRunner> sync;
  SessionStore sessions;
  LoginThrottle throttle;
  // The password hash last read (sessions end when it changes: `node
  // ui-password` may run while the app does). Under store_mu.
  std::optional<std::string> password_seen;

  // The layout's values (unit, nav, title, the request's CSRF token) with
  // `active` the nav entry of this page ("home", "tasks"; "" for none).
  Data base_data(const Ctx& ctx, const std::string& title, const std::string& active) const;
  // A page with the security headers added later by App::handle.
  Response page(int status, const std::string& name, Data data) const;
  // A Vietnamese error page (it holds no form, so needs no token).
  Response error(int status, const std::string& title, const std::string& detail) const;
  // 303 See Other to `location` (post/redirect/get).
  static Response redirect(const std::string& location);
  // HTML made elsewhere (a preview), with the headers of a page: never cached.
  static Response html(int status, std::string body);
};

// The handlers (pages_home.cc, pages_tasks.cc). Each takes the store lock
// itself, so a sync (which has its own connection) never blocks a page.
Response home_page(App::Impl& app, const Ctx& ctx);
Response sync_now(App::Impl& app, const Ctx& ctx);
Response tasks_page(App::Impl& app, const Ctx& ctx);
Response task_form(App::Impl& app, const Ctx& ctx, const std::string& task_id);
Response task_submit(App::Impl& app, const Ctx& ctx, const std::string& task_id);
Response note_preview(App::Impl& app, const Ctx& ctx);
// login.cc: the password, read per request (nullopt: none set); the
// session of this browser; the login and logout pages.
Result<std::optional<std::string>> current_password(App::Impl& app);
void attach_session(App::Impl& app, Ctx& ctx);
Response login_page(App::Impl& app, const Ctx& ctx);
Response login_submit(App::Impl& app, const Ctx& ctx);
Response logout(App::Impl& app, const Ctx& ctx);

}  // namespace thidua::webapp
