// UTF-8 to code points and back: for drawing text (overlay, receipts) and for the ID card's UCS-2 fields.
#pragma once

#include <string>
#include <string_view>

namespace kiosk {

// A malformed sequence becomes U+FFFD, and decoding goes on with the next byte.
std::u32string decode_utf8(std::string_view text);
void append_utf8(std::string& out, char32_t code);

}  // namespace kiosk
