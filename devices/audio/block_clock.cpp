#include "devices/audio/block_clock.h"

#include <algorithm>
#include <cmath>

namespace kiosk::devices {
namespace {

constexpr std::int64_t kSameClockNs = 50'000'000;  // a host clock within 50 ms of CLOCK_MONOTONIC is it
constexpr std::int64_t kWindowNs = 5'000'000'000;  // long enough to see a block that came without delay
constexpr std::int64_t kStallNs = 500'000'000;     // a block this much later than the count says: samples lost

}  // namespace

std::int64_t BlockClock::time_block(std::int64_t arrival_ns, double adc_s, double current_s, std::uint64_t frames,
                                    bool overflow) {
  if (mode_ == Mode::undecided) {
    const auto current_ns = static_cast<std::int64_t>(current_s * 1e9);
    mode_ = current_s > 0 && std::llabs(arrival_ns - current_ns) < kSameClockNs ? Mode::host : Mode::arrival;
  }
  if (mode_ == Mode::host) {
    const double adc = adc_s > 0 ? adc_s : current_s - static_cast<double>(frames) / sample_rate_;
    samples_ += frames;
    // Never earlier than the block before (a source read faster than real time, like ALSA's file PCM, reports
    // times that go back as its buffer fills).
    last_ns_ = std::max(last_ns_ + 1, static_cast<std::int64_t>(std::llround(adc * 1e9)));
    return last_ns_;
  }
  const std::int64_t origin = arrival_ns - samples_ns(samples_ + frames);
  if (overflow || (!window_.empty() && origin - window_.front().origin_ns > kStallNs)) window_.clear();
  // The window keeps its anchors in increasing order of origin from the least: later, larger ones behind a smaller
  // one can never be the least while it is in the window (it leaves first), so they are dropped at once.
  while (!window_.empty() && window_.back().origin_ns >= origin) window_.pop_back();
  window_.push_back(Anchor{arrival_ns, origin});
  while (window_.size() > 1 && window_.front().arrival_ns < arrival_ns - kWindowNs) window_.pop_front();
  const std::int64_t time = window_.front().origin_ns + samples_ns(samples_);
  samples_ += frames;
  return time;
}

}  // namespace kiosk::devices
