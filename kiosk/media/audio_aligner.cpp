#include "kiosk/media/audio_aligner.h"

#include <cmath>
#include <numbers>

#include "kiosk/media/detail/av.h"

namespace kiosk::media {

AdcTimeFilter::AdcTimeFilter(double sample_rate, double block_frames, double bandwidth_hz)
    : sample_period_ns_(1e9 / sample_rate) {
  const double omega = 2.0 * std::numbers::pi * bandwidth_hz * block_frames / sample_rate;
  feedback2_ = std::sqrt(2.0) * omega;
  feedback3_ = omega * omega;
}

double AdcTimeFilter::update(double adc_ns, double block_frames) {
  ++count_;
  if (count_ == 1) {
    cycle_time_ns_ = adc_ns;
    return cycle_time_ns_;
  }
  cycle_time_ns_ += sample_period_ns_ * block_frames;
  const double loop_error = adc_ns - cycle_time_ns_;
  cycle_time_ns_ += std::max(feedback2_, 1.0 / static_cast<double>(count_)) * loop_error;
  sample_period_ns_ += feedback3_ * loop_error / block_frames;
  return cycle_time_ns_;
}

struct AudioAligner::State {
  detail::SwrPtr swr;
  std::uint32_t sample_rate = 0;
  std::int64_t origin_ns = 0;
  AdcTimeFilter filter{48000, 480};
  double last_adc_ns = 0;
  double expected_next_adc_ns = -1;
  bool correct_drift = true;
  std::int64_t counted_pts = -1;  // without correction: the next sample's pts by count
};

AudioAligner::AudioAligner(std::unique_ptr<State> state) : state_(std::move(state)) {}
AudioAligner::~AudioAligner() = default;

Expected<std::unique_ptr<AudioAligner>> AudioAligner::create(std::uint32_t sample_rate, std::int64_t origin_ns,
                                                             bool correct_drift) {
  auto state = std::make_unique<State>();
  state->correct_drift = correct_drift;
  state->sample_rate = sample_rate;
  state->origin_ns = origin_ns;
  state->filter = AdcTimeFilter(sample_rate, 480);
  AVChannelLayout mono;
  av_channel_layout_default(&mono, 1);
  SwrContext* swr = nullptr;
  const int rate = static_cast<int>(sample_rate);
  if (const int made =
          swr_alloc_set_opts2(&swr, &mono, AV_SAMPLE_FMT_S16, rate, &mono, AV_SAMPLE_FMT_S16, rate, 0, nullptr);
      made < 0) {
    return detail::av_failure("audio resampler", made);
  }
  state->swr.reset(swr);
  av_opt_set_int(swr, "flags", SWR_FLAG_RESAMPLE, 0);  // always resample, so compensation is always possible
  av_opt_set_double(swr, "min_comp", 0.001, 0);        // correct differences from 1 ms on
  av_opt_set_double(swr, "max_soft_comp", 0.002, 0);   // by stretching at most 0.2 % (2000 ppm)
  av_opt_set_double(swr, "comp_duration", 1.0, 0);
  av_opt_set_double(swr, "min_hard_comp", 0.25, 0);  // a gap over 250 ms: fill with silence / trim
  if (const int initialized = swr_init(swr); initialized < 0) return detail::av_failure("audio resampler", initialized);
  return std::unique_ptr<AudioAligner>(new AudioAligner(std::move(state)));
}

Expected<AudioAligner::Aligned> AudioAligner::push(std::span<const std::int16_t> block, std::int64_t adc_ns) {
  State& s = *state_;
  if (!s.correct_drift) {
    if (s.counted_pts < 0) s.counted_pts = (adc_ns - s.origin_ns) * s.sample_rate / 1'000'000'000;
    Aligned counted{{block.begin(), block.end()}, s.counted_pts};
    s.counted_pts += static_cast<std::int64_t>(block.size());
    return counted;
  }
  const auto frames = static_cast<double>(block.size());
  // A block far from where the last one said the next would be (device gone and back): start the filter again
  // and let the resampler fill the gap.
  if (s.expected_next_adc_ns >= 0 && std::abs(static_cast<double>(adc_ns) - s.expected_next_adc_ns) > 100e6) {
    s.filter.reset();
  }
  s.expected_next_adc_ns = static_cast<double>(adc_ns) + frames * 1e9 / s.sample_rate;
  const double smoothed_ns = s.filter.update(static_cast<double>(adc_ns - s.origin_ns), frames);
  const auto rate = static_cast<std::int64_t>(s.sample_rate);
  // swr timestamps count 1 / (in_rate × out_rate) seconds.
  const auto in_pts = static_cast<std::int64_t>(std::llround(smoothed_ns * 1e-9 * static_cast<double>(rate * rate)));
  const std::int64_t out_pts = swr_next_pts(s.swr.get(), in_pts);

  Aligned aligned;
  aligned.first_pts = out_pts / rate;
  const int capacity = swr_get_out_samples(s.swr.get(), static_cast<int>(block.size())) + 64;
  aligned.samples.resize(static_cast<std::size_t>(capacity));
  std::uint8_t* out[1] = {reinterpret_cast<std::uint8_t*>(aligned.samples.data())};
  const std::uint8_t* in[1] = {reinterpret_cast<const std::uint8_t*>(block.data())};
  const int converted = swr_convert(s.swr.get(), out, capacity, in, static_cast<int>(block.size()));
  if (converted < 0) return detail::av_failure("audio resampler", converted);
  aligned.samples.resize(static_cast<std::size_t>(converted));
  return aligned;
}

}  // namespace kiosk::media
