// After a kill -9 or a power cut: a "NNNN.mp4.recording" holds every fragment that was fdatasync'ed, maybe a torn
// last one, and no trailer. Its readable packets are copied (no re-encoding) into a whole "NNNN.mp4", which is
// synced, hashed and reported like any closed segment; then the unfinished file is removed. A file with no
// readable packet is removed when it holds nothing but its header (killed before its first fragment: nothing was
// recorded in it); one that cannot be read at all is kept aside as "NNNN.mp4.unplayable" for investigation.
#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

#include "kiosk/crypto/crypto.h"
#include "kiosk/media/detail/av.h"
#include "kiosk/media/segment_writer.h"

namespace kiosk::media {
namespace {

namespace fs = std::filesystem;

struct InputFree {
  void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
struct OutputFree {
  void operator()(AVFormatContext* context) const {
    if (context->pb != nullptr) avio_closep(&context->pb);
    avformat_free_context(context);
  }
};

Expected<void> sync_file(const fs::path& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) return Error("cannot open " + path.string() + " to sync it");
  const int synced = ::fsync(descriptor);
  ::close(descriptor);
  if (synced != 0) return Error("cannot sync " + path.string());
  return {};
}

// Copies every readable packet; returns how many video packets there were, and the time span.
Expected<ClosedSegment> remux(const fs::path& from, const fs::path& to) {
  AVFormatContext* raw_input = nullptr;
  if (const int opened = avformat_open_input(&raw_input, from.c_str(), nullptr, nullptr); opened < 0) {
    return detail::av_failure("reading " + from.string(), opened);
  }
  std::unique_ptr<AVFormatContext, InputFree> input(raw_input);
  avformat_find_stream_info(input.get(), nullptr);

  AVFormatContext* raw_output = nullptr;
  if (const int made = avformat_alloc_output_context2(&raw_output, nullptr, "mp4", to.c_str()); made < 0) {
    return detail::av_failure("mp4 muxer", made);
  }
  std::unique_ptr<AVFormatContext, OutputFree> output(raw_output);
  output->avoid_negative_ts = AVFMT_AVOID_NEG_TS_DISABLED;
  for (unsigned index = 0; index < input->nb_streams; ++index) {
    AVStream* stream = avformat_new_stream(output.get(), nullptr);
    avcodec_parameters_copy(stream->codecpar, input->streams[index]->codecpar);
    stream->codecpar->codec_tag = 0;
    stream->time_base = input->streams[index]->time_base;
  }
  if (const int opened = avio_open(&output->pb, to.c_str(), AVIO_FLAG_WRITE); opened < 0) {
    return detail::av_failure("creating " + to.string(), opened);
  }
  AVDictionary* options = nullptr;
  // frag_discont keeps every track on its absolute time, as the segment writer does.
  av_dict_set(&options, "movflags", "frag_keyframe+empty_moov+default_base_moof+frag_discont", 0);
  const int header = avformat_write_header(output.get(), &options);
  av_dict_free(&options);
  if (header < 0) return detail::av_failure("writing " + to.string(), header);

  ClosedSegment segment;
  segment.path = to;
  bool first = true;
  detail::PacketPtr packet(av_packet_alloc());
  while (av_read_frame(input.get(), packet.get()) >= 0) {
    const AVStream* stream = input->streams[packet->stream_index];
    const std::int64_t at_ns = av_rescale_q(packet->pts, stream->time_base, AVRational{1, 1'000'000'000});
    if (first) segment.start_ns = at_ns;
    first = false;
    segment.end_ns = std::max(segment.end_ns, at_ns);
    if (stream->codecpar->codec_type == AVMEDIA_TYPE_VIDEO)
      ++segment.video_frames;
    else
      segment.audio_samples +=
          av_rescale_q(packet->duration, stream->time_base, AVRational{1, stream->codecpar->sample_rate});
    packet->pos = -1;
    if (const int written = av_write_frame(output.get(), packet.get()); written < 0) {
      return detail::av_failure("writing " + to.string(), written);
    }
    av_packet_unref(packet.get());
  }
  if (const int trailer = av_write_trailer(output.get()); trailer < 0) {
    return detail::av_failure("finishing " + to.string(), trailer);
  }
  avio_closep(&output->pb);
  TRY(sync_file(to));
  return segment;
}

}  // namespace

Expected<std::vector<ClosedSegment>> repair_unfinished_segments(const fs::path& folder) {
  std::vector<fs::path> unfinished;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".mp4.recording")) unfinished.push_back(entry.path());
  }
  if (error) return std::vector<ClosedSegment>{};  // no folder: nothing was recorded there
  std::sort(unfinished.begin(), unfinished.end());

  std::vector<ClosedSegment> repaired;
  for (const fs::path& partial : unfinished) {
    const std::string name = partial.filename().string();
    const fs::path whole = folder / name.substr(0, name.size() - std::string_view(".recording").size());
    const fs::path staging = fs::path(whole.string() + ".repairing");
    fs::remove(staging, error);
    auto segment = remux(partial, staging);
    if (!segment) {
      fs::remove(staging, error);
      fs::rename(partial, fs::path(whole.string() + ".unplayable"), error);
      continue;
    }
    if (segment->video_frames == 0 && segment->audio_samples == 0) {
      // Only the header was written before the crash: there is no media to keep.
      fs::remove(staging, error);
      fs::remove(partial, error);
      continue;
    }
    fs::rename(staging, whole, error);
    if (error) return Error("cannot finish " + whole.string() + ": " + error.message());
    fs::remove(partial, error);
    const crypto::FileDigest digest = TRY(crypto::sha256_file(whole));
    segment->path = whole;
    segment->sequence = std::atoi(name.substr(0, 4).c_str());
    segment->sha256 = digest.sha256;
    segment->bytes = digest.bytes;
    repaired.push_back(std::move(*segment));
  }
  return repaired;
}

}  // namespace kiosk::media
