#include "kiosk/archive/s3.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <curl/curl.h>
#include <fstream>
#include <future>
#include <mutex>

#include "kiosk/crypto/crypto.h"

namespace kiosk::archive {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMostResponseBytes = 4 << 20;  // an S3 answer is XML of a few kB

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// RFC 3986: what SigV4's canonical form leaves unencoded; '/' kept between the key's segments.
std::string encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char character : text) {
    const auto c = static_cast<unsigned char>(character);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out.push_back(character);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* response = static_cast<S3Response*>(user);
  const std::size_t bytes = size * count;
  if (response->body.size() + bytes > kMostResponseBytes) return 0;  // a runaway answer stops the transfer
  response->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* response = static_cast<S3Response*>(user);
  const std::string_view line(data, size * count);
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    response->headers[name] = std::string(value);
  }
  return size * count;
}

// XML's five entities and &#34;, each decoded once, left to right: "&amp;lt;" is "&lt;", not "<".
std::string decode_entities(std::string_view text) {
  static const std::pair<std::string_view, char> kEntities[] = {{"&quot;", '"'}, {"&amp;", '&'},   {"&lt;", '<'},
                                                                {"&gt;", '>'},   {"&apos;", '\''}, {"&#34;", '"'}};
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    bool decoded = false;
    if (text[at] == '&') {
      for (const auto& [entity, character] : kEntities) {
        if (text.substr(at, entity.size()) == entity) {
          out += character;
          at += entity.size();
          decoded = true;
          break;
        }
      }
    }
    if (!decoded) out += text[at++];
  }
  return out;
}

// "2026-12-29T09:00:00Z"
std::string utc_iso8601(std::time_t when) {
  std::tm parts{};
  gmtime_r(&when, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

Expected<std::string> read_range(const fs::path& file, std::uint64_t offset, std::uint64_t length) {
  // (std::string of the length, read in one call: a byte-at-a-time iterator would be the slowest part of a put.)
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error("cannot read " + file.string());
  in.seekg(static_cast<std::streamoff>(offset));
  std::string bytes(length, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(length));
  if (static_cast<std::uint64_t>(in.gcount()) != length) return Error("cannot read " + file.string() + " whole");
  return bytes;
}

std::string hex_of(std::string_view raw) {
  return crypto::to_hex(std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
}

}  // namespace

S3Client::S3Client(S3Settings settings) : settings_(std::move(settings)) {
  global_init();
  curl_ = curl_easy_init();
}

S3Client::~S3Client() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

std::string S3Client::url(const std::string& key, const std::string& query) const {
  std::string endpoint = settings_.endpoint;
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  std::string address = endpoint + "/" + encode(settings_.bucket, false);
  if (!key.empty()) address += "/" + encode(key, true);
  if (!query.empty()) address += "?" + query;
  return address;
}

S3Response S3Client::request(const std::string& method, const std::string& key, const std::string& query,
                             const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body,
                             const std::string& body_sha256_hex) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);
  S3Response response;
  const std::string address = url(key, query);
  const std::string sigv4 = "aws:amz:" + settings_.region + ":s3";
  const std::string credentials = settings_.access_key + ":" + settings_.secret_key;
  curl_easy_setopt(curl, CURLOPT_URL, address.c_str());
  curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl_easy_setopt(curl, CURLOPT_USERPWD, credentials.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  if (!settings_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.client_cert.empty()) curl_easy_setopt(curl, CURLOPT_SSLCERT, settings_.client_cert.c_str());
  if (!settings_.client_key.empty()) curl_easy_setopt(curl, CURLOPT_SSLKEY, settings_.client_key.c_str());
  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method == "PUT" || method == "POST") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
  }
  // curl 7.88 signs the payload's hash only when told it: x-amz-content-sha256, computed here.
  curl_slist* list = nullptr;
  const std::string payload_hash =
      "x-amz-content-sha256: " + (body_sha256_hex.empty() ? crypto::sha256_hex(body) : body_sha256_hex);
  list = curl_slist_append(list, payload_hash.c_str());
  list = curl_slist_append(list, "Expect:");
  list = curl_slist_append(list, "Content-Type: application/octet-stream");
  std::vector<std::string> lines;
  lines.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    lines.push_back(name + ": " + value);
    list = curl_slist_append(list, lines.back().c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  const CURLcode result = curl_easy_perform(curl);
  curl_slist_free_all(list);
  if (result != CURLE_OK) {
    response.status = 0;
    response.transport_error = curl_easy_strerror(result);
    return response;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

std::string xml_value(std::string_view xml, std::string_view tag) {
  const auto values = xml_elements(xml, tag);
  return values.empty() ? std::string() : decode_entities(values.front());
}

std::vector<std::string> xml_elements(std::string_view xml, std::string_view tag) {
  std::vector<std::string> values;
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  std::size_t at = 0;
  while ((at = xml.find(open, at)) != std::string_view::npos) {
    const std::size_t start = at + open.size();
    const std::size_t end = xml.find(close, start);
    if (end == std::string_view::npos) break;
    values.emplace_back(xml.substr(start, end - start));
    at = end + close.size();
  }
  return values;
}

SinkError describe_s3_error(const S3Response& response, const std::string& doing) {
  SinkError error;
  if (response.status == 0) {
    const bool tls = response.transport_error.find("SSL") != std::string::npos ||
                     response.transport_error.find("certificate") != std::string::npos;
    error.message = "S3: " + doing + ": " + response.transport_error +
                    (tls ? " — the archive's TLS certificate is not trusted: give its CA in archive.s3_ca_file"
                         : " — the archive is unreachable; it is tried again");
    error.permanent = tls;
    return error;
  }
  const std::string code = xml_value(response.body, "Code");
  const std::string message = xml_value(response.body, "Message");
  error.message = "S3: " + doing + ": HTTP " + std::to_string(response.status) + (code.empty() ? "" : " " + code) +
                  (message.empty() ? "" : " (" + message + ")");
  if (const auto retry = response.headers.find("retry-after"); retry != response.headers.end()) {
    error.retry_after_ms = std::atoll(retry->second.c_str()) * 1000;
  }
  if (response.status == 403 || code == "NoSuchBucket" || code == "InvalidAccessKeyId" ||
      code == "SignatureDoesNotMatch" || code == "AccessDenied") {
    error.permanent = true;
    error.message += " — check the archive's address, bucket and credentials in the config";
  } else if (response.status == 429 || response.status == 503 || response.status >= 500) {
    error.message += " — the archive is busy or failing; it is tried again later";
  }
  return error;
}

std::string S3Sink::describe() const {
  return "s3 " + client_.url("", "");
}

Expected<void> S3Sink::check_reachable() {
  last_error_ = {};
  const S3Response response = client_.request("GET", "", "location", {});
  if (response.status != 200) return fail(describe_s3_error(response, "GET " + client_.url("", "location")));
  return {};
}

Error S3Sink::fail(SinkError error) {
  last_error_ = std::move(error);
  return Error(last_error_.message);
}

std::vector<std::pair<std::string, std::string>> S3Sink::lock_headers() const {
  const S3Settings& settings = client_.settings();
  if (settings.lock_mode.empty()) return {};
  return {{"x-amz-object-lock-mode", settings.lock_mode},
          {"x-amz-object-lock-retain-until-date",
           utc_iso8601(std::time(nullptr) + static_cast<std::time_t>(settings.retain_days) * 86400)}};
}

Expected<std::string> S3Sink::expected_etag(const fs::path& file, std::uint64_t bytes) const {
  // One PUT: the MD5 of the bytes. In parts: the MD5 of the parts' MD5s, and "-" and their count.
  const std::uint64_t part_size = std::max<std::uint64_t>(client_.settings().part_size, 5ULL << 20);
  if (bytes <= client_.settings().multipart_threshold) {
    return "\"" + hex_of(crypto::md5_raw(TRY(read_range(file, 0, bytes)))) + "\"";
  }
  std::string md5s;
  std::uint64_t parts = 0;
  for (std::uint64_t offset = 0; offset < bytes; offset += part_size, ++parts) {
    md5s += crypto::md5_raw(TRY(read_range(file, offset, std::min(part_size, bytes - offset))));
  }
  return "\"" + hex_of(crypto::md5_raw(md5s)) + "-" + std::to_string(parts) + "\"";
}

Expected<bool> S3Sink::head_matches(const std::string& key, std::uint64_t bytes, const std::string& sha256,
                                    const std::string& etag) {
  const S3Response head = client_.request("HEAD", key, "", {});
  if (head.status == 404) return false;
  if (head.status != 200) return fail(describe_s3_error(head, "HEAD " + key));
  const auto length = head.headers.find("content-length");
  const auto stored = head.headers.find("x-amz-meta-sha256");
  const auto returned = head.headers.find("etag");
  // The metadata is only what was said; the ETag is what the store computed from the bytes it received.
  return length != head.headers.end() && length->second == std::to_string(bytes) && stored != head.headers.end() &&
         stored->second == sha256 && returned != head.headers.end() && returned->second == etag;
}

Expected<bool> S3Sink::holds(const std::string& key, const fs::path& file, std::uint64_t bytes,
                             const std::string& sha256) {
  last_error_ = {};
  const S3Response head = client_.request("HEAD", key, "", {});
  if (head.status == 404) return false;
  if (head.status != 200) return fail(describe_s3_error(head, "HEAD " + key));
  const auto length = head.headers.find("content-length");
  const auto stored = head.headers.find("x-amz-meta-sha256");
  if (length == head.headers.end() || length->second != std::to_string(bytes) || stored == head.headers.end() ||
      stored->second != sha256) {
    return false;  // not there, or another file: no need to read the local one
  }
  return head_matches(key, bytes, sha256, TRY(expected_etag(file, bytes)));
}

Expected<void> S3Sink::put(const std::string& key, const fs::path& file, std::uint64_t bytes,
                           const std::string& sha256) {
  last_error_ = {};
  const std::string etag = bytes > client_.settings().multipart_threshold ? TRY(put_multipart(key, file, bytes, sha256))
                                                                          : TRY(put_single(key, file, bytes, sha256));
  // What the archive now holds: its size, the SHA-256 it keeps with it, and the ETag of the bytes it received.
  if (!TRY(head_matches(key, bytes, sha256, etag))) {
    return fail(
        SinkError{"S3: " + key + " is not what was sent (HEAD: other size or SHA-256) — it is sent again", false, 0});
  }
  return {};
}

S3Sink::Body S3Sink::load(const fs::path& file, std::uint64_t bytes) {
  Body body;
  auto read = read_range(file, 0, bytes);
  if (!read) {
    body.error = read.error().message();
    return body;
  }
  body.bytes = std::move(*read);
  // Both digests at once, on two cores.
  auto md5_task = std::async(std::launch::async, [&] { return crypto::md5_raw(body.bytes); });
  body.sha256_raw = crypto::sha256_raw(body.bytes);
  body.md5_raw = md5_task.get();
  return body;
}

void S3Sink::prepare(const fs::path& file, std::uint64_t bytes) {
  next_path_ = bytes <= client_.settings().multipart_threshold ? file : fs::path();
  next_bytes_ = bytes;
}

Expected<std::string> S3Sink::put_single(const std::string& key, const fs::path& file, std::uint64_t bytes,
                                         const std::string& sha256) {
  Body body;
  if (prepared_.valid() && prepared_path_ == file) {
    body = prepared_.get();
    if (body.bytes.size() != bytes) body = load(file, bytes);  // it changed since: read it again
  } else {
    body = load(file, bytes);
  }
  // The next file is read and hashed while this one is on the wire.
  if (!next_path_.empty() && next_path_ != file) {
    prepared_path_ = next_path_;
    prepared_ = std::async(std::launch::async, [next = next_path_, size = next_bytes_] { return load(next, size); });
    next_path_.clear();
  }
  if (!body.error.empty()) return fail(SinkError{body.error, false, 0});
  if (hex_of(body.sha256_raw) != sha256) {
    return fail(SinkError{"the local case file is damaged, so it is not shipped: " + file.string() +
                              " does not match its manifest — keep it for investigation",
                          false, 0});
  }
  std::vector<std::pair<std::string, std::string>> headers{{"Content-MD5", crypto::base64(body.md5_raw)},
                                                           {"x-amz-checksum-sha256", crypto::base64(body.sha256_raw)},
                                                           {"x-amz-meta-sha256", sha256}};
  for (auto& header : lock_headers()) headers.push_back(std::move(header));
  const S3Response response = client_.request("PUT", key, "", headers, body.bytes, sha256);
  if (response.status != 200) return fail(describe_s3_error(response, "PUT " + key));
  return "\"" + hex_of(body.md5_raw) + "\"";
}

Expected<std::string> S3Sink::put_multipart(const std::string& key, const fs::path& file, std::uint64_t bytes,
                                            const std::string& sha256) {
  const S3Settings& settings = client_.settings();
  const std::uint64_t part_size = std::max<std::uint64_t>(settings.part_size, 5ULL << 20);
  // An upload of this key left unfinished (a crash, a cut connection) is continued, not begun again.
  std::string upload_id;
  const S3Response listed = client_.request("GET", "", "prefix=" + encode(key, false) + "&uploads=", {});
  if (listed.status == 200) {
    for (const std::string& upload : xml_elements(listed.body, "Upload")) {
      if (xml_value(upload, "Key") == key) upload_id = xml_value(upload, "UploadId");
    }
  }
  if (upload_id.empty()) {
    std::vector<std::pair<std::string, std::string>> headers{{"x-amz-meta-sha256", sha256}};
    if (settings.lock_on_multipart) {
      for (auto& header : lock_headers()) headers.push_back(std::move(header));
    }
    const S3Response created = client_.request("POST", key, "uploads=", headers);
    upload_id = xml_value(created.body, "UploadId");
    if (created.status != 200 || upload_id.empty()) {
      return fail(describe_s3_error(created, "starting the multipart upload of " + key));
    }
  }
  const std::string id_query = "uploadId=" + encode(upload_id, false);
  // The parts the server already holds, by number and ETag (the part's MD5).
  std::map<int, std::string> held;
  const S3Response parts = client_.request("GET", key, id_query, {});
  if (parts.status == 200) {
    for (const std::string& part : xml_elements(parts.body, "Part")) {
      held[std::atoi(xml_value(part, "PartNumber").c_str())] = xml_value(part, "ETag");
    }
  }
  std::string complete = "<CompleteMultipartUpload>";
  std::string md5s;
  crypto::Sha256 whole;
  const auto count = static_cast<int>((bytes + part_size - 1) / part_size);
  for (int number = 1; number <= count; ++number) {
    const std::uint64_t offset = static_cast<std::uint64_t>(number - 1) * part_size;
    const std::string body = TRY(read_range(file, offset, std::min(part_size, bytes - offset)));
    whole.update(body);  // (the whole file's SHA-256 as the parts go: it must be the manifest's)
    auto md5_task = std::async(std::launch::async, [&] { return crypto::md5_raw(body); });
    const std::string digest = crypto::sha256_raw(body);
    const std::string md5 = md5_task.get();
    md5s += md5;
    std::string etag = "\"" + hex_of(md5) + "\"";
    if (held[number] != etag) {
      const S3Response sent =
          client_.request("PUT", key, "partNumber=" + std::to_string(number) + "&" + id_query,
                          {{"Content-MD5", crypto::base64(md5)}, {"x-amz-checksum-sha256", crypto::base64(digest)}},
                          body, hex_of(digest));
      if (sent.status != 200) return fail(describe_s3_error(sent, "part " + std::to_string(number) + " of " + key));
      ++parts_sent_;
      if (const auto returned = sent.headers.find("etag"); returned != sent.headers.end() && returned->second != etag) {
        return fail(SinkError{"S3: part " + std::to_string(number) + " of " + key +
                                  " arrived damaged (its ETag is not the MD5 sent) — it is sent again",
                              false, 0});
      }
    }
    complete += "<Part><PartNumber>" + std::to_string(number) + "</PartNumber><ETag>" + etag + "</ETag></Part>";
  }
  complete += "</CompleteMultipartUpload>";
  if (crypto::to_hex(whole.finish()) != sha256) {
    return fail(SinkError{"the local case file is damaged, so it is not shipped: " + file.string() +
                              " does not match its manifest — keep it for investigation",
                          false, 0});
  }
  const S3Response done = client_.request("POST", key, id_query, {}, complete);
  // S3 may answer 200 with an error in the body to a CompleteMultipartUpload.
  if (done.status != 200 || !xml_value(done.body, "Code").empty()) {
    return fail(describe_s3_error(done, "completing the upload of " + key));
  }
  if (!settings.lock_mode.empty() && !settings.lock_on_multipart) TRY(apply_retention(key));
  return "\"" + hex_of(crypto::md5_raw(md5s)) + "-" + std::to_string(count) + "\"";
}

Expected<void> S3Sink::apply_retention(const std::string& key) {
  const auto headers = lock_headers();
  const std::string body = "<Retention><Mode>" + headers[0].second + "</Mode><RetainUntilDate>" + headers[1].second +
                           "</RetainUntilDate></Retention>";
  const S3Response response =
      client_.request("PUT", key, "retention=", {{"Content-MD5", crypto::base64(crypto::md5_raw(body))}}, body);
  if (response.status != 200) return fail(describe_s3_error(response, "setting the retention of " + key));
  return {};
}

}  // namespace kiosk::archive
