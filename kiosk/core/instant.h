// Wall-clock instants as given from outside (core reads no clock).
#pragma once

#include <cstdint>
#include <string>

namespace kiosk {

struct Instant {
  std::int64_t unix_ms = 0;             // milliseconds since 1970-01-01T00:00:00Z
  std::int32_t utc_offset_minutes = 0;  // the terminal's local offset when it was taken (+480 for China)

  friend bool operator==(const Instant&, const Instant&) = default;
};

// "2026-11-29T10:38:20.123+08:00" (RFC 3339, local time with its offset).
std::string format_rfc3339(Instant instant);

// The local calendar year of the instant, as case numbers use it.
int local_year(Instant instant);

}  // namespace kiosk
