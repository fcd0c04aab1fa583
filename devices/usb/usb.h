// libusb-1.0 in small RAII types: a context, and a device opened by VID/PID (and serial) with its interface
// claimed. Transfers have timeouts; libusb's errors become messages a technician can act on.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <libusb.h>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/error.h"

namespace kiosk::devices::usb {

struct DeviceMatch {
  std::uint16_t vendor = 0;
  std::uint16_t product = 0;
  std::string serial;  // empty: any
  int interface = 0;

  std::string name() const;  // "0400:c35a"
};

// What a libusb error means at the counter: ACCESS → the udev rule; NO_DEVICE → unplugged; TIMEOUT, BUSY, …
std::string describe(int libusb_error, const DeviceMatch& device);
// True for the errors after which the device is gone and must be opened again.
bool is_gone(int libusb_error);

class Context {
 public:
  static Expected<std::shared_ptr<Context>> create();
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  libusb_context* get() const { return context_; }

 private:
  Context() = default;
  libusb_context* context_ = nullptr;
};

// A device, opened, with its interface claimed (a kernel driver bound to it is detached, and given back when the
// device is closed).
class Device {
 public:
  // The first device that matches. Absent: an error that says "not plugged in"; present but not ours to open: the
  // udev rule.
  static Expected<std::unique_ptr<Device>> open(std::shared_ptr<Context> context, const DeviceMatch& match);
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  // Writes all of `bytes` to a bulk OUT endpoint.
  Expected<void> bulk_out(std::uint8_t endpoint, std::span<const std::uint8_t> bytes,
                          std::chrono::milliseconds timeout);
  // Reads up to `most` bytes from a bulk IN endpoint; an empty result when nothing came within the timeout.
  Expected<std::vector<std::uint8_t>> bulk_in(std::uint8_t endpoint, std::size_t most,
                                              std::chrono::milliseconds timeout);
  // Reads one interrupt IN transfer (a HID report) of at most `most` bytes; empty when none came in time.
  Expected<std::vector<std::uint8_t>> interrupt_in(std::uint8_t endpoint, std::size_t most,
                                                   std::chrono::milliseconds timeout);
  // Control transfers on endpoint 0: a request that reads up to `most` bytes, and one that writes `bytes`.
  struct Setup {
    std::uint8_t request_type = 0;
    std::uint8_t request = 0;
    std::uint16_t value = 0;
    std::uint16_t index = 0;
  };
  Expected<std::vector<std::uint8_t>> control_in(const Setup& setup, std::size_t most,
                                                 std::chrono::milliseconds timeout);
  Expected<void> control_out(const Setup& setup, std::span<const std::uint8_t> bytes,
                             std::chrono::milliseconds timeout);
  // Whether the last error said the device is gone (then it must be opened again).
  bool gone() const { return gone_; }
  const DeviceMatch& match() const { return match_; }

 private:
  Device() = default;
  Expected<std::vector<std::uint8_t>> read_in(int(LIBUSB_CALL* transfer)(libusb_device_handle*, unsigned char,
                                                                         unsigned char*, int, int*, unsigned int),
                                              std::uint8_t endpoint, std::size_t most,
                                              std::chrono::milliseconds timeout);
  std::shared_ptr<Context> context_;
  libusb_device_handle* handle_ = nullptr;
  DeviceMatch match_;
  bool claimed_ = false;
  bool gone_ = false;
};

}  // namespace kiosk::devices::usb

namespace kiosk::devices::usb {

// Tells when a device of the given VID:PID arrives or leaves, through libusb's hotplug callbacks, handled on a
// thread of its own. Where libusb has no hotplug support there is nothing to start (supported() says so), and the
// drivers' polling — each poll opens a device that is not open — finds a device that came back.
class HotplugWatch {
 public:
  using Changed = std::function<void(bool arrived)>;
  static bool supported();
  // `on_change` runs on the watch's thread; devices already present are reported as arrived at once.
  static Expected<std::unique_ptr<HotplugWatch>> start(std::shared_ptr<Context> context, std::uint16_t vendor,
                                                       std::uint16_t product, Changed on_change);
  ~HotplugWatch();
  HotplugWatch(const HotplugWatch&) = delete;
  HotplugWatch& operator=(const HotplugWatch&) = delete;

 private:
  struct State;
  explicit HotplugWatch(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace kiosk::devices::usb
