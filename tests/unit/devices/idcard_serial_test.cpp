// The ID card reader on a USB-serial adapter: the real termios transport, against the SAM simulator on the other
// end of a pseudo-terminal (what a CH340 or CDC-ACM port looks like to the driver).
#include <gtest/gtest.h>

#include <atomic>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <thread>
#include <unistd.h>

#include "devices/idcard/sam_reader.h"
#include "devices/idcard/sam_simulator.h"

namespace kiosk::devices {
namespace {

class SerialReader : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[128] = {};
    ASSERT_EQ(openpty(&master_, &slave_, name, nullptr, nullptr), 0);
    path_ = name;
    auto cards = load_card_fixtures(std::string(KIOSK_SOURCE_ROOT) + "/assets/cards/cards.json");
    ASSERT_TRUE(cards);
    cards_ = *cards;
    // The reader's side: bytes in, answers out, as the adapter passes them.
    device_ = std::thread([this] {
      std::uint8_t buffer[512];
      while (!stop_) {
        pollfd waiting{master_, POLLIN, 0};
        if (::poll(&waiting, 1, 20) <= 0) continue;
        const ssize_t count = ::read(master_, buffer, sizeof buffer);
        if (count <= 0) continue;
        simulator_.receive_bytes(std::span<const std::uint8_t>(buffer, static_cast<std::size_t>(count)));
        const auto answer = simulator_.take_answer_bytes(4096);
        for (std::size_t sent = 0; sent < answer.size();) {
          const ssize_t written = ::write(master_, answer.data() + sent, answer.size() - sent);
          if (written > 0) sent += static_cast<std::size_t>(written);
        }
      }
    });
  }
  void TearDown() override {
    stop_ = true;
    device_.join();
    ::close(slave_);
    ::close(master_);
  }

  int master_ = -1;
  int slave_ = -1;
  std::string path_;
  std::vector<IdCardData> cards_;
  SamReaderSimulator simulator_;
  std::atomic<bool> stop_{false};
  std::thread device_;
};

TEST_F(SerialReader, ReadsACardThroughTheSerialPort) {
  SamReader reader(std::make_unique<SerialSamTransport>(path_), std::chrono::milliseconds(1000));
  auto nothing = reader.poll();
  ASSERT_TRUE(nothing) << nothing.error().message();
  EXPECT_EQ(nothing->kind, CardEvent::Kind::none);
  ASSERT_TRUE(simulator_.place_card(cards_[3]));
  auto inserted = reader.poll();
  ASSERT_TRUE(inserted) << inserted.error().message();
  ASSERT_EQ(inserted->kind, CardEvent::Kind::inserted);
  EXPECT_EQ(inserted->card->english_name, "SMITH, JOHN ROBERT");
  simulator_.remove_card();
  EXPECT_EQ(reader.poll()->kind, CardEvent::Kind::removed);
}

TEST(SerialReaderAbsent, AMissingPortIsNamed) {
  SamReader reader(std::make_unique<SerialSamTransport>("/dev/ttyUSB-none"));
  auto polled = reader.poll();
  ASSERT_FALSE(polled);
  EXPECT_NE(polled.error().message().find("/dev/ttyUSB-none"), std::string::npos) << polled.error().message();
  EXPECT_EQ(reader.status().state, DeviceState::absent);
}

}  // namespace
}  // namespace kiosk::devices
