// A small HTTP proxy of our own between the kiosk and a test server, that misbehaves on purpose: each request takes
// the next fault of a script — the connection dropped in the middle of the body, an answer of 500, 503 or 429 (with
// Retry-After), a delay, one byte of the body flipped on its way, a partition (the request is taken and never
// answered: the line stays open and silent until the client gives up) — and then the requests pass untouched. One
// request per connection (the proxy answers "Connection: close"), so a fault hits one request, as a network does.
#pragma once

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "support/loopback.h"

namespace kiosk::testing {

enum class Fault { none, drop_mid_body, status_500, status_503, status_429, delay, flip_byte, partition };

class FaultProxy {
 public:
  FaultProxy(int upstream_port, std::vector<Fault> script)
      : upstream_port_(upstream_port), script_(script.begin(), script.end()) {
    listener_ = listen_on_free_port(port_);
    thread_ = std::thread([this] { serve(); });
  }
  ~FaultProxy() {
    stopping_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }
  int faults_done() const { return faults_done_; }
  int requests() const { return requests_; }

 private:
  void serve() {
    while (!stopping_) {
      pollfd waiting{listener_, POLLIN, 0};
      if (poll(&waiting, 1, 100) <= 0) continue;
      const int client = accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      handle(client);  // one at a time: the sink sends one request at a time
      close(client);
    }
  }

  static bool read_request(int socket, std::string& request) {
    char buffer[65536];
    std::size_t header_end = std::string::npos;
    std::size_t wanted = 0;
    while (true) {
      if (header_end == std::string::npos) {
        header_end = request.find("\r\n\r\n");
        if (header_end != std::string::npos) {
          std::string lower = request.substr(0, header_end);
          for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          const std::size_t at = lower.find("content-length:");
          const std::size_t body = at == std::string::npos ? 0 : std::stoul(lower.substr(at + 15));
          wanted = header_end + 4 + body;
        }
      }
      if (header_end != std::string::npos && request.size() >= wanted) return true;
      const ssize_t count = recv(socket, buffer, sizeof buffer, 0);
      if (count <= 0) return false;
      request.append(buffer, static_cast<std::size_t>(count));
    }
  }

  static void send_all(int socket, std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t sent = send(socket, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
  }

  void handle(int client) {
    Fault fault = Fault::none;
    {
      std::lock_guard lock(mutex_);
      if (!script_.empty()) {
        fault = script_.front();
        script_.pop_front();
      }
    }
    ++requests_;
    std::string request;
    if (fault == Fault::drop_mid_body) {
      // Take the headers and some of the body, then the line goes dead.
      char buffer[4096];
      const ssize_t count = recv(client, buffer, sizeof buffer, 0);
      (void)count;
      ++faults_done_;
      return;
    }
    if (fault == Fault::partition) {
      // Everything sent is swallowed, nothing comes back, until the client hangs up.
      char buffer[65536];
      while (!stopping_) {
        pollfd readable{client, POLLIN, 0};
        if (poll(&readable, 1, 100) <= 0) continue;
        if (recv(client, buffer, sizeof buffer, 0) <= 0) break;
      }
      ++faults_done_;
      return;
    }
    if (!read_request(client, request)) return;
    const auto answer = [&](const char* status) {
      send_all(client, std::string("HTTP/1.1 ") + status +
                           "\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      ++faults_done_;
    };
    switch (fault) {
      case Fault::status_500: return answer("500 Internal Server Error");
      case Fault::status_503: return answer("503 Service Unavailable");
      case Fault::status_429: return answer("429 Too Many Requests");
      case Fault::delay:
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ++faults_done_;
        break;
      case Fault::flip_byte: {
        const std::size_t body = request.find("\r\n\r\n") + 4;
        if (request.size() > body) {
          request[body + (request.size() - body) / 2] ^= 0x01;
          ++faults_done_;
        } else {
          std::lock_guard lock(mutex_);
          script_.push_front(Fault::flip_byte);  // no body to bend: the next request gets it
        }
        break;
      }
      default: break;
    }
    // Forward, one request per connection upstream too.
    const std::size_t line_end = request.find("\r\n");
    request.insert(line_end + 2, "Connection: close\r\n");
    const int upstream = connect_loopback(upstream_port_);
    if (upstream < 0) return;
    send_all(upstream, request);
    std::string response;
    char buffer[65536];
    ssize_t count = 0;
    while ((count = recv(upstream, buffer, sizeof buffer, 0)) > 0)
      response.append(buffer, static_cast<std::size_t>(count));
    close(upstream);
    send_all(client, response);
  }

  int upstream_port_;
  std::deque<Fault> script_;
  std::mutex mutex_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> faults_done_{0};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace kiosk::testing
