#include "sync/client/internal/photos.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "store/node_store.h"

namespace thidua::client_internal {
namespace {

const char* const kWhat = "gửi ảnh";

// Where the server stands on each of `pending`: hash -> offset to send from;
// a hash it does not list it has already.
Result<std::map<std::string, std::int64_t>> ask_missing(Http& http, const ClientOptions& o, Pacer& pacer,
                                                        const std::vector<std::string>& pending,
                                                        SyncReport* report) {
  Exchange x;
  for (;;) {
    x = post(http, "/api/v1/photos/missing", encode_hash_list(pending), o.max_answer_bytes, report);
    if (!x.retryable()) break;
    if (!pacer.wait_after_failure(report)) return http_failure(x, kWhat);
  }
  if (x.status != 200) return http_failure(x, kWhat);
  auto missing = decode_missing(x.body);
  if (!missing) return missing.status();
  pacer.succeeded();
  std::map<std::string, std::int64_t> offsets;
  for (const auto& m : *missing) offsets[m.hash] = m.offset;
  return offsets;
}

// One photo's upload, from `offset` until the server holds all `data`.
class PhotoUpload {
 public:
  PhotoUpload(Store& store, Http& http, const ClientOptions& o, Pacer& pacer, SyncReport* report,
              SyncProgress& progress)
      : store_(store), http_(http), o_(o), pacer_(pacer), report_(report), progress_(progress) {}

  // Sends `data` (the photo `hash`) from `offset`. Sets *dropped when the
  // server refused the bytes (recorded for the clerk).
  Status send(const std::string& hash, const std::string& data, std::int64_t offset, bool* dropped);

 private:
  // After a failed chunk: waits, then asks where the server stands.
  Status recover(const std::string& hash, const Exchange& fail, std::int64_t total, std::int64_t* offset);

  Store& store_;
  Http& http_;
  const ClientOptions& o_;
  Pacer& pacer_;
  SyncReport* report_;
  SyncProgress& progress_;
};

Status PhotoUpload::recover(const std::string& hash, const Exchange& fail, std::int64_t total,
                            std::int64_t* offset) {
  if (!pacer_.wait_after_failure(report_)) return http_failure(fail, kWhat);
  // The server may hold more than we think: ask where it stands.
  auto again = post(http_, "/api/v1/photos/missing", encode_hash_list({hash}), o_.max_answer_bytes, report_);
  if (again.status == 200) {
    auto m = decode_missing(again.body);
    if (m && !m->empty()) *offset = m->front().offset;
    if (m && m->empty()) *offset = total;
  }
  return Status::ok();
}

Status PhotoUpload::send(const std::string& hash, const std::string& data, std::int64_t offset, bool* dropped) {
  const auto total = static_cast<std::int64_t>(data.size());
  std::size_t chunk = o_.photo_chunk_bytes;
  int stalls = 0;  // answers that did not move the upload forward
  while (offset < total) {
    if (stalls > 5) return Status::io("gửi ảnh " + hash.substr(0, 12) + ": máy chủ không nhận thêm dữ liệu");
    std::string part = data.substr(static_cast<std::size_t>(offset), chunk);
    std::string path =
        "/api/v1/photos/" + hash + "?offset=" + std::to_string(offset) + "&total=" + std::to_string(total);
    auto res = http_.client->Put(path, headers(http_, false), part, "application/octet-stream");
    ++report_->requests;
    report_->bytes_sent += static_cast<std::int64_t>(part.size());
    if (!res || res->status >= 500) {
      chunk = std::max<std::size_t>(4096, chunk / 2);
      Exchange fail;
      fail.transport_failed = !res;
      fail.status = res ? res->status : 0;
      THIDUA_RETURN_IF_ERROR(recover(hash, fail, total, &offset));
      continue;
    }
    report_->bytes_received += wire_length(*res);
    pacer_.succeeded();
    if (res->status == 200 || res->status == 409) {
      auto held = decode_upload_offset(res->body);
      if (!held) return held.status().with_context("gửi ảnh: câu trả lời không hợp lệ");
      stalls = *held > offset ? 0 : stalls + 1;
      offset = *held;
      if (res->status == 200) progress_.photo_bytes_sent += static_cast<std::int64_t>(part.size());
      if (o_.on_progress) o_.on_progress(progress_);
      continue;
    }
    if (res->status == 422) {  // the server refuses these bytes: keep the reason, stop retrying
      OutboxEntry e;
      e.table = "blobs";
      e.pk = hash;
      e.column = "bytes";
      THIDUA_RETURN_IF_ERROR(NodeStore(store_).record_rejection(e, decode_error(res->body)));
      report_->rejections.push_back("ảnh " + hash.substr(0, 12) + ": " + decode_error(res->body));
      *dropped = true;
      return Status::ok();
    }
    Exchange fail;
    fail.status = res->status;
    fail.body = res->body;
    return http_failure(fail, kWhat);
  }
  return Status::ok();
}

}  // namespace

Status upload_photos(Store& store, Http& http, const ClientOptions& o, Pacer& pacer, SyncReport* report) {
  auto pending = NodeStore(store).photos_to_upload();
  if (!pending) return pending.status();
  if (pending->empty()) return Status::ok();
  auto offsets = ask_missing(http, o, pacer, *pending, report);
  if (!offsets) return offsets.status();
  SyncProgress progress;
  PhotoUpload upload(store, http, o, pacer, report, progress);
  for (const auto& hash : *pending) {
    auto at = offsets->find(hash);
    if (at == offsets->end()) {  // the server has it already
      THIDUA_RETURN_IF_ERROR(NodeStore(store).photo_uploaded(hash));
      continue;
    }
    auto bytes = store.blob_bytes(hash);
    if (!bytes) return bytes.status();
    if (!*bytes) {  // nothing to send: forget it
      THIDUA_RETURN_IF_ERROR(NodeStore(store).photo_uploaded(hash));
      continue;
    }
    progress.photo_bytes_to_send += static_cast<std::int64_t>((*bytes)->size());
    bool dropped = false;
    THIDUA_RETURN_IF_ERROR(upload.send(hash, **bytes, at->second, &dropped));
    THIDUA_RETURN_IF_ERROR(NodeStore(store).photo_uploaded(hash));
    if (!dropped) ++report->photos_uploaded;
  }
  return Status::ok();
}

}  // namespace thidua::client_internal
