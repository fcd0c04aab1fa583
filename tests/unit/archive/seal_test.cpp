#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>

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

// Two cases of one terminal, sealed with its key, the second chained to the first.
struct SignedPair {
  TempDir dir;
  std::optional<crypto::TerminalKey> key;
  SealedBag first;
  SealedBag second;
};

std::unique_ptr<SignedPair> signed_pair() {
  auto pair = std::make_unique<SignedPair>();
  pair->key.emplace(std::move(*crypto::TerminalKey::load_or_create(pair->dir / "keys" / "terminal.key")));
  Intake one = kiosk::testing::drive_to(IntakeState::abandoned);
  const auto first_events = events_for(one.record());
  SealRequest first_request{one.record(), first_events, "t", kiosk::testing::at(5), {}, {}};
  first_request.key = &*pair->key;
  pair->first = *seal_case(pair->dir / "cases", first_request);
  Case two_record = one.record();
  two_record.number = "GXJ-2026-000002";
  const auto second_events = events_for(two_record);
  SealRequest second_request{two_record, second_events, "t", kiosk::testing::at(6), {}, {}};
  second_request.key = &*pair->key;
  second_request.previous = std::pair{one.record().number, pair->first.tagmanifest_sha256};
  pair->second = *seal_case(pair->dir / "cases", second_request);
  return pair;
}

TEST(VerifyCase, ASignedChainedCaseVerifiesWithTheTerminalsKey) {
  auto pair = signed_pair();
  auto report = verify_case(pair->second.path, *pair->key);
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->key_fingerprint, pair->key->fingerprint());
  EXPECT_EQ(report->previous_case, "GXJ-2026-000001");
  EXPECT_EQ(report->previous_checked, std::optional<bool>(true));
  auto first = verify_case(pair->first.path, *pair->key);
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(first->previous_case, "");
  // The public key alone verifies.
  auto public_key = crypto::TerminalKey::load_public(pair->dir / "keys" / "terminal.key.pub");
  ASSERT_TRUE(public_key);
  EXPECT_TRUE(verify_case(pair->second.path, *public_key));
  std::ifstream json_file(pair->second.path / "data" / "case.json");
  EXPECT_EQ(nlohmann::json::parse(json_file)["previous_case"]["seal_sha256"], pair->first.tagmanifest_sha256);
}

TEST(VerifyCase, AFileChangedAndItsManifestsRemadeFailsOnTheSignature) {
  auto pair = signed_pair();
  const fs::path bag = pair->second.path;
  // Someone alters case.json and, knowing BagIt, makes every manifest match again: the bag verifies, the case not.
  {
    std::fstream file(bag / "data" / "case.json", std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(10);
    file.put('X');  // same size: Payload-Oxum still agrees
  }
  const std::string json = crypto::sha256_file(bag / "data" / "case.json")->sha256;
  std::ifstream manifest_in(bag / "manifest-sha256.txt");
  std::string manifest((std::istreambuf_iterator<char>(manifest_in)), {});
  manifest_in.close();
  const std::size_t at = manifest.find("  data/case.json");
  ASSERT_NE(at, std::string::npos);
  manifest.replace(at - 64, 64, json);
  std::ofstream(bag / "manifest-sha256.txt", std::ios::trunc) << manifest;
  std::string tags;
  for (const char* tag : {"bagit.txt", "bag-info.txt", "manifest-sha256.txt"}) {
    tags += crypto::sha256_file(bag / tag)->sha256 + "  " + tag + "\n";
  }
  std::ofstream(bag / "tagmanifest-sha256.txt", std::ios::trunc) << tags;
  ASSERT_TRUE(verify_bag(bag));
  auto report = verify_case(bag, *pair->key);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("case.sig does not match"), std::string::npos) << report.error().message();
}

TEST(VerifyCase, AnotherKeyABrokenChainOrAMissingSignatureIsNamed) {
  auto pair = signed_pair();
  TempDir other;
  auto stranger = crypto::TerminalKey::load_or_create(other / "terminal.key");
  ASSERT_TRUE(stranger);
  auto wrong_key = verify_case(pair->second.path, *stranger);
  ASSERT_FALSE(wrong_key);
  EXPECT_NE(wrong_key.error().message().find("signed by the key"), std::string::npos);
  // The case before it, altered.
  std::ofstream(pair->first.path / "tagmanifest-sha256.txt", std::ios::app) << "\n";
  auto broken = verify_case(pair->second.path, *pair->key);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message().find("is not the one this case was chained to"), std::string::npos)
      << broken.error().message();
  fs::remove(pair->second.path / "case.sig");
  auto unsigned_case = verify_case(pair->second.path, *pair->key);
  ASSERT_FALSE(unsigned_case);
  EXPECT_NE(unsigned_case.error().message().find("case.sig is missing"), std::string::npos);
}

TEST(SealCase, NationalCryptographyAddsAnSm3ManifestThatIsCheckedToo) {
  TempDir dir;
  Intake intake = kiosk::testing::drive_to(IntakeState::abandoned);
  const auto events = events_for(intake.record());
  SealRequest request{intake.record(), events, "t", kiosk::testing::at(5), {}, {}};
  request.sm3 = true;
  auto sealed = seal_case(dir.path(), request);
  ASSERT_TRUE(sealed) << sealed.error().message();
  std::ifstream manifest_file(sealed->path / "manifest-sm3.txt");
  const std::string manifest((std::istreambuf_iterator<char>(manifest_file)), {});
  EXPECT_EQ(manifest, *crypto::sm3_file(sealed->path / "data" / "case.json") + "  data/case.json\n");
  std::ifstream tags_file(sealed->path / "tagmanifest-sha256.txt");
  const std::string tags((std::istreambuf_iterator<char>(tags_file)), {});
  EXPECT_NE(tags.find("  manifest-sm3.txt"), std::string::npos);
  ASSERT_TRUE(verify_bag(sealed->path));
  // SM3 of "abc" is the standard's own example.
  EXPECT_EQ(crypto::sm3_hex("abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  // A wrong SM3 is found even where the SHA-256 agrees.
  std::ofstream(sealed->path / "manifest-sm3.txt", std::ios::trunc) << std::string(64, '0') << "  data/case.json\n";
  auto broken = verify_bag(sealed->path);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message().find("manifest-sm3.txt"), std::string::npos) << broken.error().message();
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
