// Recording cost, measured against the ffmpeg command-line tool doing the same work: H.264 (libx264 veryfast,
// zerolatency, CRF 23, a keyframe a second) + Opus 32 kb/s mono into fragmented MP4, from the same test-pattern
// frames. Each side runs as its own process; CPU and peak memory come from wait4().
//   record_bench [seconds]        (default 20)
// Our side draws its frames itself (the simulated camera); ffmpeg's are drawn by this bench and piped in, so
// the drawing cost is measured separately and shown.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <signal.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "devices/camera/simulated_camera.h"

namespace {

namespace fs = std::filesystem;

struct Usage {
  double wall_s = 0;
  double cpu_s = 0;
  double max_rss_mb = 0;
  int status = 0;
};

double seconds(const timeval& time) {
  return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
}

// Runs argv; when `frames` is set, draws that many frames of the pattern into the child's stdin.
Usage run(const std::vector<std::string>& argv, const kiosk::devices::VideoFormat* format, int frames) {
  int input[2] = {-1, -1};
  if (format != nullptr && ::pipe(input) != 0) std::abort();
  const auto started = std::chrono::steady_clock::now();
  std::fflush(stdout);  // or the child would print our buffered table again
  const pid_t child = ::fork();
  if (child == 0) {
    if (format != nullptr) {
      ::dup2(input[0], STDIN_FILENO);
      ::close(input[0]);
      ::close(input[1]);
    }
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  if (format != nullptr) {
    ::close(input[0]);
    std::vector<std::uint8_t> image;
    for (int frame = 0; frame < frames; ++frame) {
      kiosk::devices::SimulatedCamera::draw(image, *format, frame, frame % static_cast<int>(format->fps) == 0);
      std::size_t written = 0;
      while (written < image.size()) {
        const ssize_t count = ::write(input[1], image.data() + written, image.size() - written);
        if (count <= 0) break;
        written += static_cast<std::size_t>(count);
      }
    }
    ::close(input[1]);
  }
  Usage usage;
  rusage resources{};
  ::wait4(child, &usage.status, 0, &resources);
  usage.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  usage.cpu_s = seconds(resources.ru_utime) + seconds(resources.ru_stime);
  usage.max_rss_mb = static_cast<double>(resources.ru_maxrss) / 1024.0;
  return usage;
}

double draw_cost_s(const kiosk::devices::VideoFormat& format, int frames) {
  std::vector<std::uint8_t> image;
  const auto started = std::chrono::steady_clock::now();
  for (int frame = 0; frame < frames; ++frame) kiosk::devices::SimulatedCamera::draw(image, format, frame, false);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int duration = argc > 1 ? std::atoi(argv[1]) : 20;
  const fs::path work = fs::temp_directory_path() / ("kiosk-record-bench-" + std::to_string(::getpid()));
  fs::create_directories(work);
  std::printf("Recording %d s of the test pattern + tone (H.264 veryfast/zerolatency CRF 23, Opus 32k, fMP4)\n\n",
              duration);
  std::printf("%-10s %-24s %9s %12s %12s %10s\n", "size", "who", "realtime×", "cpu s / s", "vs ffmpeg", "peak MB");
  for (const auto& [width, height] : std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1280, 720}, {1920, 1080}}) {
    const kiosk::devices::VideoFormat format{width, height, 30, kiosk::devices::PixelFormat::yuv420};
    const int frames = duration * 30;
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    fs::remove_all(work / "ours");
    const Usage ours =
        run({KIOSK_BINARY, "--simulate", "record", "--virtual-clock", "--out", (work / "ours").string(), "--seconds",
             std::to_string(duration), "--width", std::to_string(width), "--height", std::to_string(height)},
            nullptr, 0);
    const Usage ffmpeg = run({"ffmpeg",
                              "-y",
                              "-f",
                              "rawvideo",
                              "-pix_fmt",
                              "yuv420p",
                              "-s",
                              size,
                              "-r",
                              "30",
                              "-i",
                              "-",
                              "-f",
                              "lavfi",
                              "-i",
                              "sine=frequency=1000:sample_rate=48000",
                              "-t",
                              std::to_string(duration),
                              "-c:v",
                              "libx264",
                              "-preset",
                              "veryfast",
                              "-tune",
                              "zerolatency",
                              "-crf",
                              "23",
                              "-g",
                              "30",
                              "-keyint_min",
                              "30",
                              "-x264-params",
                              "scenecut=0:repeat-headers=1",
                              "-c:a",
                              "libopus",
                              "-b:a",
                              "32k",
                              "-application",
                              "voip",
                              "-ac",
                              "1",
                              "-movflags",
                              "frag_keyframe+empty_moov+default_base_moof",
                              "-flush_packets",
                              "1",
                              (work / "ffmpeg.mp4").string()},
                             &format, frames);
    const double drawing = draw_cost_s(format, frames);
    const double ours_without_drawing = (ours.cpu_s - drawing) / duration;
    std::printf("%-10s %-24s %9.1f %12.3f %12.2f %10.0f\n", size.c_str(), "kiosk record", duration / ours.wall_s,
                ours.cpu_s / duration, ours.cpu_s / ffmpeg.cpu_s, ours.max_rss_mb);
    std::printf("%-10s %-24s %9s %12.3f %12.2f %10s\n", size.c_str(), "  less pattern drawing", "",
                ours_without_drawing, ours_without_drawing * duration / ffmpeg.cpu_s, "");
    std::printf("%-10s %-24s %9.1f %12.3f %12s %10.0f\n", size.c_str(), "ffmpeg (same settings)",
                duration / ffmpeg.wall_s, ffmpeg.cpu_s / duration, "1.00", ffmpeg.max_rss_mb);
    if (ours.status != 0 || ffmpeg.status != 0)
      std::printf("  (a run failed: status %d / %d)\n", ours.status, ffmpeg.status);
  }

  // Real time, as at the counter: does 720p30 keep up on this machine without dropping a frame?
  fs::remove_all(work / "realtime");
  const std::string json = (work / "realtime.json").string();
  const std::string command = std::string(KIOSK_BINARY) + " --json --simulate record --out " +
                              (work / "realtime").string() + " --seconds " + std::to_string(duration) +
                              " --width 1280 --height 720 > " + json;
  const Usage realtime = run({"sh", "-c", command}, nullptr, 0);
  std::string report;
  if (FILE* file = std::fopen(json.c_str(), "r")) {
    char buffer[4096];
    std::size_t count;
    while ((count = std::fread(buffer, 1, sizeof buffer, file)) > 0) report.append(buffer, count);
    std::fclose(file);
  }
  const auto field = [&](const char* name) {
    const std::size_t at = report.find(std::string("\"") + name + "\": ");
    return at == std::string::npos ? -1L : std::atol(report.c_str() + at + std::strlen(name) + 4);
  };
  std::printf(
      "\nreal time 1280x720@30 for %d s: %ld frames recorded, %ld dropped, %.3f cpu s / s (%.0f%% of 2 "
      "cores), peak %.0f MB\n",
      duration, field("video_frames"), field("dropped_frames"), realtime.cpu_s / duration,
      realtime.cpu_s / duration / 2 * 100, realtime.max_rss_mb);
  fs::remove_all(work);
  return 0;
}
