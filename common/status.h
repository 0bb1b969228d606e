// Status and Result<T>: expected failures as values.
//
// A Status is either ok or carries a code and a message that names what
// failed and, where possible, what to do about it. Result<T> holds a T or a
// non-ok Status. Neither throws; exceptions stop at module boundaries.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace thidua {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalid,      // bad input: malformed file, value outside its set, ...
    kNotFound,     // a named thing does not exist
    kExists,       // refusing to overwrite something that exists
    kConflict,     // version or state mismatch (e.g. schema too new)
    kBusy,         // database locked beyond the busy timeout
    kIo,           // the file system or the database file failed
    kCorrupt,      // the database file is damaged
    kInternal,     // a bug: an invariant did not hold
  };

  Status() = default;
  static Status ok() { return Status(); }
  static Status invalid(std::string msg) { return {Code::kInvalid, std::move(msg)}; }
  static Status not_found(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status exists(std::string msg) { return {Code::kExists, std::move(msg)}; }
  static Status conflict(std::string msg) { return {Code::kConflict, std::move(msg)}; }
  static Status busy(std::string msg) { return {Code::kBusy, std::move(msg)}; }
  static Status io(std::string msg) { return {Code::kIo, std::move(msg)}; }
  static Status corrupt(std::string msg) { return {Code::kCorrupt, std::move(msg)}; }
  static Status internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

  bool is_ok() const { return code_ == Code::kOk; }
  explicit operator bool() const { return is_ok(); }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "<context>: <message>".
  Status with_context(const std::string& context) const {
    if (is_ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.is_ok() && "Result needs a value or a failed Status");
  }

  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const { return status_; }

  T& value() & { assert(value_); return *value_; }
  const T& value() const& { assert(value_); return *value_; }
  T&& value() && { assert(value_); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace thidua

// Returns early from the enclosing function with the failed Status of expr.
#define THIDUA_RETURN_IF_ERROR(expr)              \
  do {                                            \
    ::thidua::Status thidua_status_ = (expr);     \
    if (!thidua_status_.is_ok()) return thidua_status_; \
  } while (0)

#define THIDUA_CONCAT_INNER(a, b) a##b
#define THIDUA_CONCAT(a, b) THIDUA_CONCAT_INNER(a, b)

// Declares `lhs` from the value of a Result expression, or returns its Status.
#define THIDUA_ASSIGN_OR_RETURN(lhs, expr)                          \
  auto THIDUA_CONCAT(thidua_result_, __LINE__) = (expr);            \
  if (!THIDUA_CONCAT(thidua_result_, __LINE__).is_ok())             \
    return THIDUA_CONCAT(thidua_result_, __LINE__).status();        \
  lhs = std::move(THIDUA_CONCAT(thidua_result_, __LINE__)).value()
