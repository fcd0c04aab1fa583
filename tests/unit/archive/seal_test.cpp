#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "kiosk/archive/archive.h"
#include "support/intake_driver.h"
#include "support/temp_dir.h"

namespace kiosk::archive {
namespace {

namespace fs = std::filesystem;
using kiosk::testing::TempDir;

std::vector<ChainedAuditEvent> events_for(const Case& record) {
  return {ChainedAuditEvent{1, AuditEvent{record.number, "case.opened", "S001", record.opened_at, {{"k", "v"}}},
                            std::string(64, '0'), std::string(64, '1')}};
}

TEST(SealCase, WritesAVerifiableBagWithTheCaseAndItsCover) {
  TempDir dir;
  Intake intake = kiosk::testing::drive_to(IntakeState::closed);
  const auto events = events_for(intake.record());
  auto sealed =
      seal_case(dir.path(), SealRequest{intake.record(), events, "行政执法窗口收件案卷", kiosk::testing::at(100), {}});
  ASSERT_TRUE(sealed) << sealed.error().message();
  EXPECT_EQ(sealed->path, dir / "T01" / "GXJ-2026-000001");
  ASSERT_TRUE(verify_bag(sealed->path));

  std::ifstream file(sealed->path / "data" / "case.json");
  const auto json = nlohmann::json::parse(file);
  EXPECT_EQ(json["case_number"], "GXJ-2026-000001");
  EXPECT_EQ(json["cover"]["outcome"], "accepted");
  EXPECT_EQ(json["cover"]["file_type"], "行政执法窗口收件案卷");
  EXPECT_EQ(json["cover"]["archiving_time"], format_rfc3339(kiosk::testing::at(100)));
  EXPECT_EQ(json["materials"]["items"][0]["name"], "行政许可申请书");
  EXPECT_EQ(json["materials"]["total_pages"], 2);
  EXPECT_EQ(json["audit_events"][0]["kind"], "case.opened");
  EXPECT_EQ(json["signature"]["document_kind"], "proof_of_service");
  EXPECT_EQ(json["documents"].size(), 3u);

  std::ifstream info_file(sealed->path / "bag-info.txt");
  const std::string info(std::istreambuf_iterator<char>(info_file), {});
  for (const char* label : {"File-Type: ", "Agency: ", "Staff: 李明", "Party: 张三",
                            "Filing-Time: ", "Archiving-Time: ", "Outcome: accepted", "Case-Number: GXJ-2026-000001"}) {
    EXPECT_NE(info.find(label), std::string::npos) << label;
  }
}

TEST(SealCase, OnlyClosedOrAbandonedCasesAreSealed) {
  TempDir dir;
  Intake intake = kiosk::testing::drive_to(IntakeState::decided);
  const auto events = events_for(intake.record());
  auto sealed = seal_case(dir.path(), SealRequest{intake.record(), events, "t", kiosk::testing::at(1), {}});
  ASSERT_FALSE(sealed);
  EXPECT_NE(sealed.error().message().find("close or abandon"), std::string::npos);
}

TEST(SealCase, ReusesAWholeBagLeftByACrashAndSetsADamagedOneAside) {
  TempDir dir;
  Intake intake = kiosk::testing::drive_to(IntakeState::abandoned);
  const auto events = events_for(intake.record());
  const SealRequest request{intake.record(), events, "t", kiosk::testing::at(5), {}};
  auto first = seal_case(dir.path(), request);
  ASSERT_TRUE(first);
  auto again = seal_case(dir.path(), SealRequest{intake.record(), events, "t", kiosk::testing::at(9), {}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->tagmanifest_sha256, first->tagmanifest_sha256) << "a whole bag is kept, not rewritten";

  std::ofstream(first->path / "data" / "case.json", std::ios::app) << "tampered";
  auto rewritten = seal_case(dir.path(), request);
  ASSERT_TRUE(rewritten) << rewritten.error().message();
  EXPECT_TRUE(verify_bag(rewritten->path));
  EXPECT_TRUE(fs::exists(dir / "T01" / "GXJ-2026-000001.damaged"));
}

TEST(CaseJson, RecordsAbandonmentAndOutstandingSteps) {
  Intake intake = kiosk::testing::drive_to(IntakeState::itemized);
  ASSERT_TRUE(intake.abandon("停电", kiosk::testing::at(3)));
  const std::vector<ChainedAuditEvent> events;
  const auto json = nlohmann::json::parse(case_json(SealRequest{intake.record(), events, "t", kiosk::testing::at(4), {}}));
  EXPECT_EQ(json["abandoned"]["reason"], "停电");
  EXPECT_EQ(json["abandoned"]["reached"], "itemized");
  EXPECT_EQ(json["cover"]["outcome"], "abandoned");
  EXPECT_TRUE(json["decision"].is_null());
}

}  // namespace
}  // namespace kiosk::archive
