// The Wacom STU family of signature pads with a screen (VID 0x056A): they describe their reports as vendor data,
// so their pen report and commands are known by number. Pen data is report 0x01 (rdy, sw, 12-bit pressure, X and
// Y big-endian); the capability feature 0x09 gives the ranges; feature 0x20 clears the screen and 0x21 turns
// inking (the pad drawing its own ink) on and off.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "devices/sigpad/signature_pad.h"

namespace kiosk::devices::stu {

inline constexpr std::uint16_t kVendor = 0x056A;
inline constexpr std::uint8_t kPenData = 0x01;
inline constexpr std::uint8_t kCapability = 0x09;
inline constexpr std::uint8_t kClearScreen = 0x20;
inline constexpr std::uint8_t kInkingMode = 0x21;
inline constexpr std::size_t kPenDataBytes = 7;
inline constexpr std::size_t kCapabilityBytes = 17;

struct Model {
  std::uint16_t product = 0;
  std::string_view name;
  PadGeometry geometry;  // until the pad's capability report says otherwise
};

// STU-430, STU-530, STU-540 (FACTS.md); nothing for other products.
std::optional<Model> model_of(std::uint16_t vendor, std::uint16_t product);

std::optional<PenSample> decode_pen_data(std::span<const std::uint8_t> report);
std::vector<std::uint8_t> encode_pen_data(const PenSample& sample);  // what the pad sends (the simulator)

// Capability: [0x09, maxX, maxY, maxPressure, screen width, screen height (all 16-bit big-endian), report rate,
// resolution in lines per inch (16-bit), …]. Nothing when the report is too short or a range is zero.
std::optional<PadGeometry> decode_capability(std::span<const std::uint8_t> report);
std::vector<std::uint8_t> encode_capability(const PadGeometry& geometry, std::uint16_t screen_width,
                                            std::uint16_t screen_height);

}  // namespace kiosk::devices::stu
