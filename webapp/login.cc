// Who is using the app: the browser's session, and the login page when a
// password is set (`thidua node ui-password`). The contract is auth.h's.
#include "common/password.h"
#include "store/node_store.h"
#include "webapp/internal/app_impl.h"

namespace thidua::webapp {
namespace {

Response login_form(App::Impl& app, const Ctx& ctx, int status, const std::string& error) {
  Data d = app.base_data(ctx, "Đăng nhập", "");
  d.set("nav", List{});  // nothing to reach before the login
  if (!error.empty()) d.set("error", error);
  return app.page(status, "login", std::move(d));
}

}  // namespace

Result<std::optional<std::string>> current_password(App::Impl& app) {
  std::lock_guard lock(app.store_mu);
  auto hash = NodeStore(*app.store).ui_password_hash();
  if (!hash) return hash.status();
  if (*hash != app.password_seen) {
    // Set, changed or cleared since the last request: whoever was logged
    // in logs in again with the password as it is now.
    app.sessions.destroy_all();
    app.password_seen = *hash;
  }
  return *hash;
}

void attach_session(App::Impl& app, Ctx& ctx) {
  auto cookie = ctx.req.headers.find("cookie");
  std::string token =
      cookie == ctx.req.headers.end() ? "" : session_token_from_cookies(cookie->second);
  auto session = token.empty() ? std::nullopt : app.sessions.check(token);
  if (!session) {
    token = app.sessions.create(false);
    ctx.set_cookie = session_cookie(token);
    session = Session{};
  }
  ctx.session_token = token;
  ctx.logged_in = session->logged_in;
  ctx.csrf = csrf_token(token);
}

Response login_page(App::Impl& app, const Ctx& ctx) {
  if (!ctx.password_set || ctx.logged_in) return App::Impl::redirect("/");
  return login_form(app, ctx, 200, "");
}

Response login_submit(App::Impl& app, const Ctx& ctx) {
  if (!ctx.password_set) return App::Impl::redirect("/");
  if (auto refused = app.throttle.refusal(ctx.req.remote_addr))
    return login_form(app, ctx, 429, *refused);
  auto field = ctx.form.find("mat-khau");
  const std::string typed = field == ctx.form.end() ? "" : field->second;
  if (typed.empty() || typed.size() > kMaxPasswordBytes) {
    return login_form(app, ctx, 400, "Nhập mật khẩu của ứng dụng trên máy này.");
  }
  const PasswordCheck check = check_password(ctx.password_hash, typed);
  if (check == PasswordCheck::kWrong) {
    app.throttle.failed(ctx.req.remote_addr);
    return login_form(app, ctx, 401,
                      "Mật khẩu không đúng. Hãy gõ lại (chú ý chữ hoa và bộ gõ tiếng Việt).");
  }
  app.throttle.succeeded(ctx.req.remote_addr);
  if (check == PasswordCheck::kRightRehash) {
    // Best effort: the login stands whether or not the new hash is kept.
    if (auto fresh = hash_password(typed)) {
      std::lock_guard lock(app.store_mu);
      if (NodeStore(*app.store).set_ui_password_hash(*fresh).is_ok()) app.password_seen = *fresh;
    }
  }
  // A new token: one planted in this browser before the login is worth
  // nothing after it.
  app.sessions.destroy(ctx.session_token);
  Response r = App::Impl::redirect("/");
  r.headers.emplace_back("Set-Cookie", session_cookie(app.sessions.create(true)));
  return r;
}

Response logout(App::Impl& app, const Ctx& ctx) {
  app.sessions.destroy(ctx.session_token);
  Response r = App::Impl::redirect(ctx.password_set ? "/dang-nhap" : "/");
  r.headers.emplace_back("Set-Cookie", cleared_session_cookie());
  return r;
}

}  // namespace thidua::webapp
