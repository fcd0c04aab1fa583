// `kiosk doctor` on a simulated terminal that has run an intake: every line ok or with a remedy; then one fault at
// a time — the key readable by others, the disk below its reserve, the archive share gone, a tampered audit row,
// a damaged database, no staff roster, a clock behind the database — each fails its own line with what to do.
#include "kiosk/app/doctor.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>

#include "kiosk/app/demo.h"
#include "support/temp_dir.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;

class Doctor : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.simulate = true;
    config_.data_dir = dir_ / "data";
    config_.recording.width = 320;
    config_.recording.height = 240;
    config_.archive.sink = "directory";
    config_.archive.directory = dir_ / "share";
    fs::create_directories(config_.archive.directory);
    auto demo = run_demo(config_, DemoOptions{config_.data_dir, 2, {}});
    ASSERT_TRUE(demo) << demo.error().message();
    options_.config_source = "test";
    options_.listen = std::chrono::milliseconds(1100);
    options_.display.video_driver = "offscreen";
  }

  // Runs the doctor and returns the line of `check`.
  DoctorLine line(const std::string& check) {
    lines_ = run_doctor(config_, options_);
    return found(check);
  }
  // The line of `check` from the last run.
  DoctorLine found(const std::string& check) const {
    const auto line =
        std::find_if(lines_.begin(), lines_.end(), [&](const DoctorLine& each) { return each.check == check; });
    EXPECT_NE(line, lines_.end()) << "no line " << check;
    return line == lines_.end() ? DoctorLine{} : *line;
  }

  kiosk::testing::TempDir dir_;
  Config config_;
  DoctorOptions options_;
  std::vector<DoctorLine> lines_;
};

TEST_F(Doctor, ATerminalThatWorksPassesEveryLine) {
  lines_ = run_doctor(config_, options_);
  std::vector<std::string> checks;
  for (const DoctorLine& line : lines_) {
    checks.push_back(line.check);
    EXPECT_NE(line.verdict, Verdict::fail) << line.check << ": " << line.detail << " → " << line.remedy;
    if (line.verdict != Verdict::ok) {
      EXPECT_FALSE(line.remedy.empty()) << line.check;
    }
  }
  EXPECT_FALSE(any_failed(lines_));
  for (const char* check : {"config", "camera", "microphone", "id card reader", "printer", "signature pad", "display",
                            "data", "disk", "clock", "terminal key", "staff", "database", "archive queue", "archive"}) {
    EXPECT_NE(std::find(checks.begin(), checks.end(), check), checks.end()) << check;
  }
  EXPECT_EQ(found("camera").verdict, Verdict::ok) << found("camera").detail;
  EXPECT_NE(found("camera").detail.find("320x240 YUV420"), std::string::npos) << found("camera").detail;
  EXPECT_EQ(found("microphone").verdict, Verdict::ok) << "the simulator beeps once a second";
  EXPECT_EQ(found("printer").detail, "ready, 384 dots wide");
  EXPECT_NE(found("archive queue").detail.find("1 case file, 0 not yet verified"), std::string::npos);
  EXPECT_NE(found("database").detail.find("audit chain"), std::string::npos);
  EXPECT_EQ(found("archive").verdict, Verdict::ok);
  // A card lies on the simulated reader: it is read, and nothing of it is shown.
  EXPECT_EQ(found("id card reader").detail, "USB, answers; a card on it was read");
  // The probes leave nothing behind.
  EXPECT_FALSE(fs::exists(config_.archive.directory / ".kiosk-check"));
  EXPECT_FALSE(fs::exists(config_.data_dir / ".doctor-probe"));
}

TEST_F(Doctor, AKeyOthersCanReadFailsWithTheCommandThatMendsIt) {
  fs::permissions(config_.terminal_key_path(), fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  const DoctorLine key = line("terminal key");
  EXPECT_EQ(key.verdict, Verdict::fail);
  EXPECT_NE(key.remedy.find("chmod 600 " + config_.terminal_key_path().string()), std::string::npos) << key.remedy;
  EXPECT_TRUE(any_failed(lines_));
}

TEST_F(Doctor, ADiskBelowItsReserveFails) {
  config_.reserve_bytes = 1ULL << 60;
  const DoctorLine disk = line("disk");
  EXPECT_EQ(disk.verdict, Verdict::fail);
  EXPECT_NE(disk.detail.find("a new intake is refused"), std::string::npos) << disk.detail;
  EXPECT_NE(disk.remedy.find("kiosk archive flush"), std::string::npos);
}

TEST_F(Doctor, AnArchiveShareThatIsGoneFails) {
  config_.archive.directory = dir_ / "unmounted";
  const DoctorLine archive = line("archive");
  EXPECT_EQ(archive.verdict, Verdict::fail);
  EXPECT_NE(archive.detail.find("not mounted"), std::string::npos) << archive.detail;
  EXPECT_EQ(archive.remedy, "mount it");
  config_.archive.sink = "none";
  EXPECT_EQ(line("archive").verdict, Verdict::warn);
}

TEST_F(Doctor, ATamperedAuditRowFailsTheDatabase) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(config_.database_path().c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  // Past the append-only trigger, as someone with the file and sqlite3 could.
  const int changed = sqlite3_exec(db,
                                   "DROP TRIGGER audit_log_no_update;"
                                   "UPDATE audit_log SET detail = detail || ' ' WHERE sequence = 2;",
                                   nullptr, nullptr, &message);
  sqlite3_free(message);
  sqlite3_close(db);
  ASSERT_EQ(changed, SQLITE_OK);
  const DoctorLine database = line("database");
  EXPECT_EQ(database.verdict, Verdict::fail);
  EXPECT_NE(database.detail.find("audit chain does not verify"), std::string::npos) << database.detail;
  EXPECT_NE(database.remedy.find("supervisor"), std::string::npos);
}

TEST_F(Doctor, ADamagedDatabaseFileFails) {
  {
    std::fstream file(config_.database_path(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(0);
    file << "this is not a database any more";
  }
  fs::remove(config_.database_path().string() + "-wal");
  EXPECT_EQ(line("database").verdict, Verdict::fail);
}

TEST_F(Doctor, NoStaffRosterMeansNobodyCanSignIn) {
  config_.ui.staff_file = dir_ / "missing-staff.toml";
  const DoctorLine staff = line("staff");
  EXPECT_EQ(staff.verdict, Verdict::fail);
  EXPECT_NE(staff.detail.find("nobody can sign in"), std::string::npos);
  EXPECT_NE(staff.remedy.find("kiosk staff hash-pin"), std::string::npos);
}

TEST_F(Doctor, AClockBehindTheDatabaseFails) {
  fs::last_write_time(config_.database_path(), fs::file_time_type::clock::now() + std::chrono::hours(24));
  const DoctorLine clock = line("clock");
  EXPECT_EQ(clock.verdict, Verdict::fail);
  EXPECT_NE(clock.detail.find("before the database's last write"), std::string::npos) << clock.detail;
}

TEST_F(Doctor, NoDisplayFailsOnACounterAndWarnsWhenSimulated) {
  options_.display = DisplayEnvironment{};
  options_.display.dev_root = dir_ / "dev";
  options_.display.sys_root = dir_ / "sys";
  options_.only = {"display"};  // on a counter (no --simulate) the other lines would open the machine's devices
  EXPECT_EQ(line("display").verdict, Verdict::warn);
  config_.simulate = false;
  EXPECT_EQ(line("display").verdict, Verdict::fail);
  EXPECT_NE(found("display").remedy.find("cage"), std::string::npos) << found("display").remedy;
}

TEST(DoctorLine, AMessageIsSplitIntoWhatAndWhatToDo) {
  const DoctorLine line = line_of("printer", Verdict::fail, "printer: paper out — load paper and press Retry");
  EXPECT_EQ(line.detail, "paper out");
  EXPECT_EQ(line.remedy, "load paper and press Retry");
  EXPECT_EQ(line_of("x", Verdict::ok, "no dash").remedy, "");
  EXPECT_EQ(line_of("camera", Verdict::fail, "camera: none — plug it in").detail, "none");
}

}  // namespace
}  // namespace kiosk::app
