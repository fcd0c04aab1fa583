// S3-compatible object storage through libcurl: requests signed with AWS SigV4 (CURLOPT_AWS_SIGV4 with provider,
// region and service given, since an on-premises host says nothing of them; x-amz-content-sha256 computed here,
// as curl 7.88 does not), path-style URLs, TLS with a configurable CA and client certificate. The sink puts each
// file with Content-MD5 and its SHA-256 as metadata, Object Lock retention when asked, large files in parts (an
// interrupted upload is found again on the server and resumed from the parts it holds), and checks every object
// with HEAD afterwards.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "kiosk/archive/sink.h"

namespace kiosk::archive {

struct S3Settings {
  std::string endpoint;  // "http://127.0.0.1:9000", "https://obs.example.gov.cn"
  std::string bucket;
  std::string region = "us-east-1";
  std::string access_key;
  std::string secret_key;
  std::string ca_file;      // "" = the system's CAs
  std::string client_cert;  // "" = none
  std::string client_key;
  std::string lock_mode;  // "" (none), "GOVERNANCE", "COMPLIANCE"
  int retain_days = 0;    // with lock_mode: how long the archive must keep each object unchanged
  // Some stores (Huawei OBS) refuse lock headers on multipart uploads: then the retention is set after completion.
  bool lock_on_multipart = true;
  std::uint64_t multipart_threshold = 64ULL << 20;  // files above this go in parts
  std::uint64_t part_size = 16ULL << 20;            // at least 5 MiB, as S3 requires
  std::chrono::seconds timeout{120};
};

struct S3Response {
  long status = 0;                             // 0: no answer (connection failed)
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string transport_error;  // curl's, when status is 0
};

// One signed request. `key` empty addresses the bucket; `query` is already encoded ("uploads", "partNumber=1&…").
class S3Client {
 public:
  explicit S3Client(S3Settings settings);
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // `body_sha256_hex`: the body's SHA-256 when the caller has it already (large bodies are hashed once).
  S3Response request(const std::string& method, const std::string& key, const std::string& query,
                     const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body = {},
                     const std::string& body_sha256_hex = {});
  const S3Settings& settings() const { return settings_; }
  std::string url(const std::string& key, const std::string& query) const;

 private:
  S3Settings settings_;
  void* curl_ = nullptr;
};

// The text of the first <tag>…</tag> in an S3 XML answer (its entities decoded, once), or "".
std::string xml_value(std::string_view xml, std::string_view tag);
// Every <tag>…</tag> element's inner XML, in order, as it stands (entities not decoded: an element may hold
// others, read with xml_value).
std::vector<std::string> xml_elements(std::string_view xml, std::string_view tag);
// What an S3 error answer means for the retry, and its message with the store's code.
SinkError describe_s3_error(const S3Response& response, const std::string& doing);

class S3Sink final : public Sink {
 public:
  explicit S3Sink(S3Settings settings) : client_(std::move(settings)) {}
  std::string describe() const override;
  Expected<bool> holds(const std::string& key, const std::filesystem::path& file, std::uint64_t bytes,
                       const std::string& sha256) override;
  Expected<void> put(const std::string& key, const std::filesystem::path& file, std::uint64_t bytes,
                     const std::string& sha256) override;
  // GET ?location: the bucket is there and the signature (address, credentials, clock) is accepted.
  Expected<void> check_reachable() override;
  SinkError last_error() const override { return last_error_; }
  // The next file is read and hashed on another thread while this one is sent (single-PUT files only: at most
  // two bodies of up to multipart_threshold are in memory).
  void prepare(const std::filesystem::path& file, std::uint64_t bytes) override;
  S3Client& client() { return client_; }
  int parts_sent() const { return parts_sent_; }  // multipart parts put (not those the server already held)

 private:
  Error fail(SinkError error);
  std::vector<std::pair<std::string, std::string>> lock_headers() const;
  // Each returns the ETag the store must now report for the object.
  Expected<std::string> put_single(const std::string& key, const std::filesystem::path& file, std::uint64_t bytes,
                                   const std::string& sha256);
  Expected<std::string> put_multipart(const std::string& key, const std::filesystem::path& file, std::uint64_t bytes,
                                      const std::string& sha256);
  Expected<void> apply_retention(const std::string& key);
  Expected<std::string> expected_etag(const std::filesystem::path& file, std::uint64_t bytes) const;
  // HEAD: the object has this size, this SHA-256 as metadata, and the ETag its bytes must give.
  Expected<bool> head_matches(const std::string& key, std::uint64_t bytes, const std::string& sha256,
                              const std::string& etag);
  struct Body {
    std::string bytes;
    std::string sha256_raw;
    std::string md5_raw;
    std::string error;
  };
  static Body load(const std::filesystem::path& file, std::uint64_t bytes);
  S3Client client_;
  SinkError last_error_;
  int parts_sent_ = 0;
  std::filesystem::path next_path_;  // what prepare() said comes next
  std::uint64_t next_bytes_ = 0;
  std::filesystem::path prepared_path_;  // read and hashed ahead
  std::future<Body> prepared_;
};

}  // namespace kiosk::archive
