#include "kiosk/media/player.h"

extern "C" {
#include <libswscale/swscale.h>
}

#include <chrono>

#include "kiosk/media/detail/av.h"

namespace kiosk::media {

namespace {

struct FormatClose {
  void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
struct SwsFree {
  void operator()(SwsContext* context) const { sws_freeContext(context); }
};

}  // namespace

struct SegmentPlayer::State {
  std::unique_ptr<AVFormatContext, FormatClose> input;
  detail::CodecContextPtr decoder;
  std::unique_ptr<SwsContext, SwsFree> scaler;
  int stream = -1;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

SegmentPlayer::SegmentPlayer() : state_(std::make_unique<State>()) {}

SegmentPlayer::~SegmentPlayer() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

std::string SegmentPlayer::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

Expected<std::unique_ptr<SegmentPlayer>> SegmentPlayer::open(const std::filesystem::path& file,
                                                             std::uint32_t max_width) {
  std::unique_ptr<SegmentPlayer> player(new SegmentPlayer());
  State& state = *player->state_;
  AVFormatContext* input = nullptr;
  if (const int code = avformat_open_input(&input, file.c_str(), nullptr, nullptr); code < 0) {
    return detail::av_failure("play " + file.string(), code);
  }
  state.input.reset(input);
  if (const int code = avformat_find_stream_info(input, nullptr); code < 0) {
    return detail::av_failure("play " + file.string(), code);
  }
  const AVCodec* codec = nullptr;
  state.stream = av_find_best_stream(input, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
  if (state.stream < 0 || codec == nullptr) return Error("play " + file.string() + ": the file has no picture");
  state.decoder.reset(avcodec_alloc_context3(codec));
  avcodec_parameters_to_context(state.decoder.get(), input->streams[state.stream]->codecpar);
  if (const int code = avcodec_open2(state.decoder.get(), codec, nullptr); code < 0) {
    return detail::av_failure("play " + file.string(), code);
  }
  const int source_width = state.decoder->width;
  const int source_height = state.decoder->height;
  if (source_width <= 0 || source_height <= 0) return Error("play " + file.string() + ": the picture has no size");
  state.width = std::min<std::uint32_t>(max_width, static_cast<std::uint32_t>(source_width)) & ~1U;
  state.height = static_cast<std::uint32_t>(static_cast<std::int64_t>(source_height) * state.width /
                                            static_cast<std::uint32_t>(source_width)) &
                 ~1U;
  state.scaler.reset(sws_getContext(source_width, source_height, state.decoder->pix_fmt, static_cast<int>(state.width),
                                    static_cast<int>(state.height), AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr,
                                    nullptr));
  if (!state.scaler) return Error("play " + file.string() + ": cannot scale its picture");
  player->duration_seconds_ = input->duration > 0 ? static_cast<double>(input->duration) / AV_TIME_BASE : 0;
  player->thread_ = std::thread([raw = player.get()] { raw->run(); });
  return player;
}

void SegmentPlayer::run() {
  State& state = *state_;
  const AVRational time_base = state.input->streams[state.stream]->time_base;
  detail::PacketPtr packet(av_packet_alloc());
  detail::FramePtr decoded(av_frame_alloc());
  const auto started = std::chrono::steady_clock::now();
  std::int64_t first_pts = AV_NOPTS_VALUE;
  const auto show = [&]() {
    if (first_pts == AV_NOPTS_VALUE) first_pts = decoded->best_effort_timestamp;
    const std::int64_t at_ms = av_rescale_q(decoded->best_effort_timestamp - first_pts, time_base, AVRational{1, 1000});
    // At the pace of the recording: wait until this frame's time has come.
    while (!stopping_ && std::chrono::steady_clock::now() < started + std::chrono::milliseconds(at_ms)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    auto frame = std::make_shared<PreviewFrame>();
    frame->width = state.width;
    frame->height = state.height;
    frame->capture_ns = at_ms * 1'000'000;
    frame->i420.resize(static_cast<std::size_t>(state.width) * state.height * 3 / 2);
    std::uint8_t* planes[3] = {frame->i420.data(), frame->i420.data() + state.width * state.height,
                               frame->i420.data() + state.width * state.height * 5 / 4};
    const int strides[3] = {static_cast<int>(state.width), static_cast<int>(state.width / 2),
                            static_cast<int>(state.width / 2)};
    sws_scale(state.scaler.get(), decoded->data, decoded->linesize, 0, decoded->height, planes, strides);
    slot_->publish(std::move(frame));
    position_ms_ = at_ms;
    ++frames_;
  };
  const auto drain = [&]() {
    while (!stopping_ && avcodec_receive_frame(state.decoder.get(), decoded.get()) == 0) {
      show();
      av_frame_unref(decoded.get());
    }
  };
  while (!stopping_) {
    const int read = av_read_frame(state.input.get(), packet.get());
    if (read < 0) break;
    if (packet->stream_index == state.stream) {
      if (const int code = avcodec_send_packet(state.decoder.get(), packet.get());
          code < 0 && code != AVERROR(EAGAIN)) {
        std::lock_guard lock(mutex_);
        error_ = "the recording is damaged at " + std::to_string(position_ms_.load() / 1000) +
                 " s: " + detail::av_error_text(code);
      }
      drain();
    }
    av_packet_unref(packet.get());
  }
  avcodec_send_packet(state.decoder.get(), nullptr);
  drain();
  finished_ = true;
}

}  // namespace kiosk::media
