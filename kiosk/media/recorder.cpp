#include "kiosk/media/recorder.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "kiosk/media/audio_aligner.h"
#include "kiosk/media/detail/av.h"
#include "kiosk/media/encoder.h"
#include "kiosk/media/frame_converter.h"
#include "kiosk/media/overlay.h"

namespace kiosk::media {
namespace {

struct Item {
  StreamKind kind;
  std::int64_t at_ns;  // capture time (video) or ADC time of the first sample (audio)
  devices::VideoFormat video_format;
  std::vector<std::uint8_t> video;
  std::vector<std::int16_t> audio;
};

// An encoded packet kept for the pre-roll.
struct HeldPacket {
  StreamKind kind;
  std::int64_t at_ns;
  bool keyframe;
  detail::PacketPtr packet;
};

constexpr std::size_t kMaxQueuedFrames = 8;    // ~270 ms of video at 30 fps
constexpr std::size_t kMaxQueuedBlocks = 500;  // 5 s of audio

}  // namespace

struct Recorder::State {
  Options options;
  devices::Camera* camera = nullptr;
  devices::Microphone* microphone = nullptr;
  std::unique_ptr<VideoEncoder> video;
  std::unique_ptr<AudioEncoder> audio;
  std::unique_ptr<AudioAligner> aligner;
  std::unique_ptr<FrameConverter> converter;
  std::unique_ptr<FrameConverter> preview_scaler;
  std::unique_ptr<TextOverlay> overlay;
  std::mutex label_mutex;
  std::string case_number;  // shown in the overlay while a case is being recorded
  std::int64_t next_preview_ns = 0;
  std::mutex writer_mutex;  // the encoder thread writes; begin/end_segments swap the writer
  std::unique_ptr<SegmentWriter> writer;
  std::deque<HeldPacket> pre_roll;  // the last pre_roll_seconds of packets, starting at a video keyframe

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Item> queue;
  std::size_t queued_frames = 0;
  std::size_t queued_blocks = 0;
  bool stopping = false;
  std::thread encoder_thread;
  std::optional<Error> failure;  // the first encoding or writing error; the recording stops there
  RecordingSummary summary;
  std::atomic<std::int64_t> video_encoded_ns{0};
  std::atomic<std::int64_t> audio_encoded_ns{0};
  std::atomic<bool> failed{false};
  std::int64_t dropped_charged = 0;  // drops already attributed to a closed segment

  void push(Item item) {
    if (item.at_ns < options.origin_ns) return;
    if (options.until_ns != 0 && item.at_ns >= options.until_ns) return;
    std::unique_lock lock(mutex);
    const bool video_item = item.kind == StreamKind::video;
    auto full = [&] { return video_item ? queued_frames >= kMaxQueuedFrames : queued_blocks >= kMaxQueuedBlocks; };
    if (options.lossless) {
      changed.wait(lock, [&] { return !full() || stopping; });
    } else if (full()) {
      if (video_item)
        ++summary.dropped_frames;
      else
        ++summary.dropped_audio_blocks;
      return;
    }
    if (stopping || failure) return;
    (video_item ? queued_frames : queued_blocks)++;
    queue.push_back(std::move(item));
    changed.notify_all();
  }

  // Keeps a copy for the pre-roll, and trims it to start at the last keyframe that is old enough.
  void hold(StreamKind kind, const AVPacket* packet, std::int64_t at_ns) {
    const bool keyframe = kind == StreamKind::video && (packet->flags & AV_PKT_FLAG_KEY) != 0;
    if (pre_roll.empty() && !keyframe) return;
    pre_roll.push_back(HeldPacket{kind, at_ns, keyframe, detail::PacketPtr(av_packet_clone(packet))});
    const std::int64_t window = std::int64_t{options.pre_roll_seconds} * 1'000'000'000;
    while (true) {
      auto second_keyframe =
          std::find_if(pre_roll.begin() + 1, pre_roll.end(), [](const HeldPacket& held) { return held.keyframe; });
      if (second_keyframe == pre_roll.end() || second_keyframe->at_ns > at_ns - window) break;
      pre_roll.erase(pre_roll.begin(), second_keyframe);
    }
  }

  Expected<void> write_packet(StreamKind kind, AVPacket* packet) {
    std::lock_guard lock(writer_mutex);
    if (options.pre_roll_seconds > 0) {
      const AVCodecContext* codec = kind == StreamKind::video ? video->context() : audio->context();
      hold(kind, packet, av_rescale_q(packet->pts, codec->time_base, AVRational{1, 1'000'000'000}));
    }
    if (!writer) return {};
    return writer->write(kind, packet);
  }

  Expected<void> process(Item& item) {
    const PacketSink sink = [this](StreamKind kind, AVPacket* packet) { return write_packet(kind, packet); };
    if (item.kind == StreamKind::video) {
      const std::int64_t pts = (item.at_ns - options.origin_ns) * kVideoTimeBase / 1'000'000'000;
      auto i420 = converter->to_i420(devices::VideoFrameView{item.at_ns, item.video_format, item.video});
      if (!i420) {
        // A corrupt frame from the camera is dropped and counted; the recording goes on.
        std::lock_guard lock(mutex);
        ++summary.dropped_frames;
        return {};
      }
      if (options.preview && item.at_ns >= next_preview_ns) {
        const devices::VideoFormat format{options.settings.width, options.settings.height, options.settings.fps,
                                          devices::PixelFormat::yuv420};
        if (auto small = preview_scaler->to_i420({item.at_ns, format, *i420})) {
          auto frame = std::make_shared<PreviewFrame>();
          frame->width = options.preview_width;
          frame->height = options.preview_height;
          frame->capture_ns = item.at_ns;
          frame->i420.assign(small->begin(), small->end());
          options.preview->publish(std::move(frame));
        }
        next_preview_ns = item.at_ns + 100'000'000;
      }
      if (overlay) {
        const std::int64_t wall_ms =
            options.wall_reference_ms + (item.at_ns - options.monotonic_reference_ns) / 1'000'000;
        std::string case_label;
        {
          std::lock_guard lock(label_mutex);
          case_label = case_number;
        }
        overlay->draw(*i420, options.settings.width, options.settings.height,
                      overlay_text(wall_ms, options.terminal_id, case_label));
      }
      TRY(video->encode(*i420, pts, sink));
      ++summary.video_frames;
      video_encoded_ns = item.at_ns;
      return {};
    }
    auto aligned = TRY(aligner->push(item.audio, item.at_ns));
    if (!aligned.samples.empty()) TRY(audio->encode(aligned.samples, aligned.first_pts, sink));
    audio_encoded_ns = item.at_ns;
    return {};
  }

  Expected<std::unique_ptr<SegmentWriter>> make_writer(const std::filesystem::path& folder,
                                                       SegmentWriter::SegmentClosed on_closed) {
    return SegmentWriter::create(folder, options.settings.segment_seconds, *video, *audio,
                                 [this, on_closed = std::move(on_closed)](const ClosedSegment& closed) {
                                   // Drops happen before a frame reaches a segment: each segment is charged with those
                                   // since the last.
                                   ClosedSegment segment = closed;
                                   {
                                     // Under the lock: segments repaired in begin_segments() arrive on the caller's
                                     // thread.
                                     std::lock_guard lock(mutex);
                                     segment.dropped_frames = summary.dropped_frames - dropped_charged;
                                     dropped_charged = summary.dropped_frames;
                                     summary.segments.push_back(segment);
                                   }
                                   if (on_closed) on_closed(segment);
                                 });
  }

  void run() {
    while (true) {
      Item item;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return !queue.empty() || stopping; });
        if (queue.empty()) break;
        item = std::move(queue.front());
        queue.pop_front();
        (item.kind == StreamKind::video ? queued_frames : queued_blocks)--;
        changed.notify_all();
      }
      if (auto processed = process(item); !processed) {
        std::lock_guard lock(mutex);
        failure = std::move(processed).error();
        failed = true;
        queue.clear();
        queued_frames = queued_blocks = 0;
        changed.notify_all();
        return;
      }
    }
  }
};

Recorder::Recorder(std::unique_ptr<State> state) : state_(std::move(state)) {}

std::int64_t Recorder::encoded_until_ns() const {
  return std::min(state_->video_encoded_ns.load(), state_->audio_encoded_ns.load());
}

bool Recorder::failed() const {
  return state_->failed;
}

Recorder::~Recorder() {
  if (state_->encoder_thread.joinable()) (void)stop();
}

Expected<std::unique_ptr<Recorder>> Recorder::start(Options options, devices::Camera& camera,
                                                    devices::Microphone& microphone) {
  // libav's informational chatter (x264's banner, muxer notes) is not for the counter's log; errors come back
  // to us as return codes.
  av_log_set_level(AV_LOG_ERROR);
  auto state = std::make_unique<State>();
  State& s = *state;
  s.options = std::move(options);
  s.camera = &camera;
  s.microphone = &microphone;
  const RecordingSettings& settings = s.options.settings;
  s.video = TRY(VideoEncoder::create(settings));
  s.audio = TRY(AudioEncoder::create(settings));
  s.converter = std::make_unique<FrameConverter>(settings.width, settings.height);
  s.preview_scaler = std::make_unique<FrameConverter>(s.options.preview_width, s.options.preview_height);
  if (settings.overlay) s.overlay = TRY(TextOverlay::create(settings.overlay_font, settings.height));
  s.aligner = TRY(AudioAligner::create(settings.sample_rate, s.options.origin_ns, settings.correct_audio_drift));
  if (!s.options.folder.empty()) s.writer = TRY(s.make_writer(s.options.folder, s.options.on_segment_closed));
  s.encoder_thread = std::thread([&s] { s.run(); });
  auto recorder = std::unique_ptr<Recorder>(new Recorder(std::move(state)));

  const devices::VideoFormat video_format{settings.width, settings.height, settings.fps, devices::PixelFormat::yuv420};
  auto camera_started = camera.start(video_format, [&s](const devices::VideoFrameView& frame) {
    s.push(Item{
        StreamKind::video, frame.capture_monotonic_ns, frame.format, {frame.bytes.begin(), frame.bytes.end()}, {}});
  });
  if (!camera_started) {
    (void)recorder->stop();
    return std::move(camera_started).error();
  }
  auto microphone_started =
      microphone.start(devices::AudioFormat{settings.sample_rate, 1}, [&s](const devices::AudioBlockView& block) {
        s.push(Item{StreamKind::audio, block.adc_monotonic_ns, {}, {}, {block.samples.begin(), block.samples.end()}});
      });
  if (!microphone_started) {
    (void)recorder->stop();
    return std::move(microphone_started).error();
  }
  return recorder;
}

Expected<void> Recorder::begin_segments(std::filesystem::path folder, SegmentWriter::SegmentClosed on_closed,
                                        std::string case_number) {
  State& s = *state_;
  auto writer = TRY(s.make_writer(folder, std::move(on_closed)));
  std::lock_guard lock(s.writer_mutex);
  if (s.writer) return Error("recorder: already writing segments — end them first");
  {
    std::lock_guard label_lock(s.label_mutex);
    s.case_number = std::move(case_number);
  }
  for (HeldPacket& held : s.pre_roll) {
    detail::PacketPtr copy(av_packet_clone(held.packet.get()));
    TRY(writer->write(held.kind, copy.get()));
  }
  s.writer = std::move(writer);
  return {};
}

Expected<void> Recorder::end_segments() {
  State& s = *state_;
  std::lock_guard lock(s.writer_mutex);
  {
    std::lock_guard label_lock(s.label_mutex);
    s.case_number.clear();
  }
  if (!s.writer) return {};
  auto closed = s.writer->close();
  s.writer.reset();
  return closed;
}

Expected<RecordingSummary> Recorder::stop() {
  State& s = *state_;
  s.camera->stop();
  s.microphone->stop();
  {
    std::lock_guard lock(s.mutex);
    s.stopping = true;
    s.changed.notify_all();
  }
  if (s.encoder_thread.joinable()) s.encoder_thread.join();
  if (s.failure) return *s.failure;
  const PacketSink sink = [&s](StreamKind kind, AVPacket* packet) { return s.write_packet(kind, packet); };
  TRY(s.video->flush(sink));
  TRY(s.audio->flush(sink));
  TRY(end_segments());
  s.summary.audio_samples = s.audio->samples_in();
  return s.summary;
}

}  // namespace kiosk::media
