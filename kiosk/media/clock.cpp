#include "kiosk/media/clock.h"

#include <time.h>

namespace kiosk::media {

std::int64_t SystemClock::monotonic_ns() const {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

Instant SystemClock::now() const {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  tm local{};
  localtime_r(&now.tv_sec, &local);
  return Instant{std::int64_t{now.tv_sec} * 1000 + now.tv_nsec / 1'000'000,
                 static_cast<std::int32_t>(local.tm_gmtoff / 60)};
}

}  // namespace kiosk::media
