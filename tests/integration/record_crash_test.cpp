// kill -9 of `kiosk record` at random moments, in real time, several times into the same folder. After each kill
// the unfinished segment is made whole; every file plays (libavformat reads a duration, every frame decodes),
// and what was lost is at most about one fragment (1 s) plus what was still in the encoder.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/media/segment_writer.h"
#include "support/av_sync_probe.h"
#include "support/temp_dir.h"

namespace kiosk {
namespace {

std::int64_t monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

void sleep_until(std::int64_t when_ns) {
  const std::int64_t delay = when_ns - monotonic_ns();
  if (delay <= 0) return;
  timespec pause{static_cast<time_t>(delay / 1'000'000'000), static_cast<long>(delay % 1'000'000'000)};
  nanosleep(&pause, nullptr);
}

TEST(RecordCrash, KillNineLosesAtMostAboutOneSecondAndEveryFilePlays) {
  const char* configured = std::getenv("KIOSK_RECORD_CRASH_ITERATIONS");
  const int iterations = configured != nullptr ? std::atoi(configured) : 3;
  std::mt19937 random(20261129);
  std::uniform_int_distribution<int> run_ms(2000, 6000);
  testing::TempDir dir;
  long frames_before = 0;
  constexpr int kFps = 30;

  for (int iteration = 0; iteration < iterations; ++iteration) {
    SCOPED_TRACE("iteration " + std::to_string(iteration));
    // Launch 100 ms after a whole second: the simulated devices start at the next whole second.
    sleep_until((monotonic_ns() / 1'000'000'000 + 1) * 1'000'000'000 + 100'000'000);
    const std::int64_t start_ns = (monotonic_ns() / 1'000'000'000 + 1) * 1'000'000'000;
    std::fflush(stdout);  // or the child's freopen would write our buffered lines a second time
    const pid_t child = fork();
    if (child == 0) {
      freopen("/dev/null", "w", stdout);
      execl(KIOSK_BINARY, KIOSK_BINARY, "--simulate", "record", "--out", dir.path().c_str(), "--seconds", "60",
            "--width", "320", "--height", "240", "--segment-seconds", "3", nullptr);
      _exit(127);
    }
    const std::int64_t kill_ns = start_ns + std::int64_t{run_ms(random)} * 1'000'000;
    sleep_until(kill_ns);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the recorder ended by itself: " << status;

    auto repaired = media::repair_unfinished_segments(dir.path());
    ASSERT_TRUE(repaired) << repaired.error().message();
    const testing::SyncReport report = testing::probe_sync(dir.path());
    ASSERT_TRUE(report.error.empty()) << report.error;
    for (double duration : report.file_durations) EXPECT_GT(duration, 0.5) << "every file plays with a duration";
    const long recorded = report.video_frames - frames_before;
    frames_before = report.video_frames;
    const double expected_s = static_cast<double>(kill_ns - start_ns) / 1e9;
    const double lost_s = expected_s - static_cast<double>(recorded) / kFps;
    std::printf("kill after %.2f s: %.2f s kept, %.2f s lost, %zu repaired\n", expected_s,
                static_cast<double>(recorded) / kFps, lost_s, repaired->size());
    EXPECT_LE(lost_s, 1.5) << "more than a fragment was lost";
    EXPECT_GE(lost_s, -0.1) << "more was kept than was recorded: the measurement is off";
  }
}

}  // namespace
}  // namespace kiosk
