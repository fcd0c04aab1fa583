// The archive queue over the outbox: a sealed case is shipped and verified (an audit event of the case); a share
// that is not there is a failure with its reason and a retry later (backoff), and once it is there the case goes;
// a crash mid-upload leaves the item due again; the legal deadline turns to a warning and then an alarm.
#include "kiosk/app/archive_queue.h"

#include <gtest/gtest.h>

#include <thread>

#include "kiosk/app/intake_controller.h"
#include "kiosk/app/store_access.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;
constexpr std::int64_t kDay = 24LL * 3600 * 1000;

class ArchiveQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.data_dir = dir_.path();
    config_.archive.sink = "directory";
    config_.archive.directory = dir_ / "share";
    store_.emplace(std::move(*app::open_store(config_)));
    controller_.emplace(std::move(*IntakeController::create(*store_, clock_, config_)));
  }

  std::string seal_one() {
    const std::string number = *controller_->open_case(kiosk::testing::staff(), "行政许可申请");
    EXPECT_TRUE(controller_->abandon("applicant left"));
    EXPECT_TRUE(controller_->seal());
    return number;
  }

  kiosk::testing::TempDir dir_;
  Config config_;
  media::ManualClock clock_{Instant{1'795'919'900'000, 480}};
  std::optional<store::Store> store_;
  std::optional<IntakeController> controller_;
};

TEST_F(ArchiveQueueTest, ASealedCaseIsShippedVerifiedAndRecorded) {
  const std::string number = seal_one();
  fs::create_directories(config_.archive.directory);
  auto sink = make_sink(config_);
  ASSERT_TRUE(sink && *sink);
  ArchiveQueue queue(*store_, config_, **sink, clock_, 7);
  EXPECT_EQ(*queue.run_once(), 1);
  const auto status = *archive_status(*store_, config_, clock_.now());
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].state, "verified");
  EXPECT_EQ(status[0].location, "directory " + config_.archive.directory.string() + "/T01/" + number + "/");
  auto key = crypto::TerminalKey::load_public(config_.terminal_key_path().string() + ".pub");
  EXPECT_TRUE(archive::verify_case(config_.archive.directory / "T01" / number, *key));
  const auto events = *store_->audit().of_case(number);
  EXPECT_EQ(events.back().event.kind, "archive.verified");
  EXPECT_EQ(*queue.run_once(), 0);  // nothing due twice
}

TEST_F(ArchiveQueueTest, AMissingShareIsRetriedLaterWithItsReasonUntilItIsThere) {
  seal_one();
  auto sink = *make_sink(config_);
  ArchiveQueue queue(*store_, config_, *sink, clock_, 7);
  EXPECT_EQ(*queue.run_once(), 0);
  auto status = *archive_status(*store_, config_, clock_.now());
  EXPECT_EQ(status[0].state, "failed");
  EXPECT_EQ(status[0].attempts, 1);
  EXPECT_NE(status[0].last_error.find("not mounted"), std::string::npos) << status[0].last_error;
  EXPECT_LE(status[0].next_attempt_unix_ms, clock_.now().unix_ms + config_.archive.retry_base_seconds * 1000);
  fs::create_directories(config_.archive.directory);
  clock_.advance_ms(config_.archive.retry_base_seconds * 1000);
  EXPECT_EQ(*queue.run_once(), 1);
  status = *archive_status(*store_, config_, clock_.now());
  EXPECT_EQ(status[0].state, "verified");
  EXPECT_EQ(status[0].last_error, "");
}

// The wall clock set back a day (an RTC that ran fast, corrected by NTP) must not park a retry for a day: a retry
// planned further ahead than the longest backoff is due now. Set forward a year, the queue goes on as before.
TEST_F(ArchiveQueueTest, AWallClockSetBackOrForwardDoesNotStallTheQueue) {
  seal_one();
  auto sink = *make_sink(config_);
  ArchiveQueue queue(*store_, config_, *sink, clock_, 7);
  EXPECT_EQ(*queue.run_once(), 0);
  auto status = archive_status(*store_, config_, clock_.now());
  ASSERT_TRUE(status) << status.error().message();
  ASSERT_EQ(status->at(0).state, "failed");
  fs::create_directories(config_.archive.directory);
  clock_.jump_wall_ms(-kDay);
  EXPECT_EQ(*queue.run_once(), 1) << "the retry waits for a day the clock gave back";
  status = archive_status(*store_, config_, clock_.now());
  ASSERT_TRUE(status) << status.error().message();
  EXPECT_EQ(status->at(0).state, "verified");

  auto second = controller_->open_case(kiosk::testing::staff(), "行政许可申请");
  ASSERT_TRUE(second) << second.error().message();
  ASSERT_TRUE(controller_->abandon("applicant left"));
  ASSERT_TRUE(controller_->seal());
  const fs::path away = dir_ / "share-unmounted";
  fs::rename(config_.archive.directory, away);
  auto failed = queue.run_once();
  ASSERT_TRUE(failed) << failed.error().message();
  EXPECT_EQ(*failed, 0);
  fs::rename(away, config_.archive.directory);
  // A year on, the first case's local copy is released too (the archive still holds it).
  clock_.jump_wall_ms(365 * kDay);
  auto shipped = queue.run_once();
  ASSERT_TRUE(shipped) << shipped.error().message();
  EXPECT_EQ(*shipped, 1);
}

TEST_F(ArchiveQueueTest, AnUploadCutByACrashIsDueAgainAtOnce) {
  seal_one();
  const auto items = *store_->outbox().all();
  ASSERT_TRUE(store_->outbox().mark_in_flight(items[0].id));  // the process died here
  EXPECT_EQ((*archive_status(*store_, config_, clock_.now()))[0].state, "uploading");
  fs::create_directories(config_.archive.directory);
  auto sink = *make_sink(config_);
  ArchiveQueue queue(*store_, config_, *sink, clock_, 7);
  EXPECT_EQ(*queue.run_once(), 1);
}

TEST_F(ArchiveQueueTest, TheLegalDeadlineWarnsAndThenAlarms) {
  seal_one();
  const Instant ended = clock_.now();
  const auto at = [&](std::int64_t days) {
    return (*archive_status(*store_, config_, Instant{ended.unix_ms + days * kDay, 480}))[0];
  };
  EXPECT_EQ(at(1).level, DeadlineLevel::ok);
  EXPECT_EQ(at(1).deadline_unix_ms, ended.unix_ms + 30 * kDay);
  EXPECT_EQ(at(26).level, DeadlineLevel::warning);
  EXPECT_EQ(at(31).level, DeadlineLevel::overdue);
  // Once verified, a case raises nothing, however late.
  fs::create_directories(config_.archive.directory);
  auto sink = *make_sink(config_);
  ArchiveQueue queue(*store_, config_, *sink, clock_, 7);
  ASSERT_EQ(*queue.run_once(), 1);
  EXPECT_EQ(at(31).level, DeadlineLevel::ok);
}

TEST_F(ArchiveQueueTest, TheLocalCopyGoesOnlyAfterTheArchiveVerifiedItAndTheRetentionPassed) {
  const std::string kept = seal_one();  // never reaches the archive
  auto sink = *make_sink(config_);
  ArchiveQueue queue(*store_, config_, *sink, clock_, 7);
  EXPECT_EQ(*queue.run_once(), 0);  // the share is not there
  fs::create_directories(config_.archive.directory);
  // Make the first one wait; the second goes now.
  const auto items = *store_->outbox().all();
  ASSERT_TRUE(store_->outbox().mark_failed(items[0].id, "held back by the test",
                                           clock_.now().unix_ms + config_.archive.retry_cap_seconds * 1000LL));
  const std::string shipped = seal_one();
  EXPECT_EQ(*queue.run_once(), 1);
  const fs::path bag = config_.cases_root() / "T01" / shipped;
  ASSERT_TRUE(fs::exists(bag));
  clock_.advance_ms(29 * kDay);
  EXPECT_EQ(*queue.release_due(), 0);  // verified, but the retention has not passed
  EXPECT_TRUE(fs::exists(bag));
  clock_.advance_ms(1 * kDay + 1000);
  EXPECT_EQ(*queue.release_due(), 1);
  EXPECT_FALSE(fs::exists(bag));
  EXPECT_TRUE(fs::exists(config_.cases_root() / "T01" / kept)) << "a case the archive never verified stays";
  EXPECT_EQ((*store_->audit().of_case(shipped)).back().event.kind, "archive.local_copy_released");
  EXPECT_EQ(*queue.release_due(), 0);  // once
}

TEST_F(ArchiveQueueTest, ACaseTheArchiveNoLongerHoldsIsNotReleased) {
  fs::create_directories(config_.archive.directory);
  const std::string number = seal_one();
  auto sink = *make_sink(config_);
  ArchiveQueue queue(*store_, config_, *sink, clock_, 7);
  ASSERT_EQ(*queue.run_once(), 1);
  fs::remove(config_.archive.directory / "T01" / number / "case.sig");
  clock_.advance_ms(31 * kDay);
  auto released = queue.release_due();
  ASSERT_FALSE(released);
  EXPECT_NE(released.error().message().find("no longer holds"), std::string::npos);
  EXPECT_TRUE(fs::exists(config_.cases_root() / "T01" / number));
}

TEST_F(ArchiveQueueTest, TheUploaderThreadShipsWhatIsSealedWhenWoken) {
  fs::create_directories(config_.archive.directory);
  media::SystemClock clock;
  auto uploader = ArchiveUploader::start(config_, clock, std::chrono::seconds(60));
  ASSERT_TRUE(uploader) << uploader.error().message();
  const std::string number = seal_one();
  (*uploader)->wake();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string state;
  while (std::chrono::steady_clock::now() < deadline) {
    state = (*archive_status(*store_, config_, clock.now()))[0].state;
    if (state == "verified") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(state, "verified");
  (*uploader)->stop();
  EXPECT_EQ((*uploader)->last_error(), "");
  EXPECT_TRUE(fs::exists(config_.archive.directory / "T01" / number / "case.sig"));
}

TEST(ArchiveConfig, ADirectorySinkNeedsItsFolderAndWarningsComeBeforeTheDeadline) {
  auto no_folder = parse_config("[archive]\nsink = \"directory\"\n", "test.toml");
  ASSERT_FALSE(no_folder);
  EXPECT_NE(no_folder.error().message().find("archive.directory is empty"), std::string::npos);
  auto late = parse_config("[archive]\nwarn_days = 30\n", "test.toml");
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message().find("warn_days"), std::string::npos);
  auto relative = parse_config("[archive]\ndirectory = \"mnt/archive\"\n", "test.toml");
  ASSERT_FALSE(relative);
  auto good = parse_config(
      "[archive]\nsink = \"directory\"\ndirectory = \"/mnt/archive\"\ndeadline_days = 20\n"
      "warn_days = 15\n",
      "test.toml");
  ASSERT_TRUE(good) << good.error().message();
  EXPECT_EQ(good->archive.deadline_days, 20);
}

}  // namespace
}  // namespace kiosk::app
