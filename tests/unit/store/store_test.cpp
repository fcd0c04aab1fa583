#include "kiosk/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "support/fixtures.h"
#include "support/intake_driver.h"
#include "support/temp_dir.h"
#include "support/test_key.h"

namespace kiosk::store {
namespace {

using kiosk::testing::TempDir;

std::string pragma(const std::filesystem::path& database, const char* sql) {
  sqlite3* handle = nullptr;
  sqlite3_open(database.c_str(), &handle);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(handle, sql, -1, &statement, nullptr);
  std::string value;
  if (sqlite3_step(statement) == SQLITE_ROW) value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return value;
}

Store open_store(const TempDir& dir) {
  auto store = Store::open(dir / "kiosk.db", testing::test_personal_key());
  EXPECT_TRUE(store) << store.error().message();
  return std::move(*store);
}

Case full_case() {
  Intake intake = kiosk::testing::drive_to(IntakeState::service_signed);
  Case record = intake.record();
  record.party = kiosk::testing::organization();
  record.decision = Decision{DecisionKind::supplement_needed, "", "", {"公司章程", "场地使用证明"}};
  record.media.push_back(MediaSegmentRef{1, "media/0001.mp4", kiosk::testing::hash_of('1'), 123456, 5, 60'000'000,
                                         1'795'000'000'000, 1'795'000'060'000, 1800, 2'880'000, 2});
  record.outstanding = {"proof_of_service_not_signed"};
  record.closed_at = kiosk::testing::at(99);
  return record;
}

TEST(Store, OpensInWalWithFullSyncAndMigratesToTheCurrentSchema) {
  TempDir dir;
  Store store = open_store(dir);
  EXPECT_EQ(*store.schema_version(), Store::current_schema_version());
  EXPECT_EQ(pragma(dir / "kiosk.db", "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma(dir / "kiosk.db", "PRAGMA user_version"), std::to_string(Store::current_schema_version()));
}

TEST(Store, ReopeningKeepsDataAndDoesNotMigrateAgain) {
  TempDir dir;
  {
    Store store = open_store(dir);
    ASSERT_TRUE(store.cases().save(full_case()));
  }
  Store reopened = open_store(dir);
  auto found = reopened.cases().find(full_case().number);
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->has_value());
}

TEST(Store, RefusesADatabaseFromANewerKiosk) {
  TempDir dir;
  { Store store = open_store(dir); }
  sqlite3* handle = nullptr;
  sqlite3_open((dir / "kiosk.db").c_str(), &handle);
  sqlite3_exec(handle, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
  sqlite3_close(handle);
  auto store = Store::open(dir / "kiosk.db", testing::test_personal_key());
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message().find("newer than this kiosk"), std::string::npos);
}

TEST(Store, AFileThatIsNotADatabaseIsAClearError) {
  TempDir dir;
  std::ofstream(dir / "kiosk.db") << std::string(8192, 'Z');
  auto store = Store::open(dir / "kiosk.db", testing::test_personal_key());
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message().find("damaged or not a kiosk database"), std::string::npos);
}

TEST(Store, AMissingDirectoryIsAClearError) {
  auto store = Store::open("/nonexistent/kiosk/dir/kiosk.db", testing::test_personal_key());
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message().find("cannot open it"), std::string::npos);
}

TEST(CaseRepository, RoundTripsTheWholeAggregate) {
  TempDir dir;
  Store store = open_store(dir);
  const Case record = full_case();
  ASSERT_TRUE(store.cases().save(record));
  auto found = store.cases().find(record.number);
  ASSERT_TRUE(found) << found.error().message();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(**found, record);
}

TEST(CaseRepository, SavingAgainReplacesChildrenInsteadOfAppending) {
  TempDir dir;
  Store store = open_store(dir);
  Case record = full_case();
  ASSERT_TRUE(store.cases().save(record));
  record.materials.pop_back();
  record.materials.push_back(kiosk::testing::material("新材料", 3, 4));
  record.signature.reset();
  ASSERT_TRUE(store.cases().save(record));
  auto found = store.cases().find(record.number);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ(**found, record);
}

TEST(CaseRepository, FindsNothingForAnUnknownNumberAndListsUnsealed) {
  TempDir dir;
  Store store = open_store(dir);
  EXPECT_FALSE(store.cases().find("NOPE")->has_value());
  Case open_one = kiosk::testing::open_case_record("A-1");
  Case sealed_one = kiosk::testing::open_case_record("A-2");
  sealed_one.state = IntakeState::sealed;
  ASSERT_TRUE(store.cases().save(open_one));
  ASSERT_TRUE(store.cases().save(sealed_one));
  EXPECT_EQ(*store.cases().unsealed(), std::vector<std::string>{"A-1"});
  auto listed = store.cases().list(10);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].number, "A-2");  // newest first
}

TEST(CaseNumberCounter, CountsPerScopeWithoutGapsAndSurvivesReopening) {
  TempDir dir;
  {
    Store store = open_store(dir);
    EXPECT_EQ(*store.case_numbers().next("2026"), 1);
    EXPECT_EQ(*store.case_numbers().next("2026"), 2);
    EXPECT_EQ(*store.case_numbers().next("2027"), 1);
  }
  Store store = open_store(dir);
  EXPECT_EQ(*store.case_numbers().last("2026"), 2);
  EXPECT_EQ(*store.case_numbers().next("2026"), 3);
}

TEST(Store, ARolledBackTransactionLeavesNoTrace) {
  TempDir dir;
  Store store = open_store(dir);
  auto result = store.transaction([&]() -> Expected<void> {
    TRY(store.case_numbers().next("2026"));
    TRY(store.cases().save(kiosk::testing::open_case_record("A-1")));
    return Error("the next step failed");
  });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "the next step failed");
  EXPECT_EQ(*store.case_numbers().last("2026"), 0) << "a number must not be used up by a case that was not created";
  EXPECT_FALSE(store.cases().find("A-1")->has_value());
}

TEST(Store, IntegrityCheckPassesOnAHealthyDatabase) {
  TempDir dir;
  Store store = open_store(dir);
  ASSERT_TRUE(store.cases().save(full_case()));
  EXPECT_TRUE(store.check_integrity());
}

TEST(StaffRepository, SavesAndFindsStaff) {
  TempDir dir;
  Store store = open_store(dir);
  ASSERT_TRUE(store.staff().save(kiosk::testing::staff()));
  EXPECT_EQ(store.staff().find("S001")->value(), kiosk::testing::staff());
  Staff incomplete = kiosk::testing::staff();
  incomplete.certificate_number.clear();
  EXPECT_FALSE(store.staff().save(incomplete));
}

}  // namespace
}  // namespace kiosk::store
