// The packed clock record of a row (store/internal/row_clocks.h): its JSON
// codec, written by hand because it runs for every row the merge and the
// pull touch, and its reads and writes.
#include "store/internal/row_clocks.h"

#include <algorithm>
#include <charconv>

namespace thidua {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool done() {
    skip();
    return i_ == s_.size();
  }
  bool eat(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool integer(std::int64_t* out) {
    skip();
    auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + s_.size(), *out);
    if (ec != std::errc()) return false;
    i_ = static_cast<size_t>(end - s_.data());
    return true;
  }
  bool string(std::string* out) {
    if (!eat('"')) return false;
    out->clear();
    while (i_ < s_.size()) {
      size_t plain = s_.find_first_of("\"\\", i_);
      if (plain == std::string_view::npos) return false;
      out->append(s_.substr(i_, plain - i_));
      i_ = plain + 1;
      if (s_[plain] == '"') return true;
      if (i_ >= s_.size() || !escape(out)) return false;
    }
    return false;
  }

 private:
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  bool hex4(unsigned* out) {
    if (i_ + 4 > s_.size()) return false;
    auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + i_ + 4, *out, 16);
    if (ec != std::errc() || end != s_.data() + i_ + 4) return false;
    i_ += 4;
    return true;
  }
  static void utf8(std::string* out, unsigned cp) {
    if (cp < 0x80) {
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xC0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *out += static_cast<char>(0xE0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (cp >> 18));
      *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  bool escape(std::string* out) {
    char c = s_[i_++];
    switch (c) {
      case '"': case '\\': case '/': *out += c; return true;
      case 'b': *out += '\b'; return true;
      case 'f': *out += '\f'; return true;
      case 'n': *out += '\n'; return true;
      case 'r': *out += '\r'; return true;
      case 't': *out += '\t'; return true;
      case 'u': {
        unsigned cp = 0;
        if (!hex4(&cp)) return false;
        if (cp >= 0xD800 && cp < 0xDC00 && i_ + 1 < s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
          i_ += 2;
          unsigned low = 0;
          if (!hex4(&low)) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        utf8(out, cp);
        return true;
      }
      default:
        return false;
    }
  }

  std::string_view s_;
  size_t i_ = 0;
};

void append_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
  out += '"';
}

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

}  // namespace

Status parse_row_clocks(std::string_view json, RowClocks* out) {
  out->clear();
  Reader r(json);
  auto bad = [&] { return Status::corrupt("sync_rows holds a clock record that is not valid: " + std::string(json)); };
  if (!r.eat('{')) return bad();
  if (r.eat('}')) return r.done() ? Status::ok() : bad();
  do {
    CellStamp c;
    std::int64_t hlc = 0;
    if (!r.string(&c.column) || !r.eat(':') || !r.eat('[') || !r.integer(&hlc) || !r.eat(',') ||
        !r.string(&c.clock.node) || !r.eat(',') || !r.integer(&c.seq) || !r.eat(']')) {
      return bad();
    }
    c.clock.hlc = static_cast<Hlc>(hlc);
    out->push_back(std::move(c));
  } while (r.eat(','));
  if (!r.eat('}') || !r.done()) return bad();
  return Status::ok();
}

std::string pack_row_clocks(const RowClocks& cells) {
  std::string out = "{";
  for (const auto& c : cells) {
    if (out.size() > 1) out += ',';
    append_string(out, c.column);
    out += ":[";
    append_int(out, static_cast<std::int64_t>(c.clock.hlc));
    out += ',';
    append_string(out, c.clock.node);
    out += ',';
    append_int(out, c.seq);
    out += ']';
  }
  out += '}';
  return out;
}

CellStamp* find_stamp(RowClocks& cells, std::string_view column) {
  for (auto& c : cells)
    if (c.column == column) return &c;
  return nullptr;
}

Result<std::optional<RowClocks>> read_row_clocks(Store::Impl& impl, const std::string& table, const std::string& pk) {
  auto st = impl.cached("SELECT cells FROM sync_rows WHERE tbl = ? AND pk = ?");
  if (!st) return st.status();
  st->bind(1, table).bind(2, pk);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<RowClocks>();
  RowClocks cells;
  THIDUA_RETURN_IF_ERROR(parse_row_clocks(st->text(0), &cells));
  return std::optional<RowClocks>(std::move(cells));
}

Status write_row_clocks(Store::Impl& impl, const std::string& table, const std::string& pk, const RowClocks& cells) {
  std::int64_t hi = 0, lo = 0;
  for (const auto& c : cells) {
    hi = std::max(hi, c.seq);
    lo = lo == 0 ? c.seq : std::min(lo, c.seq);
  }
  auto st = impl.cached(
      "INSERT INTO sync_rows (tbl, pk, seq, lo, cells) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tbl, pk) DO UPDATE SET "
      "seq = excluded.seq, lo = min(lo, excluded.lo), cells = excluded.cells");
  if (!st) return st.status();
  st->bind(1, table).bind(2, pk).bind(3, hi).bind(4, lo).bind(5, pack_row_clocks(cells));
  return st->run();
}

Result<std::int64_t> take_feed_seq(Store::Impl& impl) {
  auto st = impl.cached("UPDATE sync_meta SET seq = seq + 1 WHERE id = 1 RETURNING seq");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return Status::corrupt("sync_meta has no row");
  std::int64_t seq = st->int64(0);
  st->reset();
  return seq;
}

Status restamp_cell(Store::Impl& impl, const std::string& table, const std::string& pk, const std::string& column,
                    const CellClock& clock) {
  auto cells = read_row_clocks(impl, table, pk);
  if (!cells) return cells.status();
  RowClocks row = *cells ? std::move(**cells) : RowClocks();
  auto seq = take_feed_seq(impl);
  if (!seq) return seq.status();
  if (CellStamp* c = find_stamp(row, column)) {
    c->clock = clock;
    c->seq = *seq;
  } else {
    row.push_back(CellStamp{column, clock, *seq});
  }
  return write_row_clocks(impl, table, pk, row);
}

namespace {

std::string_view text_arg(sqlite3_value* v) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_value_bytes(v))) : std::string_view();
}

// thidua_stamp(cells, column, hlc, node, seq): the record `cells` (NULL for
// none) with the column's clock set: the capture trigger's stamp.
void sql_stamp(sqlite3_context* ctx, int, sqlite3_value** argv) {
  RowClocks cells;
  if (sqlite3_value_type(argv[0]) != SQLITE_NULL) {
    if (Status s = parse_row_clocks(text_arg(argv[0]), &cells); !s.is_ok()) {
      sqlite3_result_error(ctx, s.message().c_str(), -1);
      return;
    }
  }
  const std::string column(text_arg(argv[1]));
  CellClock clock{static_cast<Hlc>(sqlite3_value_int64(argv[2])), std::string(text_arg(argv[3]))};
  const std::int64_t seq = sqlite3_value_int64(argv[4]);
  if (CellStamp* c = find_stamp(cells, column)) {
    c->clock = std::move(clock);
    c->seq = seq;
  } else {
    cells.push_back(CellStamp{column, std::move(clock), seq});
  }
  const std::string out = pack_row_clocks(cells);
  sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

// thidua_cell_hlc(cells, column): the column's HLC in the record, or NULL:
// the `base` of a captured edit.
void sql_cell_hlc(sqlite3_context* ctx, int, sqlite3_value** argv) {
  RowClocks cells;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  if (Status s = parse_row_clocks(text_arg(argv[0]), &cells); !s.is_ok()) {
    sqlite3_result_error(ctx, s.message().c_str(), -1);
    return;
  }
  if (CellStamp* c = find_stamp(cells, text_arg(argv[1]))) {
    sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(c->clock.hlc));
  } else {
    sqlite3_result_null(ctx);
  }
}

}  // namespace

Status register_row_clock_functions(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC;
  int rc = sqlite3_create_function_v2(db, "thidua_stamp", 5, flags, nullptr, sql_stamp, nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function_v2(db, "thidua_cell_hlc", 2, flags, nullptr, sql_cell_hlc, nullptr, nullptr, nullptr);
  }
  return sql::to_status(rc, db, "register thidua_stamp");
}

Result<std::optional<CellClock>> Store::Impl::cell_clock(const std::string& table, const std::string& pk,
                                                         const std::string& column) {
  auto cells = read_row_clocks(*this, table, pk);
  if (!cells) return cells.status();
  if (!*cells) return std::optional<CellClock>();
  if (CellStamp* c = find_stamp(**cells, column)) return std::optional<CellClock>(c->clock);
  return std::optional<CellClock>();
}

}  // namespace thidua
