// The ID card reader driver: find, select and read over the SAM protocol, through a transport — USB bulk
// (libusb), a USB-serial adapter (termios), or the simulator in-process. A card is reported once when it is
// read, and once when it is taken away; a reader that is unplugged is opened again when it comes back.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "devices/idcard/id_card_reader.h"
#include "devices/idcard/sam_frame.h"
#include "devices/usb/usb.h"

namespace kiosk::devices {

class SamTransport {
 public:
  virtual ~SamTransport() = default;
  // Opens the device if it is not open (a reader plugged in again is found here).
  virtual Expected<void> connect() = 0;
  virtual bool connected() const = 0;
  virtual Expected<void> send(std::span<const std::uint8_t> frame) = 0;
  // One whole frame, read until its length field is satisfied.
  virtual Expected<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) = 0;
  virtual std::string name() const = 0;
  // Throws away whatever is still coming (after a broken frame, so the next answer starts in step).
  virtual void discard_pending() = 0;
};

// USB bulk. Some readers (0400:c35a) take a frame's 7-byte header on one endpoint and its body on another, in each
// direction: the header endpoints are configurable, and equal to the body's when 0.
struct SamUsbEndpoints {
  std::uint8_t out = 0x01;
  std::uint8_t in = 0x81;
  std::uint8_t header_out = 0;
  std::uint8_t header_in = 0;
};

class UsbSamTransport final : public SamTransport {
 public:
  UsbSamTransport(std::shared_ptr<usb::Context> context, usb::DeviceMatch match, SamUsbEndpoints endpoints)
      : context_(std::move(context)), match_(std::move(match)), endpoints_(endpoints) {}
  Expected<void> connect() override;
  bool connected() const override { return device_ != nullptr; }
  Expected<void> send(std::span<const std::uint8_t> frame) override;
  Expected<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) override;
  std::string name() const override { return "USB " + match_.name(); }
  void discard_pending() override;

 private:
  void drop_if_gone();
  std::shared_ptr<usb::Context> context_;
  usb::DeviceMatch match_;
  SamUsbEndpoints endpoints_;
  std::unique_ptr<usb::Device> device_;
};

// A USB-serial reader (CDC-ACM, CH340): 115200 8N1, raw.
class SerialSamTransport final : public SamTransport {
 public:
  explicit SerialSamTransport(std::string path) : path_(std::move(path)) {}
  ~SerialSamTransport() override;
  Expected<void> connect() override;
  bool connected() const override { return descriptor_ >= 0; }
  Expected<void> send(std::span<const std::uint8_t> frame) override;
  Expected<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) override;
  std::string name() const override { return path_; }
  void discard_pending() override;

 private:
  void close_port();
  std::string path_;
  int descriptor_ = -1;
};

class SamReader final : public IdCardReader {
 public:
  // `answer_timeout`: how long a command's answer may take (reading a card takes up to about a second).
  explicit SamReader(std::unique_ptr<SamTransport> transport,
                     std::chrono::milliseconds answer_timeout = std::chrono::milliseconds(3000))
      : transport_(std::move(transport)), answer_timeout_(answer_timeout) {}
  DeviceStatus status() const override;
  Expected<CardEvent> poll() override;

 private:
  Expected<sam::Frame> exchange(sam::Command command);
  Expected<CardEvent> poll_connected();

  std::unique_ptr<SamTransport> transport_;
  std::chrono::milliseconds answer_timeout_;
  mutable std::mutex mutex_;
  DeviceStatus status_{DeviceState::absent, "ID card reader not opened yet"};
  bool card_present_ = false;
  std::vector<std::uint8_t> card_text_;  // the card read last, to tell it from a new one
};

}  // namespace kiosk::devices
