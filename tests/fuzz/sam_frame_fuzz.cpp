// Bytes from an ID card reader: frames of any shape, and card text blocks of any content. Parsing must never crash,
// and what decodes must encode back to the same text block.
#include <cstddef>
#include <cstdint>
#include <span>

#include "devices/idcard/card_text.h"
#include "devices/idcard/sam_frame.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kiosk::devices;
  const std::span<const std::uint8_t> bytes(data, size);
  (void)sam::frame_size(bytes);
  if (auto frame = sam::parse_response(bytes)) {
    if (frame->code() == 0x90) (void)decode_base_information(frame->data);
  }
  (void)sam::parse_command(bytes);
  if (size >= kCardTextSize) {
    const auto text = bytes.first(kCardTextSize);
    if (auto card = decode_card_text(text)) {
      auto again = encode_card_text(*card);
      if (!again) __builtin_trap();
      auto redecoded = decode_card_text(*again);
      if (!redecoded || !(*redecoded == *card)) __builtin_trap();
    }
  }
  return 0;
}
