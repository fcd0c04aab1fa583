// A real S3 server for the tests: moto_server (moto 5.2.1, in this machine's Python image) on a free loopback
// port, started for a test suite and stopped with it. Where moto_server is not installed, available() is false and
// the tests skip, saying why.
#pragma once

#include <arpa/inet.h>
#include <chrono>
#include <cstdlib>
#include <netinet/in.h>
#include <signal.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "support/loopback.h"

namespace kiosk::testing {

class MotoServer {
 public:
  MotoServer() {
    const std::string found = locate();
    if (found.empty()) return;
    port_ = free_port();
    pid_ = fork();
    if (pid_ == 0) {
      const std::string port = std::to_string(port_);
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      execl(found.c_str(), "moto_server", "-H", "127.0.0.1", "-p", port.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (accepts()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    stop();
  }
  ~MotoServer() { stop(); }
  MotoServer(const MotoServer&) = delete;
  MotoServer& operator=(const MotoServer&) = delete;

  bool available() const { return pid_ > 0; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  static std::string why_not() { return "moto_server is not installed (it is part of this machine's Python image)"; }

 private:
  static std::string locate() {
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
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace kiosk::testing
