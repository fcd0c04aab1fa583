#include "kiosk/media/segment_writer.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/statvfs.h>
#include <unistd.h>

#include "kiosk/crypto/crypto.h"
#include "kiosk/media/detail/av.h"

namespace kiosk::media {

namespace fs = std::filesystem;
using detail::av_failure;

std::string segment_file_name(std::int32_t sequence) {
  char name[32];
  std::snprintf(name, sizeof name, "%04d.mp4", sequence);
  return name;
}

// The file the muxer writes through our AVIOContext: our own descriptor, so each fragment can be fdatasync'ed.
struct OutputFile {
  int descriptor = -1;
  int io_errno = 0;  // the first write error, kept for the message
};

// One open segment file.
struct OpenSegment {
  OutputFile file;
  AVFormatContext* format = nullptr;
  ClosedSegment info;
  bool empty = true;
  std::int64_t fragment_start_ns = 0;  // when the fragment being written began
  off_t durable_bytes = 0;             // the file up to here is whole fragments, synced
};

// Without a camera, the sound alone is still recorded: fragments are cut (and made durable) on audio when no
// video keyframe has come for this long, and a segment may begin and end on audio.
constexpr std::int64_t kVideoOverdueNs = 2'000'000'000;

struct SegmentWriter::State {
  fs::path folder;
  std::int64_t segment_ns = 0;
  const VideoEncoder* video = nullptr;
  const AudioEncoder* audio = nullptr;
  SegmentClosed on_closed;
  std::int32_t sequence = 0;
  std::unique_ptr<OpenSegment> current;
  // The previous segment stays open for audio timed before the keyframe that began `current`: the audio
  // encoder delivers a packet or two after the video frame that cut the segment.
  std::unique_ptr<OpenSegment> closing;
  // Audio that came before any keyframe, held until one begins a segment (then dropped: the segment begins with
  // the picture) or, when none comes for a while (no camera), written as the beginning of a sound-only segment.
  std::vector<detail::PacketPtr> audio_waiting;
  std::optional<Error> broken;  // a write failed: the segments were closed where they were whole; no more writing
  // What was recorded, for estimating the space a segment needs: bytes made durable, and the time they span.
  std::uint64_t recorded_bytes = 0;
  std::int64_t recorded_ns = 0;
  std::uint64_t estimated_bytes_per_second = 0;  // before anything was recorded: from the picture size

  std::uint64_t bytes_per_second() const {
    if (recorded_ns >= 1'000'000'000) {
      return static_cast<std::uint64_t>(static_cast<double>(recorded_bytes) * 1e9 / static_cast<double>(recorded_ns));
    }
    return estimated_bytes_per_second;
  }
  std::uint64_t segment_bytes() const {
    return bytes_per_second() * static_cast<std::uint64_t>(segment_ns / 1'000'000'000);
  }
  std::string segment_length() const {
    const std::int64_t seconds = segment_ns / 1'000'000'000;
    return seconds % 60 == 0 ? std::to_string(seconds / 60) + "-minute" : std::to_string(seconds) + "-second";
  }
  // The error for a failed write, with what a technician needs when the disk is full.
  Error explain(const Error& error) const;
};

namespace {

// FFmpeg 5.1 declares the buffer non-const; it is only read.
int write_packet(void* opaque, std::uint8_t* buffer, int size) {
  auto* file = static_cast<OutputFile*>(opaque);
  const int descriptor = file->descriptor;
  int& io_errno = file->io_errno;
  std::size_t remaining = static_cast<std::size_t>(size);
  while (remaining > 0) {
    const ssize_t written = ::write(descriptor, buffer, remaining);
    if (written < 0) {
      if (errno == EINTR) continue;
      if (io_errno == 0) io_errno = errno;
      return AVERROR(errno);
    }
    buffer += written;
    remaining -= static_cast<std::size_t>(written);
  }
  return size;
}

std::int64_t seek_packet(void* opaque, std::int64_t offset, int whence) {
  const int descriptor = static_cast<OutputFile*>(opaque)->descriptor;
  if (whence == AVSEEK_SIZE) {
    const off_t here = ::lseek(descriptor, 0, SEEK_CUR);
    const off_t end = ::lseek(descriptor, 0, SEEK_END);
    ::lseek(descriptor, here, SEEK_SET);
    return end;
  }
  return ::lseek(descriptor, offset, whence & ~AVSEEK_FORCE);
}

std::uint64_t free_bytes(const fs::path& folder) {
  struct statvfs stats {};
  if (::statvfs(folder.c_str(), &stats) != 0) return 0;
  return static_cast<std::uint64_t>(stats.f_bavail) * stats.f_frsize;
}

std::string megabytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

// (A full disk's remedy, with the space needed, is added by State::explain.)
Error io_error(const fs::path& path, int error_number) {
  return Error("recording " + path.string() + ": " + std::strerror(error_number));
}

}  // namespace

SegmentWriter::SegmentWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}

SegmentWriter::~SegmentWriter() {
  (void)close();
}

Expected<std::unique_ptr<SegmentWriter>> SegmentWriter::create(fs::path folder, int segment_seconds,
                                                               const VideoEncoder& video, const AudioEncoder& audio,
                                                               SegmentClosed on_closed) {
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) return Error("cannot create the recording folder " + folder.string() + ": " + error.message());
  if (segment_seconds < 2) return Error("segment length must be at least 2 seconds");
  auto state = std::make_unique<State>();
  state->folder = std::move(folder);
  state->segment_ns = std::int64_t{segment_seconds} * 1'000'000'000;
  state->video = &video;
  state->audio = &audio;
  state->on_closed = std::move(on_closed);
  // Until something is recorded, a segment's size is guessed from the picture: about 0.1 bit per pixel (H.264
  // of a counter scene at CRF 23; 2.8 Mbit/s at 720p30), plus the sound.
  const AVCodecContext* picture = video.context();
  const double pixels_per_second = static_cast<double>(picture->width) * picture->height * av_q2d(picture->framerate);
  state->estimated_bytes_per_second =
      static_cast<std::uint64_t>(pixels_per_second * 0.1 / 8 + static_cast<double>(audio.context()->bit_rate) / 8);
  // What a crash left unfinished is made whole and reported first; then the numbering continues after
  // everything in the folder: nothing is ever overwritten.
  for (const ClosedSegment& repaired : TRY(repair_unfinished_segments(state->folder))) {
    if (state->on_closed) state->on_closed(repaired);
  }
  // A recording that cannot hold one segment is not begun: the error says how much is needed.
  if (const std::uint64_t available = free_bytes(state->folder); available < state->segment_bytes()) {
    return Error("not enough space to record: " + megabytes(available) + " free in " + state->folder.string() +
                 ", and a " + state->segment_length() + " segment needs about " + megabytes(state->segment_bytes()) +
                 " — free space (archive and remove sealed cases)");
  }
  for (const auto& entry : fs::directory_iterator(state->folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() >= 8 && name.substr(4, 4) == ".mp4") {
      state->sequence = std::max(state->sequence, std::atoi(name.substr(0, 4).c_str()));
    }
  }
  return std::unique_ptr<SegmentWriter>(new SegmentWriter(std::move(state)));
}

namespace {

Expected<std::unique_ptr<OpenSegment>> open_segment_file(const fs::path& path, const VideoEncoder& video,
                                                         const AudioEncoder& audio) {
  auto segment = std::make_unique<OpenSegment>();
  segment->info.path = path;
  const fs::path partial = fs::path(path.string() + ".recording");
  segment->file.descriptor = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (segment->file.descriptor < 0) return io_error(partial, errno);
  if (const int made = avformat_alloc_output_context2(&segment->format, nullptr, "mp4", nullptr); made < 0) {
    return av_failure("mp4 muxer", made);
  }
  AVFormatContext* format = segment->format;
  constexpr int kBufferSize = 1 << 16;
  auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferSize));
  format->pb = avio_alloc_context(buffer, kBufferSize, 1, &segment->file, nullptr, write_packet, seek_packet);
  format->flags |= AVFMT_FLAG_CUSTOM_IO;
  // Opus starts with priming samples timed before zero; shifting every stream by that much keeps timestamps
  // non-negative and leaves the audio-video offset exactly as it was.
  format->output_ts_offset = av_rescale(audio.context()->initial_padding, AV_TIME_BASE, audio.context()->sample_rate);
  // Timestamps continue across segments: no shifting of each file to start at zero.
  format->avoid_negative_ts = AVFMT_AVOID_NEG_TS_DISABLED;
  for (const AVCodecContext* codec : {video.context(), audio.context()}) {
    AVStream* stream = avformat_new_stream(format, nullptr);
    avcodec_parameters_from_context(stream->codecpar, codec);
    stream->time_base = codec->time_base;
  }
  AVDictionary* options = nullptr;
  // Fragments are cut by us (frag_custom) at every keyframe; the moov comes first and holds no samples.
  av_dict_set(&options, "movflags", "frag_custom+empty_moov+default_base_moof+frag_discont", 0);
  const int header = avformat_write_header(format, &options);
  av_dict_free(&options);
  if (header < 0) {
    return segment->file.io_errno != 0 ? io_error(partial, segment->file.io_errno) : av_failure("mp4 header", header);
  }
  return segment;
}

Expected<void> sync_fragment(OpenSegment& segment) {
  avio_flush(segment.format->pb);
  if (segment.file.io_errno != 0) return io_error(segment.info.path, segment.file.io_errno);
  if (::fdatasync(segment.file.descriptor) != 0) return io_error(segment.info.path, errno);
  segment.durable_bytes = ::lseek(segment.file.descriptor, 0, SEEK_CUR);
  return {};
}

Expected<void> write_to(OpenSegment& segment, StreamKind kind, AVPacket* packet, const AVCodecContext* codec,
                        std::int64_t at_ns) {
  if (segment.empty) {
    segment.info.start_ns = at_ns;
    segment.fragment_start_ns = at_ns;
    segment.empty = false;
  }
  segment.info.end_ns = std::max(segment.info.end_ns, at_ns);
  if (kind == StreamKind::video)
    ++segment.info.video_frames;
  else
    segment.info.audio_samples += packet->duration;  // Opus packets: duration in 1/sample_rate
  const int stream_index = kind == StreamKind::video ? 0 : 1;
  packet->stream_index = stream_index;
  av_packet_rescale_ts(packet, codec->time_base, segment.format->streams[stream_index]->time_base);
  if (const int written = av_write_frame(segment.format, packet); written < 0) {
    return segment.file.io_errno != 0 ? io_error(segment.info.path, segment.file.io_errno)
                                      : av_failure("mp4 packet", written);
  }
  return {};
}

}  // namespace

Expected<void> SegmentWriter::finish(std::unique_ptr<OpenSegment> segment, bool salvage) {
  if (!segment) return {};
  const fs::path& path = segment->info.path;
  const fs::path partial = fs::path(path.string() + ".recording");
  std::optional<Error> failure;
  if (!salvage) {
    if (const int trailer = av_write_trailer(segment->format); trailer < 0) {
      failure = segment->file.io_errno != 0 ? io_error(partial, segment->file.io_errno)
                                            : av_failure("mp4 trailer of " + partial.string(), trailer);
    } else if (auto synced = sync_fragment(*segment); !synced) {
      failure = std::move(synced).error();
    }
  }
  if (salvage || failure) {
    // A write failed (a full disk): the file is cut back to its last whole, synced fragment — every fragment is
    // playable on its own, no trailer needed — so what was recorded is kept as a whole segment.
    if (::ftruncate(segment->file.descriptor, segment->durable_bytes) != 0 ||
        ::fdatasync(segment->file.descriptor) != 0) {
      if (!failure) failure = io_error(partial, errno);
    }
  }
  state_->recorded_bytes += static_cast<std::uint64_t>(std::max<off_t>(segment->durable_bytes, 0));
  state_->recorded_ns += segment->info.end_ns - segment->info.start_ns;
  av_freep(&segment->format->pb->buffer);
  avio_context_free(&segment->format->pb);
  avformat_free_context(segment->format);
  ::close(segment->file.descriptor);
  if (segment->durable_bytes <= 0 || segment->empty) {
    // Nothing whole was written (the disk was full from the first fragment): there is no segment to keep.
    std::error_code ignored;
    fs::remove(partial, ignored);
    if (failure) return *failure;
    return {};
  }
  std::error_code error;
  fs::rename(partial, path, error);
  if (error) return Error("cannot finish " + path.string() + ": " + error.message());
  const crypto::FileDigest digest = TRY(crypto::sha256_file(path));
  segment->info.sha256 = digest.sha256;
  segment->info.bytes = digest.bytes;
  if (state_->on_closed) state_->on_closed(segment->info);
  if (failure) return *failure;
  return {};
}

Error SegmentWriter::State::explain(const Error& error) const {
  const std::uint64_t available = free_bytes(folder);
  const std::uint64_t needed = segment_bytes();
  if (available >= needed && error.message().find("No space left") == std::string::npos) return error;
  return Error(error.message() + " — the disk is full: " + megabytes(available) + " free in " + folder.string() +
               ", and recording needs about " + megabytes(needed) + " for each " + segment_length() + " segment (" +
               std::to_string(bytes_per_second() / 1000) +
               " kB/s): free space (archive and remove sealed cases); what was recorded so far is kept");
}

Expected<void> SegmentWriter::write(StreamKind kind, AVPacket* packet) {
  State& s = *state_;
  if (s.broken) return *s.broken;
  auto written = write_packet(kind, packet);
  if (written) return {};
  // Close what is open where it is whole, and write nothing more.
  s.broken = s.explain(written.error());
  (void)finish(std::move(s.closing), true);
  (void)finish(std::move(s.current), true);
  return *s.broken;
}

Expected<void> SegmentWriter::write_packet(StreamKind kind, AVPacket* packet) {
  State& s = *state_;
  const AVCodecContext* codec = kind == StreamKind::video ? s.video->context() : s.audio->context();
  const std::int64_t at_ns = av_rescale_q(packet->pts, codec->time_base, AVRational{1, 1'000'000'000});
  if (kind == StreamKind::video && packet->duration == 0) {
    packet->duration = av_rescale_q(1, AVRational{1, codec->framerate.num}, codec->time_base);
  }
  const bool keyframe = kind == StreamKind::video && (packet->flags & AV_PKT_FLAG_KEY) != 0;
  if (kind == StreamKind::audio && s.closing) {
    if (at_ns < s.current->info.start_ns) return write_to(*s.closing, kind, packet, codec, at_ns);
    TRY(finish(std::move(s.closing)));
  }
  // Audio long past the last keyframe: the camera is gone, and the sound goes on alone.
  const bool video_overdue =
      kind == StreamKind::audio && s.current && at_ns - s.current->fragment_start_ns >= kVideoOverdueNs;
  if (s.current && (keyframe || video_overdue)) {
    if (at_ns - s.current->info.start_ns >= s.segment_ns + (keyframe ? 0 : kVideoOverdueNs)) {
      TRY(finish(std::move(s.closing)));
      if (keyframe) {
        s.closing = std::move(s.current);
        TRY(sync_fragment(*s.closing));
      } else {
        TRY(finish(std::move(s.current)));
      }
    } else {
      // A fragment ends before each keyframe: write it out and make it durable.
      if (const int cut = av_write_frame(s.current->format, nullptr); cut < 0) {
        return s.current->file.io_errno != 0 ? io_error(s.current->info.path, s.current->file.io_errno)
                                             : av_failure("mp4 fragment", cut);
      }
      TRY(sync_fragment(*s.current));
      s.current->fragment_start_ns = at_ns;
    }
  }
  if (!s.current) {
    // A segment starts at a keyframe — or on audio, when no picture has come for a while.
    std::vector<detail::PacketPtr> waiting;
    if (!keyframe) {
      if (kind == StreamKind::video) return {};
      const std::int64_t waiting_since =
          s.audio_waiting.empty() ? at_ns
                                  : av_rescale_q(s.audio_waiting.front()->pts, codec->time_base, {1, 1'000'000'000});
      if (at_ns - waiting_since < kVideoOverdueNs) {
        s.audio_waiting.emplace_back(av_packet_clone(packet));
        return {};
      }
      waiting.swap(s.audio_waiting);
    }
    s.audio_waiting.clear();
    ++s.sequence;
    s.current = TRY(open_segment_file(s.folder / segment_file_name(s.sequence), *s.video, *s.audio));
    s.current->info.sequence = s.sequence;
    for (detail::PacketPtr& held : waiting) {
      TRY(write_to(*s.current, StreamKind::audio, held.get(), codec,
                   av_rescale_q(held->pts, codec->time_base, {1, 1'000'000'000})));
    }
  }
  return write_to(*s.current, kind, packet, codec, at_ns);
}

Expected<void> SegmentWriter::close() {
  State& s = *state_;
  if (s.broken) return *s.broken;
  auto closing = finish(std::move(s.closing));
  auto current = finish(std::move(s.current));
  if (!closing) return s.explain(closing.error());
  if (!current) return s.explain(current.error());
  return {};
}

}  // namespace kiosk::media
