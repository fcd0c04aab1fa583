// A USB device under the real libusb, with no hardware: umockdev's testbed gives libusb a sysfs entry with the
// device's descriptors and a /dev/bus/usb node whose ioctls (USBDEVFS URBs) this handler answers — bulk OUT bytes
// go to a peer (a protocol simulator), bulk IN URBs are filled from it. The test binary runs under
// umockdev-wrapper (the ctest launcher). The pattern of libusb's own tests/umockdev.c.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kiosk::testing {

class UsbPeer {
 public:
  virtual ~UsbPeer() = default;
  // Bytes the host sent to a bulk OUT endpoint.
  virtual void out(std::uint8_t endpoint, std::span<const std::uint8_t> bytes) = 0;
  // Bytes for a bulk IN endpoint, at most `most`; empty when there is nothing (the URB waits).
  virtual std::vector<std::uint8_t> in(std::uint8_t endpoint, std::size_t most) = 0;
  // A control request the testbed does not answer itself (class requests, HID descriptors): the 8 setup bytes
  // and, for a request to the device, its data. The answer's bytes (empty for an OUT request that succeeded), or
  // nothing to stall.
  virtual std::optional<std::vector<std::uint8_t>> control(std::span<const std::uint8_t> setup,
                                                           std::span<const std::uint8_t> data) {
    (void)setup;
    (void)data;
    return std::nullopt;
  }
};

struct UsbDeviceSpec {
  std::uint16_t vendor = 0;
  std::uint16_t product = 0;
  std::uint8_t interface_class = 0xFF;
  std::vector<std::uint8_t> endpoints;  // 0x01 OUT, 0x81 IN, …
  std::string serial;                   // the serial number string descriptor ("" = none)
  bool interrupt = false;               // interrupt endpoints (a HID device) instead of bulk
};

class UsbTestbed {
 public:
  UsbTestbed();
  ~UsbTestbed();
  UsbTestbed(const UsbTestbed&) = delete;
  UsbTestbed& operator=(const UsbTestbed&) = delete;

  // Plugs the device in (bus 1, address 2); the peer must outlive it.
  void plug(const UsbDeviceSpec& spec, UsbPeer* peer);
  // Pulls it out: every ioctl on it fails with ENODEV from now on, as the kernel's do, and it leaves sysfs.
  void unplug();
  // Pulls the cable in the middle of a transfer: once `bytes` more bulk OUT bytes got across, the URB carrying the
  // next ones fails with ENODEV and so does every ioctl after it. The device stays listed until unplug().
  void unplug_after_out_bytes(std::size_t bytes);
  std::size_t out_bytes() const;
  // How many URBs were answered (for tests that check traffic).
  std::size_t urbs() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace kiosk::testing
