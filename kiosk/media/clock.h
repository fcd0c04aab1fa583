// One monotonic clock for everything recorded (CLOCK_MONOTONIC ns); wall time only for labels and the record.
#pragma once

#include <cstdint>

#include "kiosk/core/instant.h"

namespace kiosk::media {

class Clock {
 public:
  virtual ~Clock() = default;
  // Nanoseconds on CLOCK_MONOTONIC: durations and A/V timestamps. Never jumps.
  virtual std::int64_t monotonic_ns() const = 0;
  // Local wall time with its UTC offset: what the record and the overlay show. May jump (NTP, manual set).
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t monotonic_ns() const override;
  Instant now() const override;
};

// A clock that moves only when told: tests, and the headless demo's virtual time.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start, std::int64_t monotonic_start_ns = 0)
      : wall_(start), monotonic_ns_(monotonic_start_ns) {}

  std::int64_t monotonic_ns() const override { return monotonic_ns_; }
  Instant now() const override { return wall_; }
  void advance_ms(std::int64_t milliseconds) {
    monotonic_ns_ += milliseconds * 1'000'000;
    wall_.unix_ms += milliseconds;
  }
  // The wall clock set by hand or by NTP: it jumps, the monotonic clock does not.
  void jump_wall_ms(std::int64_t milliseconds) { wall_.unix_ms += milliseconds; }

 private:
  Instant wall_;
  std::int64_t monotonic_ns_;
};

}  // namespace kiosk::media
