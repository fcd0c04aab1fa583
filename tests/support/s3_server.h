// Real S3 servers for the tests, on a free loopback port, started for a test suite and stopped with it:
// - moto_server (moto 5.2.1, in this machine's Python image): Object Lock, versioning, multipart, ListParts;
// - s3rver (npm, installed by scripts/run-tests.sh into build/s3rver when npm is at hand; $KIOSK_S3RVER names it):
//   a second, simpler server — happy path only (it accepts any signature, ignores lock headers and checksums).
// Where a server is not installed, available() is false and the tests skip, saying why.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <signal.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "support/loopback.h"

namespace kiosk::testing {

enum class S3ServerKind { moto, s3rver };

class S3Server {
 public:
  // With `certificate` and `key` (PEM files), moto serves HTTPS.
  explicit S3Server(S3ServerKind kind, std::string certificate = "", std::string key = "")
      : kind_(kind), tls_(!certificate.empty()) {
    const std::string found = locate();
    if (found.empty()) return;
    port_ = free_port();
    const std::string port = std::to_string(port_);
    // A fresh folder of its own: a folder left by an earlier run on the same port would hold its buckets.
    const std::string folder =
        std::filesystem::temp_directory_path() / ("s3rver-" + std::to_string(getpid()) + "-" + port);
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
    pid_ = fork();
    if (pid_ == 0) {
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      if (kind_ == S3ServerKind::moto) {
        if (tls_) {
          execl(found.c_str(), "moto_server", "-H", "127.0.0.1", "-p", port.c_str(), "-c", certificate.c_str(), "-k",
                key.c_str(), static_cast<char*>(nullptr));
        }
        execl(found.c_str(), "moto_server", "-H", "127.0.0.1", "-p", port.c_str(), static_cast<char*>(nullptr));
      } else {
        std::filesystem::create_directories(folder);
        execl(found.c_str(), "s3rver", "--directory", folder.c_str(), "--address", "127.0.0.1", "--port", port.c_str(),
              "--silent", static_cast<char*>(nullptr));
      }
      _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (accepts()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    stop();
  }
  ~S3Server() { stop(); }
  S3Server(const S3Server&) = delete;
  S3Server& operator=(const S3Server&) = delete;

  bool available() const { return pid_ > 0; }
  std::string endpoint() const { return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_); }
  int port() const { return port_; }
  S3ServerKind kind() const { return kind_; }
  std::string why_not() const {
    return kind_ == S3ServerKind::moto
               ? "moto_server is not installed (it is part of this machine's Python image)"
               : "s3rver is not installed (scripts/run-tests.sh installs it from npm into build/s3rver)";
  }

 private:
  std::string locate() const {
    if (kind_ == S3ServerKind::s3rver) {
      for (const char* candidate : {static_cast<const char*>(std::getenv("KIOSK_S3RVER")), KIOSK_S3RVER_DEFAULT}) {
        if (candidate != nullptr && access(candidate, X_OK) == 0) return candidate;
      }
      return "";
    }
    const char* path = std::getenv("PATH");
    std::string paths = path ? path : "";
    paths += ":/root/.pyenv/shims";
    std::size_t at = 0;
    while (at <= paths.size()) {
      const std::size_t end = std::min(paths.find(':', at), paths.size());
      const std::string candidate = paths.substr(at, end - at) + "/moto_server";
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
      at = end + 1;
    }
    return "";
  }
  static int free_port() {
    int port = 0;
    const int probe = listen_on_free_port(port);
    close(probe);
    return port;
  }
  bool accepts() const {
    const int probe = connect_loopback(port_);
    if (probe < 0) return false;
    close(probe);
    return true;
  }
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  S3ServerKind kind_;
  bool tls_ = false;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace kiosk::testing
