// Times each block of a capture stream on CLOCK_MONOTONIC. Where the host API's stream clock is CLOCK_MONOTONIC
// (ALSA hw: devices), its ADC times are taken as they are: they are what the hardware reported. Where it is some
// other clock with synthetic times (ALSA's pulse plugin reports CLOCK_REALTIME and a latency that wanders by
// hundreds of milliseconds while the stream settles), the block's time comes from the sample count instead,
// anchored where the blocks arrive earliest: over the last few seconds, the least arrival time less the samples'
// duration. That anchor moves only with the sound card's real drift, and is reset after an overflow (samples lost).
#pragma once

#include <cstdint>
#include <deque>

namespace kiosk::devices {

class BlockClock {
 public:
  explicit BlockClock(std::uint32_t sample_rate) : sample_rate_(sample_rate) {}

  // `arrival_ns`: CLOCK_MONOTONIC when the block was handed over; `adc_s` and `current_s`: the host API's ADC time of
  // the first sample and its current time (0 when it gives none); `overflow`: the host says samples were lost.
  // Returns the capture time of the block's first sample.
  std::int64_t time_block(std::int64_t arrival_ns, double adc_s, double current_s, std::uint64_t frames, bool overflow);

  // Whether the host API's own clock is used (decided at the first block).
  bool host_clock() const { return mode_ == Mode::host; }

 private:
  enum class Mode { undecided, host, arrival };
  struct Anchor {
    std::int64_t arrival_ns;
    std::int64_t origin_ns;  // arrival less the duration of every sample up to the block's end
  };
  std::int64_t samples_ns(std::uint64_t samples) const {
    return static_cast<std::int64_t>(samples * 1'000'000'000ULL / sample_rate_);
  }

  std::uint32_t sample_rate_;
  Mode mode_ = Mode::undecided;
  std::uint64_t samples_ = 0;  // counted before this block
  std::int64_t last_ns_ = 0;   // the time given to the block before (host clock)
  std::deque<Anchor> window_;  // the last kWindowNs of anchors, for the least one
};

}  // namespace kiosk::devices
