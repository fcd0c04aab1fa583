// The SAM protocol of Chinese resident ID card readers (GA 467): every frame, both ways, is
//   AA AA AA 96 69 | length (2 bytes, big-endian: everything after it) | body | checksum
// where the checksum is the XOR of every byte from the length field to the body's last byte. A command's body is
// the command and its parameter (and data); a response's body is three status bytes, the third of which says how
// it went, then data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kiosk/core/error.h"

namespace kiosk::devices::sam {

inline constexpr std::uint8_t kPreamble[5] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
inline constexpr std::size_t kHeaderSize = 7;       // preamble and length
inline constexpr std::size_t kMaxFrameSize = 4096;  // the largest response (read with fingerprint) is 2321 bytes

// Commands: {command, parameter}.
struct Command {
  std::uint8_t command;
  std::uint8_t parameter;
};
inline constexpr Command kSamStatus{0x11, 0xFF};
inline constexpr Command kFindCard{0x20, 0x01};
inline constexpr Command kSelectCard{0x20, 0x02};
inline constexpr Command kReadBase{0x30, 0x01};

// The third status byte.
enum class Status : std::uint8_t {
  ok = 0x90,
  card_found = 0x9F,
  no_such_item = 0x91,
  find_failed = 0x80,
  select_failed = 0x81,
  read_failed = 0x41,
  unknown_card_type = 0x40,
  card_auth_failed = 0x31,
  sam_auth_failed = 0x32,
  checksum_error = 0x10,
  length_error = 0x11,
  bad_command = 0x21,
  sam_self_test_failed = 0x60,
  sam_not_authorised = 0x66,
};

// What a status means, for staff and technicians ("no card on the reader", "SAM not authorised — …").
std::string describe(std::uint8_t status);

std::vector<std::uint8_t> encode_command(Command command, std::span<const std::uint8_t> data = {});
// A response frame with the given status and data (the simulator's side).
std::vector<std::uint8_t> encode_response(std::uint8_t status, std::span<const std::uint8_t> data = {});

struct Frame {
  std::uint8_t status[3] = {0, 0, 0};  // for a command frame: command, parameter, first data byte (if any)
  std::vector<std::uint8_t> data;      // after the status bytes (a command's: after its parameter)
  std::uint8_t code() const { return status[2]; }
};

// How many bytes the frame that `received` begins will have in all, once its length field is in (nullopt
// before). A preamble that is not AA AA AA 96 69, or a length too small or too large, is an error.
Expected<std::optional<std::size_t>> frame_size(std::span<const std::uint8_t> received);

// Parses exactly one response frame: preamble, length (must match the bytes present), checksum.
Expected<Frame> parse_response(std::span<const std::uint8_t> bytes);
// Parses exactly one command frame (what the simulator receives).
Expected<Frame> parse_command(std::span<const std::uint8_t> bytes);

}  // namespace kiosk::devices::sam
