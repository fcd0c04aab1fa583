#include "kiosk/app/intake_controller.h"

#include <gtest/gtest.h>

#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;
using kiosk::testing::TempDir;

class IntakeControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.data_dir = dir_.path();
    config_.case_number_pattern = "FS-GXJ-{year}-{seq:06}";
    auto store = store::Store::open(config_.database_path());
    ASSERT_TRUE(store) << store.error().message();
    store_.emplace(std::move(*store));
    controller_.emplace(std::move(*IntakeController::create(*store_, clock_, config_)));
  }

  void run_to_decision() {
    ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
    ASSERT_TRUE(controller_->identify(kiosk::testing::person()));
    ASSERT_TRUE(controller_->add_material(kiosk::testing::material()));
    ASSERT_TRUE(controller_->decide(kiosk::testing::accepted()));
  }

  TempDir dir_;
  Config config_;
  media::ManualClock clock_{Instant{1'795'919'900'000, 480}};  // 2026-11-29 10:38 in China
  std::optional<store::Store> store_;
  std::optional<IntakeController> controller_;
};

TEST_F(IntakeControllerTest, NumbersCasesConsecutivelyFromThePattern) {
  auto first = controller_->open_case(kiosk::testing::staff(), "行政许可申请");
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(*first, "FS-GXJ-2026-000001");
  ASSERT_TRUE(controller_->abandon("applicant left"));
  ASSERT_TRUE(controller_->seal());
  EXPECT_EQ(*controller_->open_case(kiosk::testing::staff(), "行政许可申请"), "FS-GXJ-2026-000002");
}

TEST_F(IntakeControllerTest, RefusesASecondIntakeWhileOneIsOpen) {
  ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
  auto second = controller_->open_case(kiosk::testing::staff(), "行政许可申请");
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message().find("still open"), std::string::npos);
}

TEST_F(IntakeControllerTest, AFailedOpenUsesNoNumber) {
  Staff no_certificate = kiosk::testing::staff();
  no_certificate.certificate_number.clear();
  EXPECT_FALSE(controller_->open_case(no_certificate, "行政许可申请"));
  EXPECT_EQ(*controller_->open_case(kiosk::testing::staff(), "行政许可申请"), "FS-GXJ-2026-000001");
}

TEST_F(IntakeControllerTest, EveryStepIsInTheStoreWithItsAuditEvent) {
  run_to_decision();
  const std::string number = controller_->current()->number;
  auto stored = store_->cases().find(number);
  ASSERT_TRUE(stored && stored->has_value());
  EXPECT_EQ(**stored, *controller_->current());
  auto events = store_->audit().of_case(number);
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ((*events)[3].event.kind, "decision.made");
  EXPECT_EQ((*events)[3].event.actor, "S001");
}

TEST_F(IntakeControllerTest, ARefusedStepChangesNeitherMemoryNorStore) {
  ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
  EXPECT_FALSE(controller_->decide(kiosk::testing::accepted()));
  EXPECT_EQ(controller_->current()->state, IntakeState::opened);
  EXPECT_EQ(store_->audit().of_case(controller_->current()->number)->size(), 1u);
}

TEST_F(IntakeControllerTest, SealingWritesTheBagAndQueuesItForTheArchive) {
  run_to_decision();
  ASSERT_TRUE(controller_->close());
  auto bag = controller_->seal();
  ASSERT_TRUE(bag) << bag.error().message();
  EXPECT_TRUE(archive::verify_bag(bag->path));
  EXPECT_EQ(bag->path, dir_ / "cases" / "T01" / "FS-GXJ-2026-000001");
  EXPECT_EQ(controller_->current()->state, IntakeState::sealed);
  EXPECT_EQ(controller_->current()->seal_hash, bag->tagmanifest_sha256);

  auto queued = store_->outbox().all();
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_EQ((*queued)[0].artifact, "cases/T01/FS-GXJ-2026-000001");
  EXPECT_EQ((*queued)[0].destination, kArchiveDestination);
  EXPECT_TRUE(store_->audit().verify());
  EXPECT_EQ(store_->audit().of_case("FS-GXJ-2026-000001")->back().event.kind, "case.sealed");
}

TEST_F(IntakeControllerTest, AfterARestartUnfinishedCasesAreSealedAsAbandoned) {
  run_to_decision();
  const std::string number = controller_->current()->number;
  // A new controller over the same store: the process that ran the intake is gone.
  IntakeController restarted = std::move(*IntakeController::create(*store_, clock_, config_));
  auto recovered = restarted.recover_unsealed();
  ASSERT_TRUE(recovered) << recovered.error().message();
  ASSERT_EQ(recovered->size(), 1u);
  auto stored = store_->cases().find(number);
  EXPECT_EQ((*stored)->state, IntakeState::sealed);
  EXPECT_EQ((*stored)->abandoned_in, IntakeState::decided);
  EXPECT_NE((*stored)->abandon_reason.find("restarted"), std::string::npos);
  EXPECT_TRUE(archive::verify_bag((*recovered)[0].path));
  EXPECT_TRUE(restarted.recover_unsealed()->empty());
}

TEST_F(IntakeControllerTest, StepsWithoutAnIntakeSayWhatToDo) {
  auto result = controller_->identify(kiosk::testing::person());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("start a new intake"), std::string::npos);
}

}  // namespace
}  // namespace kiosk::app
