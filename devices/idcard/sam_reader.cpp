#include "devices/idcard/sam_reader.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace kiosk::devices {
namespace {

constexpr std::chrono::milliseconds kSendTimeout{1000};

// Appends what came until the frame it begins is whole. `more` reads the next bytes (empty on timeout).
template <typename More>
Expected<std::vector<std::uint8_t>> assemble(More&& more, std::chrono::milliseconds timeout) {
  std::vector<std::uint8_t> frame;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto size = TRY(sam::frame_size(frame));
    if (size && frame.size() >= *size) {
      if (frame.size() > *size) return Error("ID card reader sent more than the frame's length says");
      return frame;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return Error(frame.empty() ? std::string("ID card reader did not answer — is it powered and plugged in?")
                                 : "ID card reader stopped in the middle of a frame (" + std::to_string(frame.size()) +
                                       " bytes came) — read the card again");
    }
    const std::size_t wanted = size ? *size - frame.size() : sam::kHeaderSize - frame.size();
    const std::vector<std::uint8_t> bytes = TRY(more(wanted, left));
    frame.insert(frame.end(), bytes.begin(), bytes.end());
  }
}

}  // namespace

Expected<void> UsbSamTransport::connect() {
  if (device_) return {};
  device_ = TRY(usb::Device::open(context_, match_));
  return {};
}

void UsbSamTransport::drop_if_gone() {
  if (device_ && device_->gone()) device_.reset();
}

void UsbSamTransport::discard_pending() {
  if (!device_) return;
  const std::uint8_t endpoints[2] = {endpoints_.in, endpoints_.header_in};
  for (std::uint8_t endpoint : endpoints) {
    if (endpoint == 0) continue;
    for (int i = 0; i < 64; ++i) {
      auto bytes = device_->bulk_in(endpoint, 512, std::chrono::milliseconds(20));
      if (!bytes || bytes->empty()) break;
    }
  }
  drop_if_gone();
}

Expected<void> UsbSamTransport::send(std::span<const std::uint8_t> frame) {
  if (!device_) return Error("ID card reader " + match_.name() + " is not open");
  Expected<void> sent;
  if (endpoints_.header_out != 0 && endpoints_.header_out != endpoints_.out && frame.size() > sam::kHeaderSize) {
    sent = device_->bulk_out(endpoints_.header_out, frame.first(sam::kHeaderSize), kSendTimeout);
    if (sent) sent = device_->bulk_out(endpoints_.out, frame.subspan(sam::kHeaderSize), kSendTimeout);
  } else {
    sent = device_->bulk_out(endpoints_.out, frame, kSendTimeout);
  }
  drop_if_gone();
  return sent;
}

Expected<std::vector<std::uint8_t>> UsbSamTransport::receive(std::chrono::milliseconds timeout) {
  if (!device_) return Error("ID card reader " + match_.name() + " is not open");
  const bool split = endpoints_.header_in != 0 && endpoints_.header_in != endpoints_.in;
  std::size_t received = 0;
  auto frame = assemble(
      [&](std::size_t wanted, std::chrono::milliseconds left) -> Expected<std::vector<std::uint8_t>> {
        const std::uint8_t endpoint = split && received < sam::kHeaderSize ? endpoints_.header_in : endpoints_.in;
        // Bulk IN reads whole packets: ask for at least one full-speed packet's worth.
        auto bytes = device_->bulk_in(endpoint, std::max<std::size_t>(wanted, 64), left);
        if (bytes) received += bytes->size();
        return bytes;
      },
      timeout);
  drop_if_gone();
  return frame;
}

SerialSamTransport::~SerialSamTransport() {
  close_port();
}

void SerialSamTransport::close_port() {
  if (descriptor_ >= 0) ::close(descriptor_);
  descriptor_ = -1;
}

Expected<void> SerialSamTransport::connect() {
  if (descriptor_ >= 0) return {};
  const int descriptor = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (descriptor < 0) {
    const int error = errno;
    if (error == EACCES) {
      return Error("no permission for " + path_ +
                   " — install the udev rule from packaging/ (or add the service "
                   "user to the dialout group)");
    }
    return Error("ID card reader " + path_ + ": " + std::strerror(error) + " — is it plugged in?");
  }
  termios settings{};
  if (::tcgetattr(descriptor, &settings) != 0) {
    ::close(descriptor);
    return Error(path_ + " is not a serial port");
  }
  ::cfmakeraw(&settings);
  ::cfsetispeed(&settings, B115200);
  ::cfsetospeed(&settings, B115200);
  settings.c_cflag |= CLOCAL | CREAD;
  settings.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | PARENB | CRTSCTS);
  ::tcsetattr(descriptor, TCSANOW, &settings);
  ::tcflush(descriptor, TCIOFLUSH);
  descriptor_ = descriptor;
  return {};
}

void SerialSamTransport::discard_pending() {
  if (descriptor_ >= 0) ::tcflush(descriptor_, TCIFLUSH);
}

Expected<void> SerialSamTransport::send(std::span<const std::uint8_t> frame) {
  std::size_t sent = 0;
  while (sent < frame.size()) {
    const ssize_t written = ::write(descriptor_, frame.data() + sent, frame.size() - sent);
    if (written < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      const int error = errno;
      close_port();
      return Error("ID card reader " + path_ + ": " + std::strerror(error) + " — was it unplugged?");
    }
    sent += static_cast<std::size_t>(written);
  }
  return {};
}

Expected<std::vector<std::uint8_t>> SerialSamTransport::receive(std::chrono::milliseconds timeout) {
  return assemble(
      [&](std::size_t wanted, std::chrono::milliseconds left) -> Expected<std::vector<std::uint8_t>> {
        pollfd waiting{descriptor_, POLLIN, 0};
        const int ready = ::poll(&waiting, 1, static_cast<int>(left.count()));
        if (ready <= 0) return std::vector<std::uint8_t>{};
        if ((waiting.revents & (POLLHUP | POLLERR)) != 0) {
          close_port();
          return Error("ID card reader " + path_ + " was unplugged — plug it in again");
        }
        std::vector<std::uint8_t> bytes(wanted);
        const ssize_t count = ::read(descriptor_, bytes.data(), wanted);
        if (count < 0) return std::vector<std::uint8_t>{};
        bytes.resize(static_cast<std::size_t>(count));
        return bytes;
      },
      timeout);
}

DeviceStatus SamReader::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

Expected<sam::Frame> SamReader::exchange(sam::Command command) {
  // A reader that got a garbled command (a cable pulled mid-frame leaves half a frame in it, which the next one
  // completes) answers with a checksum error and drops what it had: the command is sent once more.
  for (int attempt = 0;; ++attempt) {
    TRY(transport_->send(sam::encode_command(command)));
    auto answer = transport_->receive(answer_timeout_);
    auto frame = answer ? sam::parse_response(*answer) : Expected<sam::Frame>(answer.error());
    if (!frame && transport_->connected()) transport_->discard_pending();
    if (frame && frame->code() == static_cast<std::uint8_t>(sam::Status::checksum_error) && attempt == 0) continue;
    return frame;
  }
}

Expected<CardEvent> SamReader::poll() {
  auto connected = transport_->connect();
  if (!connected) {
    std::lock_guard lock(mutex_);
    const bool was_present = card_present_;
    card_present_ = false;
    status_ = DeviceStatus{connected.error().message().find("permission") != std::string::npos ? DeviceState::no_access
                                                                                               : DeviceState::absent,
                           connected.error().message()};
    if (was_present) return CardEvent{CardEvent::Kind::removed, std::nullopt};
    return std::move(connected).error();
  }
  auto event = poll_connected();
  std::lock_guard lock(mutex_);
  if (event) {
    status_ = DeviceStatus{DeviceState::ready, "ID card reader " + transport_->name()};
  } else if (!transport_->connected()) {
    status_ = DeviceStatus{DeviceState::absent, event.error().message()};
    card_present_ = false;
  } else {
    status_ = DeviceStatus{DeviceState::fault, event.error().message()};
  }
  return event;
}

Expected<CardEvent> SamReader::poll_connected() {
  const sam::Frame found = TRY(exchange(sam::kFindCard));
  if (found.code() != static_cast<std::uint8_t>(sam::Status::card_found)) {
    if (found.code() != static_cast<std::uint8_t>(sam::Status::find_failed)) {
      return Error("ID card reader: " + sam::describe(found.code()));
    }
    if (!card_present_) return CardEvent{};
    // Readers find a card only once it comes into the field: a card read before is asked for again.
    const sam::Frame again = TRY(exchange(sam::kReadBase));
    if (again.code() == static_cast<std::uint8_t>(sam::Status::ok) && again.data.size() >= 4 + kCardTextSize &&
        std::equal(card_text_.begin(), card_text_.end(), again.data.begin() + 4)) {
      return CardEvent{};
    }
    card_present_ = false;
    card_text_.clear();
    return CardEvent{CardEvent::Kind::removed, std::nullopt};
  }
  const sam::Frame selected = TRY(exchange(sam::kSelectCard));
  if (selected.code() != static_cast<std::uint8_t>(sam::Status::ok)) {
    return Error("ID card reader: " + sam::describe(selected.code()));
  }
  const sam::Frame read = TRY(exchange(sam::kReadBase));
  if (read.code() != static_cast<std::uint8_t>(sam::Status::ok)) {
    return Error("ID card reader: " + sam::describe(read.code()));
  }
  IdCardData card = TRY(decode_base_information(read.data));
  card_present_ = true;
  card_text_.assign(read.data.begin() + 4, read.data.begin() + 4 + kCardTextSize);
  return CardEvent{CardEvent::Kind::inserted, std::move(card)};
}

}  // namespace kiosk::devices
