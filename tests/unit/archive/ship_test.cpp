// Shipping a sealed case file to the archive share: every file, the signature last, checked as written; a retry
// after a failure sends only what is missing, and never a second copy; a damaged local copy is not shipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>

#include "kiosk/archive/archive.h"
#include "kiosk/archive/sink.h"
#include "support/intake_driver.h"
#include "support/temp_dir.h"

namespace kiosk::archive {
namespace {

namespace fs = std::filesystem;
using kiosk::testing::TempDir;

SealedBag sealed_case(const TempDir& dir, const crypto::TerminalKey& key) {
  Intake intake = kiosk::testing::drive_to(IntakeState::abandoned);
  const std::vector<ChainedAuditEvent> events;
  SealRequest request{intake.record(), events, "t", kiosk::testing::at(5), {}, {}};
  request.key = &key;
  return *seal_case(dir / "cases", request);
}

// Fails every put after the first `good` ones, as a share that goes away mid-case.
class FlakySink final : public Sink {
 public:
  FlakySink(fs::path root, int good) : inner_(std::move(root)), good_(good) {}
  std::string describe() const override { return "flaky " + inner_.describe(); }
  Expected<bool> holds(const std::string& key, const fs::path& file, std::uint64_t bytes,
                       const std::string& sha256) override {
    return inner_.holds(key, file, bytes, sha256);
  }
  Expected<void> put(const std::string& key, const fs::path& file, std::uint64_t bytes,
                     const std::string& sha256) override {
    if (puts_ >= good_) return Error("the share went away");
    ++puts_;
    keys.push_back(key);
    return inner_.put(key, file, bytes, sha256);
  }
  Expected<void> check_reachable() override { return inner_.check_reachable(); }
  std::vector<std::string> keys;

 private:
  DirectorySink inner_;
  int good_;
  int puts_ = 0;
};

class Ship : public ::testing::Test {
 protected:
  void SetUp() override { key_.emplace(std::move(*crypto::TerminalKey::load_or_create(dir_ / "terminal.key"))); }
  TempDir dir_;
  std::optional<crypto::TerminalKey> key_;
};

TEST_F(Ship, EveryFileGoesWithTheSignatureLastAndTheArchivedCopyVerifies) {
  const SealedBag bag = sealed_case(dir_, *key_);
  fs::create_directories(dir_ / "share");
  DirectorySink sink(dir_ / "share");
  std::vector<std::string> order;
  auto report =
      ship_case(bag.path, "T01/GXJ-2026-000001/", sink, [&](const std::string& key) { order.push_back(key); });
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->sent, report->files);
  EXPECT_EQ(order.back(), "T01/GXJ-2026-000001/case.sig");
  EXPECT_EQ(order[order.size() - 2], "T01/GXJ-2026-000001/tagmanifest-sha256.txt");
  auto archived = verify_case(dir_ / "share" / "T01" / "GXJ-2026-000001", *key_);
  ASSERT_TRUE(archived) << archived.error().message();
  // Shipping again sends nothing: every file is already held, byte for byte.
  auto again = ship_case(bag.path, "T01/GXJ-2026-000001/", sink);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->sent, 0);
  EXPECT_EQ(again->already_held, again->files);
}

TEST_F(Ship, ARetryAfterAFailureSendsOnlyWhatIsMissing) {
  const SealedBag bag = sealed_case(dir_, *key_);
  fs::create_directories(dir_ / "share");
  FlakySink first(dir_ / "share", 2);
  auto failed = ship_case(bag.path, "T01/C/", first);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message().find("went away"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "share" / "T01" / "C" / "case.sig"));  // incomplete there, and it shows
  FlakySink second(dir_ / "share", 100);
  auto resumed = ship_case(bag.path, "T01/C/", second);
  ASSERT_TRUE(resumed) << resumed.error().message();
  EXPECT_EQ(resumed->already_held, 2);
  EXPECT_EQ(resumed->sent, resumed->files - 2);
  for (const std::string& key : second.keys) {
    EXPECT_TRUE(std::find(first.keys.begin(), first.keys.end(), key) == first.keys.end()) << key << " sent twice";
  }
  EXPECT_TRUE(verify_case(dir_ / "share" / "T01" / "C", *key_));
  // Nothing half-written is left under a final name.
  for (const auto& entry : fs::recursive_directory_iterator(dir_ / "share")) {
    EXPECT_NE(entry.path().extension(), ".uploading") << entry.path();
  }
}

TEST_F(Ship, ADamagedLocalCopyOrAnUnmountedShareIsNotShipped) {
  const SealedBag bag = sealed_case(dir_, *key_);
  DirectorySink unmounted(dir_ / "not-mounted");
  auto refused = ship_case(bag.path, "T01/C/", unmounted);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("not mounted"), std::string::npos) << refused.error().message();
  EXPECT_FALSE(unmounted.last_error().permanent);
  std::ofstream(bag.path / "data" / "case.json", std::ios::app) << "x";
  fs::create_directories(dir_ / "share");
  DirectorySink sink(dir_ / "share");
  auto damaged = ship_case(bag.path, "T01/C/", sink);
  ASSERT_FALSE(damaged);
  EXPECT_NE(damaged.error().message().find("local case file is damaged"), std::string::npos);
  // The damaged file never stands in the archive, and without case.sig the archive's copy shows it is incomplete.
  EXPECT_FALSE(fs::exists(dir_ / "share" / "T01" / "C" / "data" / "case.json"));
  EXPECT_FALSE(fs::exists(dir_ / "share" / "T01" / "C" / "data" / "case.json.uploading"));
  EXPECT_FALSE(fs::exists(dir_ / "share" / "T01" / "C" / "case.sig"));
  // A damaged tag file is caught before anything goes.
  std::ofstream(bag.path / "bag-info.txt", std::ios::app) << "x";
  auto tags = ship_case(bag.path, "T01/D/", sink);
  ASSERT_FALSE(tags);
  EXPECT_NE(tags.error().message().find("bag-info.txt does not match"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "share" / "T01" / "D"));
  // A key that would leave the share is refused.
  EXPECT_FALSE(sink.put("../escape", bag.path / "bagit.txt", 1, std::string(64, '0')));
}

TEST_F(Ship, TheCheckOfAShareWritesNothingThatStays) {
  DirectorySink unmounted(dir_ / "not-mounted");
  auto missing = unmounted.check_reachable();
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("not mounted"), std::string::npos) << missing.error().message();
  fs::create_directories(dir_ / "share");
  DirectorySink sink(dir_ / "share");
  ASSERT_TRUE(sink.check_reachable());
  EXPECT_TRUE(fs::is_empty(dir_ / "share"));
  // A share the service may not write to: a plain file where the probe would go, so even root cannot write it.
  fs::create_directories(dir_ / "share" / ".kiosk-check");
  auto refused = sink.check_reachable();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("cannot write"), std::string::npos) << refused.error().message();
}

TEST(Backoff, GrowsWithFullJitterUpToTheCapAndHonoursRetryAfter) {
  std::mt19937_64 random(42);
  for (int attempt = 1; attempt <= 12; ++attempt) {
    for (int i = 0; i < 50; ++i) {
      const std::int64_t wait = backoff_ms(attempt, 1000, 60'000, 0, random);
      EXPECT_GE(wait, 0);
      EXPECT_LE(wait, std::min<std::int64_t>(60'000, 1000LL << (attempt - 1)));
    }
  }
  EXPECT_GE(backoff_ms(1, 1000, 60'000, 30'000, random), 30'000);  // a server's Retry-After
  // ... up to the cap: no wait is longer (the queue takes a longer one for a wall clock set back).
  EXPECT_EQ(backoff_ms(1, 1000, 60'000, 3'600'000, random), 60'000);
  // Full jitter spreads the retries of many terminals.
  std::int64_t low = 1 << 30;
  std::int64_t high = 0;
  for (int i = 0; i < 200; ++i) {
    const std::int64_t wait = backoff_ms(6, 1000, 60'000, 0, random);
    low = std::min(low, wait);
    high = std::max(high, wait);
  }
  EXPECT_LT(low, 8000);
  EXPECT_GT(high, 24'000);
}

}  // namespace
}  // namespace kiosk::archive
