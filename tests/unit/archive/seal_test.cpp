#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "kiosk/archive/archive.h"
#include "kiosk/crypto/crypto.h"
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

// The case's documents and signature as files in `folder`, registered with the hashes of what the files hold.
Case with_files(Case record, const fs::path& folder) {
  const auto write = [&](const std::string& file, const std::string& bytes) {
    fs::create_directories((folder / file).parent_path());
    std::ofstream(folder / file, std::ios::binary) << bytes;
    return crypto::sha256_hex(bytes);
  };
  for (DocumentRef& document : record.documents) document.sha256 = write(document.file, "%PDF-1.5 " + document.kind);
  if (record.signature && !record.signature->file.empty()) {
    record.signature->sha256 = write(record.signature->file, "{\"strokes\":[]}");
  }
  return record;
}

TEST(SealCase, WritesAVerifiableBagWithTheCaseAndItsCover) {
  TempDir dir;
  Intake intake = kiosk::testing::drive_to(IntakeState::closed);
  const auto events = events_for(intake.record());
  const Case record = with_files(intake.record(), dir / "files");
  auto sealed = seal_case(
      dir / "cases", SealRequest{record, events, "行政执法窗口收件案卷", kiosk::testing::at(100), {}, dir / "files"});
  ASSERT_TRUE(sealed) << sealed.error().message();
  EXPECT_EQ(sealed->path, dir / "cases" / "T01" / "GXJ-2026-000001");
  ASSERT_TRUE(verify_bag(sealed->path));
  // Every document and the pen data are in the bag, as issued.
  for (const DocumentRef& document : record.documents) {
    EXPECT_EQ(crypto::sha256_file(sealed->path / "data" / document.file)->sha256, document.sha256) << document.file;
  }
  EXPECT_TRUE(fs::exists(sealed->path / "data" / "signatures" / "proof_of_service.json"));

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

TEST(SealCase, ADocumentChangedOrMissingAfterItWasIssuedStopsTheSealAndIsNamed) {
  TempDir dir;
  Intake intake = kiosk::testing::drive_to(IntakeState::closed);
  const auto events = events_for(intake.record());
  const Case record = with_files(intake.record(), dir / "files");
  std::ofstream(dir / "files" / "documents" / "acceptance_notice.pdf", std::ios::app) << " ";
  auto changed = seal_case(dir / "cases", SealRequest{record, events, "t", kiosk::testing::at(1), {}, dir / "files"});
  ASSERT_FALSE(changed);
  EXPECT_NE(changed.error().message().find("acceptance_notice.pdf is not the file that was issued"), std::string::npos)
      << changed.error().message();
  fs::remove(dir / "files" / "signatures" / "proof_of_service.json");
  auto missing = seal_case(
      dir / "cases",
      SealRequest{with_files(intake.record(), dir / "other"), events, "t", kiosk::testing::at(1), {}, dir / "files"});
  ASSERT_FALSE(missing);
  EXPECT_FALSE(fs::exists(dir / "cases" / "T01" / "GXJ-2026-000001"));  // no half case file
}

TEST(SealCase, OnlyClosedOrAbandonedCasesAreSealed) {
  TempDir dir;
  Intake intake = kiosk::testing::drive_to(IntakeState::decided);
  const auto events = events_for(intake.record());
  auto sealed = seal_case(dir.path(), SealRequest{intake.record(), events, "t", kiosk::testing::at(1), {}, {}});
  ASSERT_FALSE(sealed);
  EXPECT_NE(sealed.error().message().find("close or abandon"), std::string::npos);
}

TEST(SealCase, ReusesAWholeBagLeftByACrashAndSetsADamagedOneAside) {
  TempDir dir;
  Intake intake = kiosk::testing::drive_to(IntakeState::abandoned);
  const auto events = events_for(intake.record());
  const SealRequest request{intake.record(), events, "t", kiosk::testing::at(5), {}, {}};
  auto first = seal_case(dir.path(), request);
  ASSERT_TRUE(first);
  auto again = seal_case(dir.path(), SealRequest{intake.record(), events, "t", kiosk::testing::at(9), {}, {}});
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
  const auto json =
      nlohmann::json::parse(case_json(SealRequest{intake.record(), events, "t", kiosk::testing::at(4), {}, {}}));
  EXPECT_EQ(json["abandoned"]["reason"], "停电");
  EXPECT_EQ(json["abandoned"]["reached"], "itemized");
  EXPECT_EQ(json["cover"]["outcome"], "abandoned");
  EXPECT_TRUE(json["decision"].is_null());
}

}  // namespace
}  // namespace kiosk::archive
