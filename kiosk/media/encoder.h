// Encoders for the recording: H.264 video (libx264, or the SoC's V4L2 M2M encoder) and Opus speech audio.
// Packets come out through a sink with their encoder's time base: video 1/90000, audio 1/sample_rate.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>

#include "kiosk/core/error.h"
#include "kiosk/media/recording_settings.h"

struct AVCodecContext;
struct AVPacket;

namespace kiosk::media {

inline constexpr int kVideoTimeBase = 90000;

enum class StreamKind { video, audio };
using PacketSink = std::function<Expected<void>(StreamKind, AVPacket*)>;

class VideoEncoder {
 public:
  static Expected<std::unique_ptr<VideoEncoder>> create(const RecordingSettings& settings);
  ~VideoEncoder();
  // One I420 frame; pts in 1/90000 s since the recording's start. `keyframe` forces an IDR frame (the first
  // picture after a camera came back must be decodable on its own).
  Expected<void> encode(std::span<const std::uint8_t> i420, std::int64_t pts, const PacketSink& sink,
                        bool keyframe = false);
  Expected<void> flush(const PacketSink& sink);
  const AVCodecContext* context() const;

 private:
  struct State;
  explicit VideoEncoder(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

class AudioEncoder {
 public:
  static Expected<std::unique_ptr<AudioEncoder>> create(const RecordingSettings& settings);
  ~AudioEncoder();
  // Mono samples that continue the previous ones; `first_pts` (1/sample_rate) is taken from the first call.
  Expected<void> encode(std::span<const std::int16_t> samples, std::int64_t first_pts, const PacketSink& sink);
  Expected<void> flush(const PacketSink& sink);
  const AVCodecContext* context() const;
  std::int64_t samples_in() const;

 private:
  struct State;
  explicit AudioEncoder(std::unique_ptr<State> state);
  Expected<void> encode_fifo(bool final, const PacketSink& sink);
  std::unique_ptr<State> state_;
};

}  // namespace kiosk::media
