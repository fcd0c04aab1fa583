#pragma once

#include <span>
#include <string_view>

namespace kiosk::store::detail {

// migrations()[i] takes the schema from user_version i to i + 1. Append; never edit a released one.
std::span<const std::string_view> migrations();

}  // namespace kiosk::store::detail
