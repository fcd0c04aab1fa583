#include "devices/usb/usb.h"

#include <cstdio>

namespace kiosk::devices::usb {

std::string DeviceMatch::name() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04x:%04x", vendor, product);
  return text;
}

std::string describe(int libusb_error, const DeviceMatch& device) {
  const std::string who = "USB device " + device.name();
  switch (libusb_error) {
    case LIBUSB_ERROR_ACCESS:
      return "no permission for " + who +
             " — install the udev rule from packaging/ (69-counter-kiosk.rules) and "
             "plug the device in again";
    case LIBUSB_ERROR_NO_DEVICE: return who + " was unplugged — plug it in again";
    case LIBUSB_ERROR_NOT_FOUND: return who + " is not plugged in (or not the VID:PID in the config)";
    case LIBUSB_ERROR_BUSY: return who + " is held by another program or driver — close it, or unplug and replug";
    case LIBUSB_ERROR_TIMEOUT: return who + " did not answer in time";
    case LIBUSB_ERROR_PIPE: return who + " stalled the transfer — unplug and replug it";
    case LIBUSB_ERROR_OVERFLOW: return who + " sent more than was asked for";
    case LIBUSB_ERROR_IO: return who + ": input/output error — check the cable";
    default: return who + ": " + libusb_strerror(libusb_error);
  }
}

bool is_gone(int libusb_error) {
  return libusb_error == LIBUSB_ERROR_NO_DEVICE || libusb_error == LIBUSB_ERROR_IO ||
         libusb_error == LIBUSB_ERROR_NOT_FOUND;
}

Expected<std::shared_ptr<Context>> Context::create() {
  std::shared_ptr<Context> context(new Context());
  if (const int made = libusb_init(&context->context_); made != 0) {
    return Error(std::string("USB: libusb cannot start: ") + libusb_strerror(made) +
                 " — is /dev/bus/usb there (a container may hide it)?");
  }
  return context;
}

Context::~Context() {
  if (context_ != nullptr) libusb_exit(context_);
}

Expected<std::unique_ptr<Device>> Device::open(std::shared_ptr<Context> context, const DeviceMatch& match) {
  std::unique_ptr<Device> device(new Device());
  device->context_ = std::move(context);
  device->match_ = match;
  libusb_device** list = nullptr;
  const ssize_t count = libusb_get_device_list(device->context_->get(), &list);
  if (count < 0) return Error(describe(static_cast<int>(count), match));
  int last_error = LIBUSB_ERROR_NOT_FOUND;
  for (ssize_t i = 0; i < count && device->handle_ == nullptr; ++i) {
    libusb_device_descriptor descriptor{};
    if (libusb_get_device_descriptor(list[i], &descriptor) != 0) continue;
    if (descriptor.idVendor != match.vendor || descriptor.idProduct != match.product) continue;
    libusb_device_handle* handle = nullptr;
    if (const int opened = libusb_open(list[i], &handle); opened != 0) {
      last_error = opened;
      continue;
    }
    if (!match.serial.empty()) {
      unsigned char serial[128] = {};
      const int length = descriptor.iSerialNumber == 0 ? 0
                                                       : libusb_get_string_descriptor_ascii(
                                                             handle, descriptor.iSerialNumber, serial, sizeof serial);
      if (length <= 0 || match.serial != reinterpret_cast<const char*>(serial)) {
        libusb_close(handle);
        continue;
      }
    }
    device->handle_ = handle;
  }
  libusb_free_device_list(list, 1);
  if (device->handle_ == nullptr) return Error(describe(last_error, match));
  libusb_set_auto_detach_kernel_driver(device->handle_, 1);
  if (const int claimed = libusb_claim_interface(device->handle_, match.interface); claimed != 0) {
    return Error(describe(claimed, match) + " (claiming interface " + std::to_string(match.interface) + ")");
  }
  device->claimed_ = true;
  return device;
}

Device::~Device() {
  if (handle_ == nullptr) return;
  if (claimed_) libusb_release_interface(handle_, match_.interface);
  libusb_close(handle_);
}

Expected<void> Device::bulk_out(std::uint8_t endpoint, std::span<const std::uint8_t> bytes,
                                std::chrono::milliseconds timeout) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    int transferred = 0;
    const int result = libusb_bulk_transfer(handle_, endpoint, const_cast<std::uint8_t*>(bytes.data() + sent),
                                            static_cast<int>(bytes.size() - sent), &transferred,
                                            static_cast<unsigned>(timeout.count()));
    sent += static_cast<std::size_t>(transferred);
    if (result != 0) {
      gone_ = is_gone(result);
      return Error(describe(result, match_) + " (sending " + std::to_string(bytes.size()) + " bytes, " +
                   std::to_string(sent) + " went)");
    }
  }
  return {};
}

// Bulk and interrupt IN transfers differ only in libusb's function.
using InTransfer = int(LIBUSB_CALL*)(libusb_device_handle*, unsigned char, unsigned char*, int, int*, unsigned int);

Expected<std::vector<std::uint8_t>> Device::read_in(InTransfer transfer, std::uint8_t endpoint, std::size_t most,
                                                    std::chrono::milliseconds timeout) {
  std::vector<std::uint8_t> bytes(most);
  int transferred = 0;
  const int result = transfer(handle_, endpoint, bytes.data(), static_cast<int>(most), &transferred,
                              static_cast<unsigned>(timeout.count()));
  if (result == LIBUSB_ERROR_TIMEOUT && transferred == 0) return std::vector<std::uint8_t>{};
  if (result != 0 && result != LIBUSB_ERROR_TIMEOUT) {
    gone_ = is_gone(result);
    return Error(describe(result, match_));
  }
  bytes.resize(static_cast<std::size_t>(transferred));
  return bytes;
}

Expected<std::vector<std::uint8_t>> Device::bulk_in(std::uint8_t endpoint, std::size_t most,
                                                    std::chrono::milliseconds timeout) {
  return read_in(libusb_bulk_transfer, endpoint, most, timeout);
}

Expected<std::vector<std::uint8_t>> Device::interrupt_in(std::uint8_t endpoint, std::size_t most,
                                                         std::chrono::milliseconds timeout) {
  return read_in(libusb_interrupt_transfer, endpoint, most, timeout);
}

Expected<std::vector<std::uint8_t>> Device::control_in(const Setup& setup, std::size_t most,
                                                       std::chrono::milliseconds timeout) {
  std::vector<std::uint8_t> bytes(most);
  const int result = libusb_control_transfer(
      handle_, static_cast<std::uint8_t>(setup.request_type | LIBUSB_ENDPOINT_IN), setup.request, setup.value,
      setup.index, bytes.data(), static_cast<std::uint16_t>(most), static_cast<unsigned>(timeout.count()));
  if (result < 0) {
    gone_ = is_gone(result);
    return Error(describe(result, match_));
  }
  bytes.resize(static_cast<std::size_t>(result));
  return bytes;
}

Expected<void> Device::control_out(const Setup& setup, std::span<const std::uint8_t> bytes,
                                   std::chrono::milliseconds timeout) {
  std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());  // libusb takes a non-const buffer
  const int result = libusb_control_transfer(
      handle_, static_cast<std::uint8_t>(setup.request_type & ~LIBUSB_ENDPOINT_IN), setup.request, setup.value,
      setup.index, copy.data(), static_cast<std::uint16_t>(copy.size()), static_cast<unsigned>(timeout.count()));
  if (result < 0) {
    gone_ = is_gone(result);
    return Error(describe(result, match_));
  }
  if (static_cast<std::size_t>(result) != copy.size()) {
    return Error("USB " + match_.name() + ": the device took " + std::to_string(result) + " of " +
                 std::to_string(copy.size()) + " bytes of a control request");
  }
  return {};
}

}  // namespace kiosk::devices::usb

namespace kiosk::devices::usb {

struct HotplugWatch::State {
  std::shared_ptr<Context> context;
  Changed on_change;
  libusb_hotplug_callback_handle handle = 0;
  std::atomic<bool> stop{false};
  std::thread events;

  static int LIBUSB_CALL callback(libusb_context*, libusb_device*, libusb_hotplug_event event, void* self) {
    static_cast<State*>(self)->on_change(event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED);
    return 0;  // stay registered
  }
};

bool HotplugWatch::supported() {
  return libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) != 0;
}

Expected<std::unique_ptr<HotplugWatch>> HotplugWatch::start(std::shared_ptr<Context> context, std::uint16_t vendor,
                                                            std::uint16_t product, Changed on_change) {
  if (!supported()) return Error("USB: this libusb has no hotplug support — devices are found by polling");
  auto state = std::make_unique<State>();
  state->context = std::move(context);
  state->on_change = std::move(on_change);
  const int registered = libusb_hotplug_register_callback(
      state->context->get(),
      static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
      LIBUSB_HOTPLUG_ENUMERATE, vendor, product, LIBUSB_HOTPLUG_MATCH_ANY, &State::callback, state.get(),
      &state->handle);
  if (registered != LIBUSB_SUCCESS) {
    return Error(std::string("USB: cannot watch for devices: ") + libusb_strerror(registered));
  }
  State* raw = state.get();
  state->events = std::thread([raw] {
    while (!raw->stop) {
      timeval tick{0, 100'000};
      libusb_handle_events_timeout_completed(raw->context->get(), &tick, nullptr);
    }
  });
  return std::unique_ptr<HotplugWatch>(new HotplugWatch(std::move(state)));
}

HotplugWatch::HotplugWatch(std::unique_ptr<State> state) : state_(std::move(state)) {}

HotplugWatch::~HotplugWatch() {
  state_->stop = true;
  libusb_hotplug_deregister_callback(state_->context->get(), state_->handle);
  libusb_interrupt_event_handler(state_->context->get());
  if (state_->events.joinable()) state_->events.join();
}

}  // namespace kiosk::devices::usb
