#include "kiosk/media/encoder.h"

#include <cstring>

#include "kiosk/media/detail/av.h"

namespace kiosk::media {

using detail::av_failure;

// Receives every packet the encoder has ready and hands it to the sink.
static Expected<void> drain_packets(AVCodecContext* context, StreamKind kind, const PacketSink& sink) {
  detail::PacketPtr packet(av_packet_alloc());
  while (true) {
    const int result = avcodec_receive_packet(context, packet.get());
    if (result == AVERROR(EAGAIN) || result == AVERROR_EOF) return {};
    if (result < 0) return av_failure("encoder", result);
    auto written = sink(kind, packet.get());
    av_packet_unref(packet.get());
    if (!written) return written;
  }
}

struct VideoEncoder::State {
  detail::CodecContextPtr context;
  detail::FramePtr frame;
};

VideoEncoder::VideoEncoder(std::unique_ptr<State> state) : state_(std::move(state)) {}
VideoEncoder::~VideoEncoder() = default;
const AVCodecContext* VideoEncoder::context() const {
  return state_->context.get();
}

Expected<std::unique_ptr<VideoEncoder>> VideoEncoder::create(const RecordingSettings& settings) {
  const AVCodec* codec = avcodec_find_encoder_by_name(settings.video_encoder.c_str());
  if (codec == nullptr) {
    return Error("video encoder \"" + settings.video_encoder +
                 "\" is not available — use libx264, or h264_v4l2m2m on boards that have one");
  }
  auto state = std::make_unique<State>();
  state->context.reset(avcodec_alloc_context3(codec));
  AVCodecContext* context = state->context.get();
  context->width = static_cast<int>(settings.width);
  context->height = static_cast<int>(settings.height);
  context->pix_fmt = AV_PIX_FMT_YUV420P;
  context->time_base = AVRational{1, kVideoTimeBase};
  context->framerate = AVRational{static_cast<int>(settings.fps), 1};
  // A keyframe every second, and only then: each ~1 s fragment (and each segment) starts decodable.
  context->gop_size = static_cast<int>(settings.fps);
  context->keyint_min = static_cast<int>(settings.fps);
  context->max_b_frames = 0;
  context->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;  // SPS/PPS in every segment's moov (avcC)
  AVDictionary* options = nullptr;
  if (settings.video_encoder == "libx264") {
    av_dict_set(&options, "preset", settings.x264_preset.c_str(), 0);
    av_dict_set(&options, "tune", "zerolatency", 0);  // no lookahead: little is held in the encoder at a crash
    av_dict_set(&options, "crf", std::to_string(settings.x264_crf).c_str(), 0);
    av_dict_set(&options, "x264-params", "scenecut=0:repeat-headers=1", 0);
    av_dict_set(&options, "forced-idr", "1", 0);  // a forced keyframe is an IDR: a segment may begin there
  } else {
    context->bit_rate = static_cast<std::int64_t>(settings.width) * settings.height * settings.fps / 10;
  }
  const int opened = avcodec_open2(context, codec, &options);
  av_dict_free(&options);
  if (opened < 0) {
    Error failure = av_failure("opening video encoder " + settings.video_encoder, opened);
    if (settings.video_encoder != "libx264") {
      // h264_v4l2m2m needs the SoC's memory-to-memory encoder device; a PC or a board without one has none.
      return Error(failure.message() +
                   " — this machine has no usable V4L2 M2M H.264 encoder (a /dev/video* node "
                   "of the SoC's encoder): set recording.video_encoder = \"libx264\"");
    }
    return failure;
  }
  state->frame.reset(av_frame_alloc());
  state->frame->format = AV_PIX_FMT_YUV420P;
  state->frame->width = context->width;
  state->frame->height = context->height;
  if (const int allocated = av_frame_get_buffer(state->frame.get(), 0); allocated < 0) {
    return av_failure("allocating a video frame", allocated);
  }
  return std::unique_ptr<VideoEncoder>(new VideoEncoder(std::move(state)));
}

Expected<void> VideoEncoder::encode(std::span<const std::uint8_t> i420, std::int64_t pts, const PacketSink& sink,
                                    bool keyframe) {
  AVFrame* frame = state_->frame.get();
  const auto width = static_cast<std::size_t>(frame->width);
  const auto height = static_cast<std::size_t>(frame->height);
  if (i420.size() != width * height * 3 / 2) return Error("video frame of the wrong size for the encoder");
  if (const int writable = av_frame_make_writable(frame); writable < 0) return av_failure("video frame", writable);
  const std::uint8_t* planes[3] = {i420.data(), i420.data() + width * height,
                                   i420.data() + width * height + width * height / 4};
  const std::size_t plane_width[3] = {width, width / 2, width / 2};
  const std::size_t plane_height[3] = {height, height / 2, height / 2};
  for (int plane = 0; plane < 3; ++plane) {
    for (std::size_t row = 0; row < plane_height[plane]; ++row) {
      std::memcpy(frame->data[plane] + row * static_cast<std::size_t>(frame->linesize[plane]),
                  planes[plane] + row * plane_width[plane], plane_width[plane]);
    }
  }
  frame->pts = pts;
  frame->pict_type = keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  if (const int sent = avcodec_send_frame(state_->context.get(), frame); sent < 0) {
    return av_failure("video encoder", sent);
  }
  return drain_packets(state_->context.get(), StreamKind::video, sink);
}

Expected<void> VideoEncoder::flush(const PacketSink& sink) {
  avcodec_send_frame(state_->context.get(), nullptr);
  return drain_packets(state_->context.get(), StreamKind::video, sink);
}

struct AudioEncoder::State {
  detail::CodecContextPtr context;
  detail::AudioFifoPtr fifo;
  detail::FramePtr frame;
  std::int64_t next_pts = AV_NOPTS_VALUE;  // pts of the fifo's first sample
  std::int64_t samples_in = 0;
};

AudioEncoder::AudioEncoder(std::unique_ptr<State> state) : state_(std::move(state)) {}
AudioEncoder::~AudioEncoder() = default;
const AVCodecContext* AudioEncoder::context() const {
  return state_->context.get();
}
std::int64_t AudioEncoder::samples_in() const {
  return state_->samples_in;
}

Expected<std::unique_ptr<AudioEncoder>> AudioEncoder::create(const RecordingSettings& settings) {
  const AVCodec* codec = avcodec_find_encoder_by_name("libopus");
  if (codec == nullptr) return Error("the Opus encoder (libopus) is missing — install libavcodec59 from Debian");
  auto state = std::make_unique<State>();
  state->context.reset(avcodec_alloc_context3(codec));
  AVCodecContext* context = state->context.get();
  context->sample_rate = static_cast<int>(settings.sample_rate);
  context->sample_fmt = AV_SAMPLE_FMT_S16;
  av_channel_layout_default(&context->ch_layout, 1);
  context->bit_rate = settings.audio_bitrate;
  context->time_base = AVRational{1, context->sample_rate};
  context->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVDictionary* options = nullptr;
  av_dict_set(&options, "application", "voip", 0);
  const int opened = avcodec_open2(context, codec, &options);
  av_dict_free(&options);
  if (opened < 0) return av_failure("opening the Opus encoder", opened);
  state->fifo.reset(av_audio_fifo_alloc(AV_SAMPLE_FMT_S16, 1, context->frame_size * 4));
  state->frame.reset(av_frame_alloc());
  state->frame->format = AV_SAMPLE_FMT_S16;
  state->frame->nb_samples = context->frame_size;
  state->frame->sample_rate = context->sample_rate;
  av_channel_layout_default(&state->frame->ch_layout, 1);
  if (const int allocated = av_frame_get_buffer(state->frame.get(), 0); allocated < 0) {
    return av_failure("allocating an audio frame", allocated);
  }
  return std::unique_ptr<AudioEncoder>(new AudioEncoder(std::move(state)));
}

Expected<void> AudioEncoder::encode(std::span<const std::int16_t> samples, std::int64_t first_pts,
                                    const PacketSink& sink) {
  if (state_->next_pts == AV_NOPTS_VALUE) state_->next_pts = first_pts;
  void* data[1] = {const_cast<std::int16_t*>(samples.data())};
  if (av_audio_fifo_write(state_->fifo.get(), data, static_cast<int>(samples.size())) < 0) {
    return Error("audio buffer: out of memory");
  }
  state_->samples_in += static_cast<std::int64_t>(samples.size());
  return encode_fifo(false, sink);
}

Expected<void> AudioEncoder::encode_fifo(bool final, const PacketSink& sink) {
  AVCodecContext* context = state_->context.get();
  AVFrame* frame = state_->frame.get();
  while (av_audio_fifo_size(state_->fifo.get()) >= context->frame_size ||
         (final && av_audio_fifo_size(state_->fifo.get()) > 0)) {
    if (const int writable = av_frame_make_writable(frame); writable < 0) return av_failure("audio frame", writable);
    const int available = av_audio_fifo_size(state_->fifo.get());
    const int count = available < context->frame_size ? available : context->frame_size;
    std::memset(frame->data[0], 0, static_cast<std::size_t>(context->frame_size) * sizeof(std::int16_t));
    av_audio_fifo_read(state_->fifo.get(), reinterpret_cast<void**>(frame->data), count);
    frame->nb_samples = context->frame_size;  // a short last frame is padded with silence
    frame->pts = state_->next_pts;
    state_->next_pts += count;
    if (const int sent = avcodec_send_frame(context, frame); sent < 0) return av_failure("audio encoder", sent);
    TRY(drain_packets(context, StreamKind::audio, sink));
  }
  return {};
}

Expected<void> AudioEncoder::flush(const PacketSink& sink) {
  TRY(encode_fifo(true, sink));
  avcodec_send_frame(state_->context.get(), nullptr);
  return drain_packets(state_->context.get(), StreamKind::audio, sink);
}

}  // namespace kiosk::media
