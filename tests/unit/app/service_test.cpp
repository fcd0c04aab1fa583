// The systemd notifications, through the real libsystemd to a datagram socket standing in for systemd's.
#include "kiosk/app/service.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "kiosk/app/log.h"
#include "support/temp_dir.h"

namespace kiosk::app {
namespace {

class NotifySocket {
 public:
  explicit NotifySocket(const std::filesystem::path& path) : fd_(socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0)) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path.string().copy(address.sun_path, sizeof address.sun_path - 1);
    EXPECT_EQ(bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  }
  ~NotifySocket() { close(fd_); }
  std::vector<std::string> messages() {
    std::vector<std::string> received;
    char buffer[512];
    for (;;) {
      const ssize_t length = recv(fd_, buffer, sizeof buffer, 0);
      if (length <= 0) break;
      received.emplace_back(buffer, static_cast<std::size_t>(length));
    }
    return received;
  }

 private:
  int fd_;
};

TEST(ServiceNotifier, OutsideSystemdItDoesNothing) {
  unsetenv("NOTIFY_SOCKET");
  ServiceNotifier service;
  EXPECT_FALSE(service.under_systemd());
  service.ready("x");
  service.alive();
  EXPECT_EQ(service.pings(), 0u);
}

TEST(ServiceNotifier, ReadyThenWatchdogPingsAtHalfTheInterval) {
  kiosk::testing::TempDir dir;
  NotifySocket socket(dir / "notify");
  setenv("NOTIFY_SOCKET", (dir / "notify").c_str(), 1);
  setenv("WATCHDOG_USEC", "200000", 1);
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  ServiceNotifier service;
  EXPECT_TRUE(service.under_systemd());
  EXPECT_EQ(service.watchdog_interval(), std::chrono::milliseconds(100));
  service.ready("serving at terminal T01");
  // The UI's frames, at 60 a second, for 0.35 s: three or four pings, not one a frame.
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(350);
  while (std::chrono::steady_clock::now() < until) {
    service.alive();
    std::this_thread::sleep_for(std::chrono::milliseconds(16));
  }
  service.stopping("closing");
  const std::vector<std::string> messages = socket.messages();
  ASSERT_GE(messages.size(), 4u);
  EXPECT_EQ(messages.front(), "READY=1\nSTATUS=serving at terminal T01");
  EXPECT_EQ(messages.back(), "STOPPING=1\nSTATUS=closing");
  std::size_t pings = 0;
  for (const std::string& message : messages) pings += message == "WATCHDOG=1" ? 1U : 0U;
  EXPECT_EQ(pings, service.pings());
  EXPECT_GE(pings, 3u);
  EXPECT_LE(pings, 4u);
  unsetenv("NOTIFY_SOCKET");
  unsetenv("WATCHDOG_USEC");
  unsetenv("WATCHDOG_PID");
}

}  // namespace
}  // namespace kiosk::app

namespace kiosk::app {
namespace {

TEST(Log, ResidentIdNumbersAreMaskedAndJournaldGetsTheLevel) {
  EXPECT_EQ(log::mask_personal("party 11010519491231002X read"), "party 1101**********002X read");
  EXPECT_EQ(log::mask_personal("110105194912310019,210401199001011234"), "1101**********0019,2104**********1234");
  // Not an ID number: shorter, longer, or a case number.
  EXPECT_EQ(log::mask_personal("13800138000 GXJ-2026-T01-000001"), "13800138000 GXJ-2026-T01-000001");
  EXPECT_EQ(log::mask_personal("1234567890123456789"), "1234567890123456789");
  EXPECT_EQ(log::format_line(log::Level::error, "printer: paper out", true), "<3>kiosk: printer: paper out\n");
  EXPECT_EQ(log::format_line(log::Level::info, "id 11010519491231002X", false), "kiosk: id 1101**********002X\n");
}

}  // namespace
}  // namespace kiosk::app
