// Keeps the audio on the one clock. A sound card's sample clock drifts against CLOCK_MONOTONIC (±100 ppm is
// common: 180 ms in 30 minutes), so counting samples is not enough. The ADC time of each block is smoothed with
// a delay-locked loop (as FFmpeg's timefilter does for ALSA input), and libswresample stretches or squeezes the
// samples (soft compensation, at most 0.2 %) so that the output sample count follows that time; a gap of more
// than a quarter second (a microphone that came back) is filled with silence.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "kiosk/core/error.h"

namespace kiosk::media {

// Second-order DLL over block timestamps (FFmpeg libavdevice/timefilter.c, after Adriaensen, "Using a DLL to
// filter time", 2005).
class AdcTimeFilter {
 public:
  // 0.2 Hz: ADC timestamps jitter by up to a millisecond, while a crystal's drift changes over minutes; a narrow
  // loop smooths the first and still follows the second (0.14 ms worst case with ±0.5 ms of jitter).
  AdcTimeFilter(double sample_rate, double block_frames, double bandwidth_hz = 0.2);
  // The smoothed time of this block's first sample, given its reported ADC time and its length in samples.
  double update(double adc_ns, double block_frames);
  void reset() { count_ = 0; }

 private:
  double feedback2_;
  double feedback3_;
  double sample_period_ns_;
  double cycle_time_ns_ = 0;
  std::int64_t count_ = 0;
};

class AudioAligner {
 public:
  // `origin_ns`: the recording's start on CLOCK_MONOTONIC; output pts count samples from there. Without
  // `correct_drift` the samples pass unchanged, timed by their count from the first block's ADC time.
  static Expected<std::unique_ptr<AudioAligner>> create(std::uint32_t sample_rate, std::int64_t origin_ns,
                                                        bool correct_drift = true);
  ~AudioAligner();

  struct Aligned {
    std::vector<std::int16_t> samples;
    std::int64_t first_pts = 0;  // in samples since origin
  };
  Expected<Aligned> push(std::span<const std::int16_t> block, std::int64_t adc_ns);

 private:
  struct State;
  explicit AudioAligner(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace kiosk::media
