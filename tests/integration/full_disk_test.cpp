// A full disk during recording: `kiosk record` writes onto a 1 MiB tmpfs mounted in a user and mount namespace
// (unshare -rm: no root needed where unprivileged user namespaces are allowed, as on Debian 12). The segment being
// written is closed where it was whole, every file kept plays, and the error says how much space is needed; a
// recording that cannot hold one segment is not begun.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/av_sync_probe.h"
#include "support/temp_dir.h"

namespace kiosk {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(FullDisk, TheSegmentIsClosedWhereItWasWholeAndTheErrorSaysHowMuchSpaceIsNeeded) {
  testing::TempDir dir;
  const fs::path disk = dir.path() / "disk";
  fs::create_directories(disk);
  const std::string kiosk = KIOSK_BINARY;
  const std::string record = kiosk + " --simulate record --virtual-clock --width 640 --height 360 --segment-seconds 10";
  std::ofstream(dir.path() / "run.sh") << "set -u\n"
                                       << "mount -t tmpfs -o size=1m tmpfs " << disk << " || exit 99\n"
                                       << record << " --seconds 120 --out " << disk / "rec"
                                       << " > " << dir.path() / "out.txt"
                                       << " 2> " << dir.path() / "err.txt"
                                       << "\necho $? > " << dir.path() / "rc.txt"
                                       << "\n"
                                       << "cp -a " << disk / "rec"
                                       << " " << dir.path() / "kept"
                                       << "\n"
                                       << record << " --seconds 5 --out " << disk / "again"
                                       << " 2> " << dir.path() / "err2.txt"
                                       << "\necho $? > " << dir.path() / "rc2.txt"
                                       << "\n";
  const std::string command =
      "unshare -rm sh " + (dir.path() / "run.sh").string() + " 2>" + (dir.path() / "unshare.txt").string();
  const int status = std::system(command.c_str());
  if (WEXITSTATUS(status) == 99 || !fs::exists(dir.path() / "rc.txt")) {
    GTEST_SKIP() << "cannot mount a small filesystem here (user namespaces not allowed?): "
                 << read_file(dir.path() / "unshare.txt");
  }

  // The recording stopped with an error that names the problem and the space needed.
  EXPECT_EQ(read_file(dir.path() / "rc.txt"), "1\n");
  const std::string error = read_file(dir.path() / "err.txt");
  EXPECT_NE(error.find("No space left on device"), std::string::npos) << error;
  EXPECT_NE(error.find("the disk is full"), std::string::npos) << error;
  EXPECT_NE(error.find("MB free in"), std::string::npos) << error;
  EXPECT_NE(error.find("needs about"), std::string::npos) << error;
  EXPECT_NE(error.find("10-second segment"), std::string::npos) << error;

  // What was written is kept: whole segments, none left unfinished, every one playable and in sequence.
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir.path() / "kept")) {
    EXPECT_EQ(entry.path().extension(), ".mp4") << "left behind: " << entry.path();
    files.push_back(entry.path());
  }
  ASSERT_GE(files.size(), 3u) << "1 MiB holds several 10 s segments of the test pattern";
  const testing::SyncReport report = testing::probe_sync(dir.path() / "kept");
  ASSERT_TRUE(report.error.empty()) << report.error;
  ASSERT_EQ(report.file_durations.size(), files.size());
  for (std::size_t index = 0; index + 1 < files.size(); ++index) {
    EXPECT_NEAR(report.file_durations[index], 10.0 * static_cast<double>(index + 1), 0.1) << "segment " << index + 1;
  }
  EXPECT_GT(report.file_durations.back(), report.file_durations[files.size() - 2]) << "the last one plays";
  // The picture decodes to the last frame written, and stays in sync.
  EXPECT_GE(report.video_frames, static_cast<long>((files.size() - 1) * 300));
  EXPECT_LT(report.max_abs_offset, 1.0 / 30);
  // The printed list names the kept files.
  const std::string out = read_file(dir.path() / "out.txt");
  for (const fs::path& file : files) EXPECT_NE(out.find(file.filename().string()), std::string::npos) << out;

  // With the disk full, the next recording is not begun, and says why.
  EXPECT_EQ(read_file(dir.path() / "rc2.txt"), "1\n");
  const std::string refused = read_file(dir.path() / "err2.txt");
  EXPECT_NE(refused.find("not enough space to record"), std::string::npos) << refused;
  EXPECT_NE(refused.find("needs about"), std::string::npos) << refused;
}

}  // namespace
}  // namespace kiosk
