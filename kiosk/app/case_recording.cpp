#include "kiosk/app/case_recording.h"

namespace kiosk::app {

Expected<std::unique_ptr<CaseRecording>> CaseRecording::start(RecordingDevices devices,
                                                              const media::RecordingSettings& settings,
                                                              const media::Clock& clock, std::string terminal_id) {
  std::unique_ptr<CaseRecording> recording(new CaseRecording());
  if (!devices.camera || !devices.microphone) return Error("recording: no camera or microphone was given");
  recording->devices_ = std::move(devices);
  const RecordingDevices& owned = recording->devices_;
  const bool simulated = owned.simulated_time != nullptr;
  recording->origin_ns_ = simulated ? owned.simulated_time->start_ns() : clock.monotonic_ns();
  // Wall time for the register: the one clock mapped to the wall clock once, at the start (a wall clock that
  // jumps later does not bend the record). A virtual clock's origin is "now".
  recording->wall_reference_ms_ = clock.now().unix_ms;
  recording->monotonic_reference_ns_ =
      simulated && owned.simulated_time->is_virtual() ? recording->origin_ns_ : clock.monotonic_ns();

  media::Recorder::Options options;
  options.settings = settings;
  options.pre_roll_seconds = settings.pre_roll_seconds;
  options.origin_ns = recording->origin_ns_;
  options.lossless = simulated && owned.simulated_time->is_virtual();
  options.preview = recording->preview_;
  options.terminal_id = std::move(terminal_id);
  options.wall_reference_ms = recording->wall_reference_ms_;
  options.monotonic_reference_ns = recording->monotonic_reference_ns_;
  if (simulated && owned.simulated_time->is_virtual()) {
    options.now_ns = [time = owned.simulated_time] { return time->now_ns(); };
  }
  CaseRecording* self = recording.get();
  options.on_source_event = [self](const media::SourceEvent& event) {
    std::lock_guard lock(self->mutex_);
    self->changes_.push_back(SourceChange{event, self->wall_ms(event.at_ns)});
  };
  if (simulated) owned.simulated_time->pause();  // both sources join before virtual time moves
  auto recorder = media::Recorder::start(std::move(options), *owned.camera, *owned.microphone);
  if (simulated) owned.simulated_time->resume();
  recording->recorder_ = TRY(std::move(recorder));
  return recording;
}

CaseRecording::~CaseRecording() {
  if (recorder_) (void)recorder_->stop();
}

Expected<void> CaseRecording::begin(const std::filesystem::path& folder, std::string case_number) {
  TRY(recorder_->begin_segments(
      folder, [this](const media::ClosedSegment& segment) { closed(segment); }, std::move(case_number)));
  writing_ = true;
  return {};
}

Expected<void> CaseRecording::end() {
  writing_ = false;
  return recorder_->end_segments();
}

void CaseRecording::closed(const media::ClosedSegment& segment) {
  const auto wall_ms = [this](std::int64_t since_origin_ns) { return this->wall_ms(origin_ns_ + since_origin_ns); };
  MediaSegmentRef ref;
  ref.sequence = segment.sequence;
  ref.file = "media/" + segment.path.filename().string();
  ref.sha256 = segment.sha256;
  ref.bytes = segment.bytes;
  ref.start_monotonic_ns = origin_ns_ + segment.start_ns;
  ref.duration_ns = segment.end_ns - segment.start_ns;
  ref.start_unix_ms = wall_ms(segment.start_ns);
  ref.end_unix_ms = wall_ms(segment.end_ns);
  ref.video_frames = segment.video_frames;
  ref.audio_samples = segment.audio_samples;
  ref.dropped_frames = segment.dropped_frames;
  std::lock_guard lock(mutex_);
  inbox_.push_back(std::move(ref));
}

std::vector<MediaSegmentRef> CaseRecording::take_closed() {
  std::lock_guard lock(mutex_);
  std::vector<MediaSegmentRef> taken;
  taken.swap(inbox_);
  return taken;
}

std::vector<CaseRecording::SourceChange> CaseRecording::take_source_changes() {
  std::lock_guard lock(mutex_);
  std::vector<SourceChange> taken;
  taken.swap(changes_);
  return taken;
}

}  // namespace kiosk::app
