#include "support/av_sync_probe.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <algorithm>
#include <cmath>

namespace kiosk::testing {
namespace {

struct Detector {
  // Video: a frame whose mean luma is near white is a flash.
  std::vector<double> flashes;
  long frames = 0;
  // Audio: the first loud sample after half a second of quiet is an onset.
  std::vector<double> onsets;
  double quiet_since = -1e9;
  bool loud = false;

  int sample_width = 0;
  int sample_height = 0;
  std::vector<unsigned char> sample_luma;

  void video(const AVFrame* frame, double time) {
    if (frames == 5) {
      sample_width = frame->width;
      sample_height = frame->height;
      for (int y = 0; y < frame->height; ++y) {
        const unsigned char* row = frame->data[0] + static_cast<std::ptrdiff_t>(y) * frame->linesize[0];
        sample_luma.insert(sample_luma.end(), row, row + frame->width);
      }
    }
    ++frames;
    long long sum = 0;
    long count = 0;
    for (int y = 0; y < frame->height; y += 8) {
      for (int x = 0; x < frame->width; x += 8) {
        sum += frame->data[0][y * frame->linesize[0] + x];
        ++count;
      }
    }
    if (count > 0 && sum / count > 200) flashes.push_back(time);
  }

  void audio_sample(double value, double time) {
    const double magnitude = std::fabs(value);
    if (magnitude > 0.1) {
      if (!loud && time - quiet_since > 0.5) onsets.push_back(time);
      loud = true;
    } else if (magnitude < 0.02) {
      if (loud) quiet_since = time;
      loud = false;
    }
  }

  void audio(const AVFrame* frame, double time) {
    const double rate = frame->sample_rate;
    for (int i = 0; i < frame->nb_samples; ++i) {
      double value = 0;
      switch (frame->format) {
        case AV_SAMPLE_FMT_FLTP:
        case AV_SAMPLE_FMT_FLT: value = reinterpret_cast<const float*>(frame->data[0])[i]; break;
        case AV_SAMPLE_FMT_S16P:
        case AV_SAMPLE_FMT_S16: value = reinterpret_cast<const std::int16_t*>(frame->data[0])[i] / 32768.0; break;
        default: return;
      }
      audio_sample(value, time + i / rate);
    }
  }
};

std::string decode_file(const std::filesystem::path& path, Detector& detector, std::vector<double>& durations) {
  AVFormatContext* format = nullptr;
  if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) return "cannot open " + path.string();
  avformat_find_stream_info(format, nullptr);
  durations.push_back(format->duration > 0 ? static_cast<double>(format->duration) / AV_TIME_BASE : 0.0);
  std::vector<AVCodecContext*> decoders(format->nb_streams, nullptr);
  for (unsigned i = 0; i < format->nb_streams; ++i) {
    const AVCodec* codec = avcodec_find_decoder(format->streams[i]->codecpar->codec_id);
    decoders[i] = avcodec_alloc_context3(codec);
    avcodec_parameters_to_context(decoders[i], format->streams[i]->codecpar);
    decoders[i]->pkt_timebase = format->streams[i]->time_base;
    avcodec_open2(decoders[i], codec, nullptr);
  }
  AVPacket* packet = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  auto receive = [&](unsigned index) {
    while (avcodec_receive_frame(decoders[index], frame) == 0) {
      const double time = static_cast<double>(frame->best_effort_timestamp) * av_q2d(format->streams[index]->time_base);
      if (decoders[index]->codec_type == AVMEDIA_TYPE_VIDEO)
        detector.video(frame, time);
      else
        detector.audio(frame, time);
    }
  };
  while (av_read_frame(format, packet) >= 0) {
    const auto index = static_cast<unsigned>(packet->stream_index);
    avcodec_send_packet(decoders[index], packet);
    av_packet_unref(packet);
    receive(index);
  }
  for (unsigned i = 0; i < format->nb_streams; ++i) {
    avcodec_send_packet(decoders[i], nullptr);
    receive(i);
    avcodec_free_context(&decoders[i]);
  }
  av_frame_free(&frame);
  av_packet_free(&packet);
  avformat_close_input(&format);
  return {};
}

}  // namespace

SyncReport probe_sync(const std::filesystem::path& folder) {
  SyncReport report;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".mp4") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    report.error = "no .mp4 files in " + folder.string();
    return report;
  }
  Detector detector;
  for (const auto& file : files) {
    if (std::string error = decode_file(file, detector, report.file_durations); !error.empty()) {
      report.error = error;
      return report;
    }
  }
  report.flash_times = detector.flashes;
  report.onset_times = detector.onsets;
  report.video_frames = detector.frames;
  report.sample_width = detector.sample_width;
  report.sample_height = detector.sample_height;
  report.sample_luma = std::move(detector.sample_luma);
  for (double flash : detector.flashes) {
    for (double onset : detector.onsets) {
      if (std::fabs(onset - flash) < 0.4) {
        report.offsets.push_back(onset - flash);
        break;
      }
    }
  }
  for (double offset : report.offsets) report.max_abs_offset = std::max(report.max_abs_offset, std::fabs(offset));
  if (!report.offsets.empty()) {
    report.first_offset = report.offsets.front();
    report.last_offset = report.offsets.back();
  }
  return report;
}

}  // namespace kiosk::testing
