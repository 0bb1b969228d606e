// Internal to webapp/: reading what a browser sends (percent-encoding,
// forms, cookies, Host) without trusting any of it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "webapp/webapp.h"

namespace thidua::webapp {

// `s` with %XX decoded and, when `plus_is_space` (forms and queries), '+'
// as a space. nullopt for a malformed escape or a result that is not UTF-8.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

// A path segment or query value percent-encoded (unreserved characters kept).
std::string percent_encode(std::string_view s);

// "a=1&b=x+y" as fields. kInvalid (with a Vietnamese message) for a
// malformed escape, text that is not UTF-8, or a field given twice: a
// form of this app never sends one twice, so a second value is a forgery
// or a mistake, not a choice to make silently.
Result<std::map<std::string, std::string>> parse_fields(std::string_view encoded);

// The value of `name` in `fields` (a form as parse_fields or text_fields_of
// reads it, or the values a page keeps), "" when absent: a field the
// browser did not send reads as one left empty.
std::string value_of(const std::map<std::string, std::string>& fields, const std::string& name);

// Whether a multipart part is a file (webapp.h, UploadedFile).
bool is_file_part(const UploadedFile& part);

// The text fields of a multipart body, as parse_fields gives an urlencoded
// one's: kInvalid for a field given twice or text that is not UTF-8.
Result<std::map<std::string, std::string>> text_fields_of(const std::vector<UploadedFile>& parts);

// The cookies of a Cookie header ("a=1; b=2"); malformed pairs are skipped.
std::map<std::string, std::string> parse_cookies(std::string_view header);

// True when the Host header names this app: `listen_host`, localhost,
// 127.0.0.1 or [::1], with an optional numeric port. Anything else (a
// rebinding attacker's domain) is false.
bool host_allowed(std::string_view host_header, const std::string& listen_host);

// Compares without stopping at the first difference (the CSRF token).
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace thidua::webapp
