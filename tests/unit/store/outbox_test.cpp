#include <gtest/gtest.h>

#include "kiosk/store/store.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "support/test_key.h"

namespace kiosk::store {
namespace {

constexpr std::int64_t kHorizon = 3'600'000;

using kiosk::testing::TempDir;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Store::open(dir_ / "kiosk.db", testing::test_personal_key());
    ASSERT_TRUE(opened) << opened.error().message();
    store_.emplace(std::move(*opened));
    ASSERT_TRUE(store_->cases().save(kiosk::testing::open_case_record("A-1")));
  }
  TempDir dir_;
  std::optional<Store> store_;
};

TEST_F(OutboxTest, EnqueueIsIdempotentPerArtifactAndDestination) {
  auto first = store_->outbox().enqueue("A-1", "cases/T01/A-1", "archive", 1000);
  auto again = store_->outbox().enqueue("A-1", "cases/T01/A-1", "archive", 2000);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(*first, *again);
  EXPECT_EQ(store_->outbox().all()->size(), 1u);
}

TEST_F(OutboxTest, OnlyDueItemsAreHandedOutAndFailuresAreRescheduled) {
  const auto id = *store_->outbox().enqueue("A-1", "cases/T01/A-1", "archive", 1000);
  EXPECT_TRUE(store_->outbox().due(999, 10, kHorizon)->empty());
  ASSERT_EQ(store_->outbox().due(1000, 10, kHorizon)->size(), 1u);
  ASSERT_TRUE(store_->outbox().mark_failed(id, "archive unreachable", 5000));
  EXPECT_TRUE(store_->outbox().due(4999, 10, kHorizon)->empty());
  // A retry planned further ahead than any backoff: the wall clock was set back since, and it is due now.
  EXPECT_TRUE(store_->outbox().due(5000 - kHorizon, 10, kHorizon)->empty());
  EXPECT_EQ(store_->outbox().due(5000 - kHorizon - 1, 10, kHorizon)->size(), 1u);
  auto due = store_->outbox().due(5000, 10, kHorizon);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].attempts, 1);
  EXPECT_EQ((*due)[0].last_error, "archive unreachable");
  EXPECT_EQ((*due)[0].state, OutboxState::failed);
  ASSERT_TRUE(store_->outbox().mark_done(id, 5000, "directory /archive/T01/c"));
  EXPECT_TRUE(store_->outbox().due(1'000'000, 10, kHorizon)->empty());
  const auto done = (*store_->outbox().all())[0];
  EXPECT_EQ(done.state, OutboxState::done);
  EXPECT_EQ(done.done_unix_ms, std::optional<std::int64_t>(5000));
  EXPECT_EQ(done.location, "directory /archive/T01/c");
}

TEST_F(OutboxTest, ItemsNeedAnExistingCase) {
  EXPECT_FALSE(store_->outbox().enqueue("NO-SUCH-CASE", "cases/T01/X", "archive", 1));
}

TEST_F(OutboxTest, IsWrittenInTheSameTransactionAsTheFact) {
  Case sealed = kiosk::testing::open_case_record("A-1");
  sealed.state = IntakeState::sealed;
  auto result = store_->transaction([&]() -> Expected<void> {
    TRY(store_->cases().save(sealed));
    TRY(store_->outbox().enqueue("A-1", "cases/T01/A-1", "archive", 1));
    return Error("power lost before commit");
  });
  ASSERT_FALSE(result);
  EXPECT_TRUE(store_->outbox().all()->empty());
  EXPECT_EQ((*store_->cases().find("A-1"))->state, IntakeState::opened);
}

}  // namespace
}  // namespace kiosk::store
