#include "devices/idcard/sam_frame.h"

#include <algorithm>
#include <cstdio>

namespace kiosk::devices::sam {
namespace {

std::string hex(std::uint8_t byte) {
  char text[8];
  std::snprintf(text, sizeof text, "%02X", byte);
  return text;
}

std::vector<std::uint8_t> encode(std::span<const std::uint8_t> body) {
  std::vector<std::uint8_t> frame(std::begin(kPreamble), std::end(kPreamble));
  const std::size_t length = body.size() + 1;  // and the checksum
  frame.push_back(static_cast<std::uint8_t>(length >> 8));
  frame.push_back(static_cast<std::uint8_t>(length & 0xFF));
  frame.insert(frame.end(), body.begin(), body.end());
  std::uint8_t checksum = 0;
  for (std::size_t i = 5; i < frame.size(); ++i) checksum ^= frame[i];
  frame.push_back(checksum);
  return frame;
}

// Checks preamble, length and checksum; returns the body.
Expected<std::span<const std::uint8_t>> body_of(std::span<const std::uint8_t> bytes, std::size_t least_body) {
  const auto size = TRY(frame_size(bytes));
  if (!size) return Error("reader frame truncated: " + std::to_string(bytes.size()) + " bytes, not even a header");
  if (bytes.size() < *size) {
    return Error("reader frame truncated: its length field says " + std::to_string(*size) + " bytes, " +
                 std::to_string(bytes.size()) + " came");
  }
  if (bytes.size() > *size) {
    return Error("reader frame too long: its length field says " + std::to_string(*size) + " bytes, " +
                 std::to_string(bytes.size()) + " came");
  }
  std::uint8_t checksum = 0;
  for (std::size_t i = 5; i + 1 < bytes.size(); ++i) checksum ^= bytes[i];
  if (checksum != bytes.back()) {
    return Error("reader frame checksum mismatch (computed " + hex(checksum) + ", frame says " + hex(bytes.back()) +
                 ") — a transmission error: read the card again");
  }
  const auto body = bytes.subspan(kHeaderSize, bytes.size() - kHeaderSize - 1);
  if (body.size() < least_body) {
    return Error("reader frame too short: " + std::to_string(body.size()) + " body bytes, at least " +
                 std::to_string(least_body) + " needed");
  }
  return body;
}

}  // namespace

std::string describe(std::uint8_t status) {
  switch (static_cast<Status>(status)) {
    case Status::ok: return "ok";
    case Status::card_found: return "card found";
    case Status::no_such_item: return "the card has no such item (no fingerprint or no extra address)";
    case Status::find_failed: return "no card on the reader";
    case Status::select_failed: return "the card could not be selected — hold it still on the reader";
    case Status::read_failed: return "reading the card failed — hold it still on the reader and try again";
    case Status::unknown_card_type: return "not an ID card the reader knows";
    case Status::card_auth_failed: return "the card failed authentication with the reader's SAM — is it genuine?";
    case Status::sam_auth_failed: return "the reader's SAM failed authentication with the card — is it genuine?";
    case Status::checksum_error: return "the reader got a command with a bad checksum";
    case Status::length_error: return "the reader got a command of the wrong length";
    case Status::bad_command: return "the reader does not know the command";
    case Status::sam_self_test_failed: return "the reader's SAM failed its self-test — the reader needs service";
    case Status::sam_not_authorised: return "the reader's SAM is not authorised — the reader needs service";
  }
  return "unknown reader status " + hex(status);
}

std::vector<std::uint8_t> encode_command(Command command, std::span<const std::uint8_t> data) {
  std::vector<std::uint8_t> body{command.command, command.parameter};
  body.insert(body.end(), data.begin(), data.end());
  return encode(body);
}

std::vector<std::uint8_t> encode_response(std::uint8_t status, std::span<const std::uint8_t> data) {
  std::vector<std::uint8_t> body{0x00, 0x00, status};
  body.insert(body.end(), data.begin(), data.end());
  return encode(body);
}

Expected<std::optional<std::size_t>> frame_size(std::span<const std::uint8_t> received) {
  const std::size_t preamble = std::min(received.size(), std::size(kPreamble));
  if (!std::equal(received.begin(), received.begin() + static_cast<std::ptrdiff_t>(preamble), std::begin(kPreamble))) {
    return Error("reader frame does not begin with AA AA AA 96 69 — not a SAM reader, or out of step");
  }
  if (received.size() < kHeaderSize) return std::optional<std::size_t>{};
  const std::size_t length = std::size_t{received[5]} << 8 | received[6];
  if (length < 2) return Error("reader frame length field says " + std::to_string(length) + " — too small");
  if (kHeaderSize + length > kMaxFrameSize) {
    return Error("reader frame length field says " + std::to_string(length) + " — larger than any reader frame");
  }
  return std::optional<std::size_t>{kHeaderSize + length};
}

Expected<Frame> parse_response(std::span<const std::uint8_t> bytes) {
  const auto body = TRY(body_of(bytes, 3));
  Frame frame;
  std::copy_n(body.begin(), 3, frame.status);
  frame.data.assign(body.begin() + 3, body.end());
  return frame;
}

Expected<Frame> parse_command(std::span<const std::uint8_t> bytes) {
  const auto body = TRY(body_of(bytes, 2));
  Frame frame;
  frame.status[0] = body[0];
  frame.status[1] = body[1];
  frame.data.assign(body.begin() + 2, body.end());
  return frame;
}

}  // namespace kiosk::devices::sam
