// Devices arriving and leaving, as libusb's hotplug callbacks tell it, under umockdev.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "devices/usb/usb.h"
#include "support/usb_testbed.h"

namespace kiosk::devices::usb {
namespace {

class NullPeer final : public testing::UsbPeer {
 public:
  void out(std::uint8_t, std::span<const std::uint8_t>) override {}
  std::vector<std::uint8_t> in(std::uint8_t, std::size_t) override { return {}; }
};

TEST(UsbHotplug, ArrivalAndDepartureAreReported) {
  if (!HotplugWatch::supported()) GTEST_SKIP() << "libusb without hotplug: the drivers poll";
  testing::UsbTestbed testbed;
  NullPeer peer;
  auto context = Context::create();
  ASSERT_TRUE(context);
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<bool> events;
  auto watch = HotplugWatch::start(*context, 0x0400, 0xC35A, [&](bool arrived) {
    std::lock_guard lock(mutex);
    events.push_back(arrived);
    changed.notify_all();
  });
  ASSERT_TRUE(watch) << watch.error().message();
  const auto wait_for = [&](std::size_t count) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(5), [&] { return events.size() >= count; });
  };
  testbed.plug({0x0400, 0xC35A, 0xFF, {0x01, 0x81}, ""}, &peer);
  ASSERT_TRUE(wait_for(1)) << "no arrival reported";
  testbed.unplug();
  ASSERT_TRUE(wait_for(2)) << "no departure reported";
  std::lock_guard lock(mutex);
  EXPECT_TRUE(events[0]);
  EXPECT_FALSE(events[1]);
}

}  // namespace
}  // namespace kiosk::devices::usb
