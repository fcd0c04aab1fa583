#include "support/usb_testbed.h"

// <sys/ioctl.h> first: <linux/usbdevice_fs.h> needs its macros.
#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <deque>
#include <linux/usbdevice_fs.h>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <sys/ioctl.h>
#include <umockdev.h>

namespace kiosk::testing {
namespace {

constexpr const char* kNode = "/dev/bus/usb/001/002";
constexpr const char* kSysPath = "/sys/devices/usb1/1-1";

std::string hex(const std::vector<std::uint8_t>& bytes) {
  std::string text;
  char pair[3];
  for (std::uint8_t byte : bytes) {
    std::snprintf(pair, sizeof pair, "%02x", byte);
    text += pair;
  }
  return text;
}

// Device and configuration descriptors, as sysfs's "descriptors" attribute holds them.
std::vector<std::uint8_t> descriptors(const UsbDeviceSpec& spec) {
  // Device descriptor: USB 2.0, 64-byte control packets, no strings but the serial number (index 3).
  std::vector<std::uint8_t> bytes{18, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 64};
  for (std::uint16_t id : {spec.vendor, spec.product}) {
    bytes.push_back(static_cast<std::uint8_t>(id & 0xFF));
    bytes.push_back(static_cast<std::uint8_t>(id >> 8));
  }
  const std::vector<std::uint8_t> rest{0x00, 0x01, 0x00, 0x00, static_cast<std::uint8_t>(spec.serial.empty() ? 0 : 3),
                                       0x01};
  bytes.insert(bytes.end(), rest.begin(), rest.end());
  const auto total = static_cast<std::uint8_t>(9 + 9 + 7 * spec.endpoints.size());
  const std::vector<std::uint8_t> configuration{9, 0x02, total, 0x00, 0x01, 0x01, 0x00, 0x80, 50};
  bytes.insert(bytes.end(), configuration.begin(), configuration.end());
  const std::vector<std::uint8_t> interface {
    9, 0x04, 0x00, 0x00, static_cast<std::uint8_t>(spec.endpoints.size()), spec.interface_class, 0x00, 0x00, 0x00
  };
  bytes.insert(bytes.end(), interface.begin(), interface.end());
  for (std::uint8_t endpoint : spec.endpoints) {
    const std::vector<std::uint8_t> descriptor{7,
                                               0x05,
                                               endpoint,
                                               static_cast<std::uint8_t>(spec.interrupt ? 0x03 : 0x02),
                                               64,
                                               0x00,
                                               static_cast<std::uint8_t>(spec.interrupt ? 5 : 0)};
    bytes.insert(bytes.end(), descriptor.begin(), descriptor.end());
  }
  return bytes;
}

}  // namespace

struct UsbTestbed::State {
  UMockdevTestbed* testbed = nullptr;
  UMockdevIoctlBase* handler = nullptr;
  mutable std::mutex mutex;
  UsbPeer* peer = nullptr;
  std::string serial;
  bool plugged = false;   // answers its ioctls
  bool in_sysfs = false;  // listed (a cable pulled mid-transfer stops the answers first; unplug() removes it)
  bool attached = false;
  std::optional<std::size_t> unplug_after_out;  // bulk OUT bytes that get across before the cable goes
  std::size_t out_bytes = 0;
  std::size_t urbs = 0;
  std::deque<UMockdevIoctlData*> done;       // OUT URBs finished, waiting to be reaped
  std::deque<UMockdevIoctlData*> waiting;    // IN URBs waiting for bytes
  std::deque<UMockdevIoctlData*> discarded;  // cancelled, to be reaped with -ENOENT

  static gboolean on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
    return static_cast<State*>(self)->handle(client) ? TRUE : FALSE;
  }

  static usbdevfs_urb* urb_of(UMockdevIoctlData* data) { return reinterpret_cast<usbdevfs_urb*>(data->data); }

  void reap(UMockdevIoctlClient* client, UMockdevIoctlData* argument, UMockdevIoctlData* urb_data) {
    UMockdevIoctlData* pointer = umockdev_ioctl_data_resolve(argument, 0, sizeof(gpointer), nullptr);
    umockdev_ioctl_data_set_ptr(pointer, 0, urb_data);
    umockdev_ioctl_data_unref(pointer);
    umockdev_ioctl_data_unref(urb_data);
    ++urbs;
    umockdev_ioctl_client_complete(client, 0, 0);
  }

  bool handle(UMockdevIoctlClient* client) {
    std::lock_guard lock(mutex);
    const gulong request = umockdev_ioctl_client_get_request(client);
    UMockdevIoctlData* argument = umockdev_ioctl_client_get_arg(client);
    if (!plugged) {
      umockdev_ioctl_client_complete(client, -1, ENODEV);
      return true;
    }
    switch (request) {
      case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData* capabilities = umockdev_ioctl_data_resolve(argument, 0, sizeof(guint32), nullptr);
        *reinterpret_cast<guint32*>(capabilities->data) =
            USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
        umockdev_ioctl_data_unref(capabilities);
        umockdev_ioctl_client_complete(client, 0, 0);
        return true;
      }
      case USBDEVFS_CLAIMINTERFACE:
      case USBDEVFS_RELEASEINTERFACE:
      case USBDEVFS_CLEAR_HALT:
      case USBDEVFS_RESET:
      case USBDEVFS_RESETEP:
      case USBDEVFS_DISCONNECT_CLAIM: umockdev_ioctl_client_complete(client, 0, 0); return true;
      case USBDEVFS_IOCTL:
      case USBDEVFS_GETDRIVER:
        umockdev_ioctl_client_complete(client, -1, ENODATA);  // no kernel driver bound
        return true;
      case USBDEVFS_SUBMITURB: {
        UMockdevIoctlData* urb_data = umockdev_ioctl_data_resolve(argument, 0, sizeof(usbdevfs_urb), nullptr);
        usbdevfs_urb* urb = urb_of(urb_data);
        if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
          answer_control(urb_data);
          umockdev_ioctl_client_complete(client, 0, 0);
          return true;
        }
        if (urb->type != USBDEVFS_URB_TYPE_BULK && urb->type != USBDEVFS_URB_TYPE_INTERRUPT) {
          umockdev_ioctl_data_unref(urb_data);
          umockdev_ioctl_client_complete(client, -1, EINVAL);
          return true;
        }
        if ((urb->endpoint & 0x80) == 0) {
          UMockdevIoctlData* buffer = umockdev_ioctl_data_resolve(urb_data, offsetof(usbdevfs_urb, buffer),
                                                                  static_cast<gsize>(urb->buffer_length), nullptr);
          const auto length = static_cast<std::size_t>(buffer->data_len);
          if (unplug_after_out && out_bytes + length > *unplug_after_out) {
            // The cable goes in the middle of this transfer: what got across reaches the device, the rest does
            // not, and from here every ioctl fails as the kernel's do for a device that is gone.
            const std::size_t across = *unplug_after_out - out_bytes;
            if (across > 0) peer->out(urb->endpoint, std::span<const std::uint8_t>(buffer->data, across));
            out_bytes += across;
            unplug_after_out.reset();
            umockdev_ioctl_data_unref(buffer);
            umockdev_ioctl_data_unref(urb_data);
            plugged = false;
            drop_urbs();
            umockdev_ioctl_client_complete(client, -1, ENODEV);
            return true;
          }
          out_bytes += length;
          peer->out(urb->endpoint, std::span<const std::uint8_t>(buffer->data, length));
          umockdev_ioctl_data_unref(buffer);
          urb->actual_length = urb->buffer_length;
          urb->status = 0;
          done.push_back(urb_data);
        } else {
          waiting.push_back(urb_data);
        }
        umockdev_ioctl_client_complete(client, 0, 0);
        return true;
      }
      case USBDEVFS_REAPURB:
      case USBDEVFS_REAPURBNDELAY: {
        if (!discarded.empty()) {
          UMockdevIoctlData* urb_data = discarded.front();
          discarded.pop_front();
          urb_of(urb_data)->status = -ENOENT;
          urb_of(urb_data)->actual_length = 0;
          reap(client, argument, urb_data);
          return true;
        }
        if (!done.empty()) {
          UMockdevIoctlData* urb_data = done.front();
          done.pop_front();
          reap(client, argument, urb_data);
          return true;
        }
        for (auto it = waiting.begin(); it != waiting.end(); ++it) {
          usbdevfs_urb* urb = urb_of(*it);
          const std::vector<std::uint8_t> bytes = peer->in(urb->endpoint, static_cast<std::size_t>(urb->buffer_length));
          if (bytes.empty()) continue;
          // The handler shares the client's address space: the URB's buffer pointer is the client's buffer.
          std::memcpy(urb->buffer, bytes.data(), bytes.size());
          urb->actual_length = static_cast<int>(bytes.size());
          urb->status = 0;
          UMockdevIoctlData* urb_data = *it;
          waiting.erase(it);
          reap(client, argument, urb_data);
          return true;
        }
        umockdev_ioctl_client_complete(client, -1, EAGAIN);
        return true;
      }
      case USBDEVFS_DISCARDURB: {
        const auto address = reinterpret_cast<gulong>(*reinterpret_cast<void**>(argument->data));
        auto found = std::find_if(waiting.begin(), waiting.end(),
                                  [&](UMockdevIoctlData* data) { return data->client_addr == address; });
        if (found == waiting.end()) {
          umockdev_ioctl_client_complete(client, -1, EINVAL);
          return true;
        }
        discarded.push_back(*found);
        waiting.erase(found);
        umockdev_ioctl_client_complete(client, 0, 0);
        return true;
      }
      default: return false;
    }
  }

  // GET_DESCRIPTOR for strings: the language list, and the serial number (index 3). Anything else stalls.
  void answer_control(UMockdevIoctlData* urb_data) {
    usbdevfs_urb* urb = urb_of(urb_data);
    auto* setup = static_cast<std::uint8_t*>(urb->buffer);
    const std::uint8_t type = setup[0];
    const std::uint8_t request = setup[1];
    const std::uint8_t index = setup[2];
    const std::uint8_t kind = setup[3];
    const std::size_t asked = std::size_t{setup[6]} | std::size_t{setup[7]} << 8;
    std::vector<std::uint8_t> answer;
    bool answered = true;
    if (type == 0x80 && request == 0x06 && kind == 0x03 && index == 0) {
      answer = {4, 0x03, 0x09, 0x04};  // English (US)
    } else if (type == 0x80 && request == 0x06 && kind == 0x03 && index == 3 && !serial.empty()) {
      answer = {static_cast<std::uint8_t>(2 + 2 * serial.size()), 0x03};
      for (char c : serial) {
        answer.push_back(static_cast<std::uint8_t>(c));
        answer.push_back(0);
      }
    } else {
      const std::span<const std::uint8_t> data =
          (type & 0x80) != 0 ? std::span<const std::uint8_t>{} : std::span<const std::uint8_t>{setup + 8, asked};
      std::optional<std::vector<std::uint8_t>> peer_answer = peer->control({setup, 8}, data);
      answered = peer_answer.has_value();
      if (peer_answer) answer = std::move(*peer_answer);
      if ((type & 0x80) == 0 && answered) {
        urb->status = 0;
        urb->actual_length = static_cast<int>(asked);
        done.push_back(urb_data);
        return;
      }
    }
    if (!answered || answer.empty()) {
      urb->status = -EPIPE;
      urb->actual_length = 0;
    } else {
      answer.resize(std::min(answer.size(), asked));
      std::memcpy(setup + 8, answer.data(), answer.size());
      urb->status = 0;
      urb->actual_length = static_cast<int>(answer.size());
    }
    done.push_back(urb_data);
  }

  void drop_urbs() {
    for (auto* list : {&done, &waiting, &discarded}) {
      for (UMockdevIoctlData* data : *list) umockdev_ioctl_data_unref(data);
      list->clear();
    }
  }
};

UsbTestbed::UsbTestbed() : state_(std::make_unique<State>()) {
  state_->testbed = umockdev_testbed_new();
  state_->handler = umockdev_ioctl_base_new();
  g_signal_connect(state_->handler, "handle-ioctl", G_CALLBACK(State::on_ioctl), state_.get());
}

UsbTestbed::~UsbTestbed() {
  unplug();
  if (state_->attached) umockdev_testbed_detach_ioctl(state_->testbed, kNode, nullptr);
  {
    std::lock_guard lock(state_->mutex);
    state_->drop_urbs();
  }
  g_object_unref(state_->handler);
  g_object_unref(state_->testbed);
}

void UsbTestbed::plug(const UsbDeviceSpec& spec, UsbPeer* peer) {
  {
    std::lock_guard lock(state_->mutex);
    state_->peer = peer;
    state_->serial = spec.serial;
    state_->plugged = true;
    state_->in_sysfs = true;
  }
  // The handler first, so that libusb can open the node as soon as the device appears.
  if (!state_->attached) {
    if (!umockdev_testbed_attach_ioctl(state_->testbed, kNode, state_->handler, nullptr)) {
      throw std::runtime_error("umockdev: cannot attach the ioctl handler — run under umockdev-wrapper");
    }
    state_->attached = true;
  }
  const std::string description =
      "P: /devices/usb1/1-1\n"
      "N: bus/usb/001/002\n"
      "E: SUBSYSTEM=usb\n"
      "E: DEVTYPE=usb_device\n"
      "E: DRIVER=usb\n"
      "E: BUSNUM=001\n"
      "E: DEVNUM=002\n"
      "E: DEVNAME=/dev/bus/usb/001/002\n"
      "A: busnum=1\\n\n"
      "A: devnum=2\\n\n"
      "A: bConfigurationValue=1\\n\n"
      "A: speed=12\\n\n"
      "H: descriptors=" +
      hex(descriptors(spec)) + "\n";
  GError* error = nullptr;
  if (!umockdev_testbed_add_from_string(state_->testbed, description.c_str(), &error)) {
    const std::string message = error ? error->message : "unknown";
    g_clear_error(&error);
    throw std::runtime_error("umockdev: cannot add the device: " + message);
  }
}

void UsbTestbed::unplug() {
  bool was_listed = false;
  {
    std::lock_guard lock(state_->mutex);
    was_listed = state_->in_sysfs;
    state_->in_sysfs = false;
    state_->plugged = false;
    state_->drop_urbs();
  }
  if (was_listed) {
    // The kernel says "remove" to udev first (libusb's hotplug hears it), then the device leaves sysfs.
    umockdev_testbed_uevent(state_->testbed, kSysPath, "remove");
    umockdev_testbed_remove_device(state_->testbed, kSysPath);
  }
}

void UsbTestbed::unplug_after_out_bytes(std::size_t bytes) {
  std::lock_guard lock(state_->mutex);
  state_->unplug_after_out = state_->out_bytes + bytes;
}

std::size_t UsbTestbed::out_bytes() const {
  std::lock_guard lock(state_->mutex);
  return state_->out_bytes;
}

std::size_t UsbTestbed::urbs() const {
  std::lock_guard lock(state_->mutex);
  return state_->urbs;
}

}  // namespace kiosk::testing
