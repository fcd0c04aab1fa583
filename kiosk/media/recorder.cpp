#include "kiosk/media/recorder.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <time.h>

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
// A device's first data may take a while (a camera's sensor settles, PortAudio fills its first buffer).
constexpr std::int64_t kFirstDataGraceNs = 3'000'000'000;
constexpr std::int64_t kCheckIntervalNs = 100'000'000;

std::int64_t monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

std::string seconds_text(std::int64_t ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ns) / 1e9);
  return text;
}

const char* source_name(Source source) {
  return source == Source::camera ? "camera" : "microphone";
}

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
  std::int64_t last_video_ns = 0;  // encoder thread
  std::mutex writer_mutex;         // the encoder thread writes; begin/end_segments swap the writer
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

  // The sources, watched by a supervisor thread that notices one that is lost and opens it again.
  struct Watch {
    explicit Watch(Source watched) : source(watched) {}
    Source source;
    std::atomic<std::int64_t> last_ns{0};  // the newest data's time; 0 before any came
    std::atomic<bool> lost{false};
    SourceHealth health;              // under health_mutex
    std::int64_t next_reopen_ns = 0;  // on the sources' clock; under check_mutex
  };
  Watch camera_watch{Source::camera};
  Watch microphone_watch{Source::microphone};
  mutable std::mutex health_mutex;
  std::atomic<float> microphone_peak_dbfs{-100};
  float held_peak_dbfs = -100;  // peak hold for the level meter (audio callback thread only)
  std::int64_t held_at_ns = 0;
  std::vector<SourceEvent> source_events;  // under health_mutex, for the summary
  std::optional<Error> writing_failure;    // under health_mutex: why the segments stopped being written
  std::mutex sources_mutex;                // starting and stopping the devices
  std::atomic<bool> sources_stopped{false};
  std::mutex check_mutex;  // one check at a time: from the supervisor thread, or (virtual time) a source's
  std::atomic<std::int64_t> next_check_ns{0};
  devices::VideoFormat video_format;
  devices::AudioFormat audio_format;
  devices::Camera::FrameCallback on_frame;
  devices::Microphone::BlockCallback on_block;
  std::int64_t sources_started_ns = 0;
  std::thread supervisor;
  std::mutex supervisor_mutex;
  std::condition_variable supervisor_wake;
  bool supervisor_stop = false;

  std::int64_t now() const { return options.now_ns ? options.now_ns() : monotonic_ns(); }

  void emit(SourceEvent event) {
    {
      std::lock_guard lock(health_mutex);
      source_events.push_back(event);
    }
    if (options.on_source_event) options.on_source_event(event);
  }

  // Every frame and block passes here first: data from a lost source means it is back.
  void note_data(Watch& watch, std::int64_t at_ns) {
    const std::int64_t last = watch.last_ns.exchange(at_ns);
    std::optional<SourceEvent> lost;
    std::optional<SourceEvent> restored;
    {
      std::lock_guard lock(health_mutex);
      bool was_lost = watch.lost.exchange(false);
      if (!was_lost && last != 0 && at_ns - last > options.source_timeout_ns) {
        // A gap the supervisor did not see while it lasted (a device that stalled and went on by itself).
        lost = SourceEvent{watch.source, false, last, 0, "no data for " + seconds_text(at_ns - last)};
        watch.health.lost_since_ns = last;
        was_lost = true;
      }
      if (was_lost) {
        const std::int64_t gap = at_ns - watch.health.lost_since_ns;
        watch.health.live = true;
        ++watch.health.gaps;
        watch.health.gap_ns += gap;
        watch.health.detail =
            std::string(source_name(watch.source)) + " delivering again after a gap of " + seconds_text(gap);
        restored = SourceEvent{watch.source, true, at_ns, gap, watch.health.detail};
      }
    }
    if (lost) emit(std::move(*lost));
    if (restored) emit(std::move(*restored));
  }

  devices::DeviceStatus status_of(const Watch& watch) {
    return watch.source == Source::camera ? camera->status() : microphone->status();
  }

  Expected<void> reopen(const Watch& watch) {
    // Never waits for the lock: stop() holds it while it joins the sources' threads, one of which may be here.
    std::unique_lock lock(sources_mutex, std::try_to_lock);
    if (!lock.owns_lock() || sources_stopped) return {};
    if (watch.source == Source::camera) {
      camera->stop();
      return camera->start(video_format, on_frame);
    }
    microphone->stop();
    return microphone->start(audio_format, on_block);
  }

  void check(Watch& watch) {
    if (!watch.lost) {
      const devices::DeviceStatus status = status_of(watch);
      const bool gone = status.state == devices::DeviceState::absent ||
                        status.state == devices::DeviceState::no_access || status.state == devices::DeviceState::fault;
      std::optional<SourceEvent> lost;
      {
        std::lock_guard lock(health_mutex);
        const std::int64_t last = watch.last_ns;
        const std::int64_t since = last != 0 ? last : sources_started_ns;
        const std::int64_t allowed = options.source_timeout_ns + (last != 0 ? 0 : kFirstDataGraceNs);
        const bool silent = now() - since > allowed;
        if (!gone && !silent) return;
        watch.lost = true;
        watch.health.live = false;
        watch.health.lost_since_ns = since;
        watch.health.detail =
            gone ? status.detail
                 : std::string(source_name(watch.source)) + " has delivered nothing for " + seconds_text(now() - since);
        lost = SourceEvent{watch.source, false, since, 0, watch.health.detail};
      }
      emit(std::move(*lost));
      watch.next_reopen_ns = now();
      return;
    }
    if (now() < watch.next_reopen_ns) return;
    watch.next_reopen_ns = now() + std::int64_t{options.reopen_interval_ms} * 1'000'000;
    auto reopened = reopen(watch);
    std::lock_guard lock(health_mutex);
    if (!watch.lost) return;  // data came meanwhile
    watch.health.detail = reopened ? std::string(source_name(watch.source)) + " opened again, waiting for data"
                                   : reopened.error().message();
  }

  // Checks the sources (all of them, or only `watch`) unless another check is running.
  void check_sources(Watch* only = nullptr) {
    std::unique_lock lock(check_mutex, std::try_to_lock);
    if (!lock.owns_lock() || sources_stopped) return;
    next_check_ns = now() + kCheckIntervalNs;
    if (only == nullptr || only == &camera_watch) check(camera_watch);
    if (only == nullptr || only == &microphone_watch) check(microphone_watch);
  }

  // The supervisor: every 100 ms of real time. On a virtual clock that runs many times faster, the sources'
  // own data drives the checks too (each source checks the other), every 100 ms of their time.
  void supervise() {
    std::unique_lock lock(supervisor_mutex);
    while (!supervisor_stop) {
      supervisor_wake.wait_for(lock, std::chrono::nanoseconds(kCheckIntervalNs));
      if (supervisor_stop) break;
      lock.unlock();
      check_sources();
      lock.lock();
    }
  }

  void push(Item item) {
    const bool video_item = item.kind == StreamKind::video;
    note_data(video_item ? camera_watch : microphone_watch, item.at_ns);
    if (options.now_ns && item.at_ns >= next_check_ns) check_sources(video_item ? &microphone_watch : &camera_watch);
    if (item.at_ns < options.origin_ns) return;
    if (options.until_ns != 0 && item.at_ns >= options.until_ns) return;
    std::unique_lock lock(mutex);
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
    if (auto written = writer->write(kind, packet); !written) {
      // The segments could not be written (a full disk): the writer has closed them where they were whole. The
      // encoding goes on (the pre-roll stays ready for when there is space again); end_segments() reports it.
      writer.reset();
      std::lock_guard health_lock(health_mutex);
      writing_failure = std::move(written).error();
    }
    return {};
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
      // After a gap, the first picture is a keyframe: decodable on its own, and a segment may begin there.
      const bool after_gap = last_video_ns != 0 && item.at_ns - last_video_ns > options.source_timeout_ns;
      last_video_ns = item.at_ns;
      TRY(video->encode(*i420, pts, sink, after_gap));
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
  const State& s = *state_;
  // A lost source does not hold the progress back: the recording goes on with what is left.
  const bool camera_lost = s.camera_watch.lost;
  const bool microphone_lost = s.microphone_watch.lost;
  if (camera_lost && !microphone_lost) return s.audio_encoded_ns;
  if (microphone_lost && !camera_lost) return s.video_encoded_ns;
  return std::min(s.video_encoded_ns.load(), s.audio_encoded_ns.load());
}

RecorderHealth Recorder::health() const {
  std::lock_guard lock(state_->health_mutex);
  return RecorderHealth{state_->camera_watch.health, state_->microphone_watch.health,
                        state_->writing_failure ? state_->writing_failure->message() : std::string(),
                        state_->microphone_peak_dbfs.load()};
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

  s.video_format = devices::VideoFormat{settings.width, settings.height, settings.fps, devices::PixelFormat::yuv420};
  s.audio_format = devices::AudioFormat{settings.sample_rate, 1};
  s.on_frame = [&s](const devices::VideoFrameView& frame) {
    s.push(Item{
        StreamKind::video, frame.capture_monotonic_ns, frame.format, {frame.bytes.begin(), frame.bytes.end()}, {}});
  };
  s.on_block = [&s](const devices::AudioBlockView& block) {
    int peak = 0;
    for (const std::int16_t sample : block.samples) peak = std::max(peak, std::abs(static_cast<int>(sample)));
    // The meter holds a peak for 1.5 s, so a word is seen on it and not only the pause after it.
    const float block_dbfs = peak == 0 ? -100.0F : 20.0F * std::log10(static_cast<float>(peak) / 32768.0F);
    if (block_dbfs >= s.held_peak_dbfs || block.adc_monotonic_ns - s.held_at_ns > 1'500'000'000) {
      s.held_peak_dbfs = block_dbfs;
      s.held_at_ns = block.adc_monotonic_ns;
    }
    s.microphone_peak_dbfs = s.held_peak_dbfs;
    s.push(Item{StreamKind::audio, block.adc_monotonic_ns, {}, {}, {block.samples.begin(), block.samples.end()}});
  };
  s.sources_started_ns = s.now();
  // The sources start outside the lock that stop() takes (it is not held yet: nothing else runs).
  if (auto camera_started = camera.start(s.video_format, s.on_frame); !camera_started) {
    (void)recorder->stop();
    return std::move(camera_started).error();
  }
  if (auto microphone_started = microphone.start(s.audio_format, s.on_block); !microphone_started) {
    (void)recorder->stop();
    return std::move(microphone_started).error();
  }
  s.supervisor = std::thread([&s] { s.supervise(); });
  return recorder;
}

Expected<void> Recorder::begin_segments(std::filesystem::path folder, SegmentWriter::SegmentClosed on_closed,
                                        std::string case_number) {
  State& s = *state_;
  auto writer = TRY(s.make_writer(folder, std::move(on_closed)));
  std::lock_guard lock(s.writer_mutex);
  if (s.writer) return Error("recorder: already writing segments — end them first");
  {
    std::lock_guard health_lock(s.health_mutex);
    s.writing_failure.reset();
  }
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
  std::optional<Error> failure;
  {
    std::lock_guard health_lock(s.health_mutex);
    failure = s.writing_failure;
  }
  if (!s.writer) {
    if (failure) return *failure;
    return {};
  }
  auto closed = s.writer->close();
  s.writer.reset();
  return closed;
}

Expected<RecordingSummary> Recorder::stop() {
  State& s = *state_;
  {
    std::lock_guard lock(s.supervisor_mutex);
    s.supervisor_stop = true;
    s.supervisor_wake.notify_all();
  }
  if (s.supervisor.joinable()) s.supervisor.join();
  {
    std::lock_guard lock(s.sources_mutex);
    s.sources_stopped = true;
    s.camera->stop();
    s.microphone->stop();
  }
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
  // A segment that could not be written (a full disk) does not undo the rest: the summary lists what was kept.
  if (auto ended = end_segments(); !ended) s.summary.writing_error = ended.error().message();
  s.summary.audio_samples = s.audio->samples_in();
  {
    std::lock_guard lock(s.health_mutex);
    s.summary.source_events = s.source_events;
    s.summary.origin_ns = s.options.origin_ns;
  }
  return s.summary;
}

}  // namespace kiosk::media
