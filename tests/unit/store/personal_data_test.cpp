// Personal data at rest: the parties table holds sealed values and keyed hashes, never a name, an ID number, a
// phone or an address in clear — not in the database file, not in its WAL; a case is found by its party's ID
// number through the hash; another key, or a value moved between rows, does not open; and a database an older
// kiosk wrote in clear is sealed in place when it is opened, leaving no plain copy in its files.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "kiosk/store/detail/migrations.h"
#include "kiosk/store/store.h"
#include "support/fixtures.h"
#include "support/intake_driver.h"
#include "support/temp_dir.h"
#include "support/test_key.h"

namespace kiosk::store {
namespace {

using kiosk::testing::TempDir;
namespace fs = std::filesystem;

std::string bytes_of_files(const TempDir& dir) {
  std::string all;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    if (!entry.path().filename().string().starts_with("kiosk.db")) continue;
    std::ifstream file(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << file.rdbuf();
    all += buffer.str();
  }
  return all;
}

void expect_no_personal_data_in_clear(const TempDir& dir, const Party& party) {
  const std::string files = bytes_of_files(dir);
  ASSERT_FALSE(files.empty());
  for (const std::string& value : {party.name, party.id_number, party.phone, party.address, party.agent->name,
                                   party.agent->id_number, party.agent->phone}) {
    EXPECT_EQ(files.find(value), std::string::npos) << "\"" << value << "\" is in the database files in clear";
  }
}

Case case_numbered(const char* number, Party party) {
  Case record = kiosk::testing::drive_to(IntakeState::identified).record();
  record.number = number;
  record.party = std::move(party);
  return record;
}

int exec(const fs::path& database, const std::string& sql) {
  sqlite3* handle = nullptr;
  sqlite3_open(database.c_str(), &handle);
  char* message = nullptr;
  const int code = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message);
  if (message != nullptr) ADD_FAILURE() << message << " in " << sql;
  sqlite3_free(message);
  sqlite3_close(handle);
  return code;
}

TEST(PersonalData, IsSealedInTheDatabaseAndItsWalAndOpensAsItWasSaved) {
  TempDir dir;
  auto store = Store::open(dir / "kiosk.db", kiosk::testing::test_personal_key());
  ASSERT_TRUE(store) << store.error().message();
  const Party party = kiosk::testing::organization();
  ASSERT_TRUE(store->cases().save(case_numbered("GXJ-2026-000001", party)));
  // Before a checkpoint the rows are in the WAL: neither file holds them in clear.
  expect_no_personal_data_in_clear(dir, party);
  auto found = store->cases().find("GXJ-2026-000001");
  ASSERT_TRUE(found && found->has_value()) << (found ? "" : found.error().message());
  EXPECT_EQ((*found)->party, party);
}

TEST(PersonalData, ACaseIsFoundByItsPartysOrAgentsIdNumberThroughTheKeyedHash) {
  TempDir dir;
  auto store = Store::open(dir / "kiosk.db", kiosk::testing::test_personal_key());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->cases().save(case_numbered("GXJ-2026-000001", kiosk::testing::person())));
  ASSERT_TRUE(store->cases().save(case_numbered("GXJ-2026-000002", kiosk::testing::organization())));
  Party other = kiosk::testing::person();
  other.id_number = "110105194912310038";
  ASSERT_TRUE(store->cases().save(case_numbered("GXJ-2026-000003", other)));
  // The person of case 1 is the agent of case 2; typed with a small x and a space, it is the same number.
  EXPECT_EQ(*store->cases().with_id_number("110105 19491231002x"),
            (std::vector<std::string>{"GXJ-2026-000001", "GXJ-2026-000002"}));
  EXPECT_EQ(*store->cases().with_id_number("91440101MA5XXXXXXX"), std::vector<std::string>{"GXJ-2026-000002"});
  EXPECT_TRUE(store->cases().with_id_number("110105194912310046")->empty());
}

TEST(PersonalData, AnotherKeyIsRefusedAtOpenAndAValueMovedBetweenRowsDoesNotOpen) {
  TempDir dir;
  {
    auto store = Store::open(dir / "kiosk.db", kiosk::testing::test_personal_key());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->cases().save(case_numbered("GXJ-2026-000001", kiosk::testing::person())));
    Party other = kiosk::testing::person();
    other.name = "李四";
    ASSERT_TRUE(store->cases().save(case_numbered("GXJ-2026-000002", other)));
  }
  std::array<std::uint8_t, crypto::PersonalDataKey::kFileBytes> bytes{};
  bytes.fill(0x11);
  auto wrong = Store::open(dir / "kiosk.db", crypto::PersonalDataKey::from_bytes(bytes));
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message().find("another personal-data key"), std::string::npos) << wrong.error().message();

  // Someone with write access copies case 2's sealed name over case 1's: it is caught, not shown as case 1's.
  exec(dir / "kiosk.db",
       "UPDATE parties SET name = (SELECT name FROM parties WHERE case_id = (SELECT id FROM cases WHERE number = "
       "'GXJ-2026-000002')) WHERE case_id = (SELECT id FROM cases WHERE number = 'GXJ-2026-000001')");
  auto store = Store::open(dir / "kiosk.db", kiosk::testing::test_personal_key());
  ASSERT_TRUE(store);
  auto moved = store->cases().find("GXJ-2026-000001");
  ASSERT_FALSE(moved);
  EXPECT_NE(moved.error().message().find("parties.name"), std::string::npos) << moved.error().message();
  EXPECT_TRUE(store->cases().find("GXJ-2026-000002"));
}

TEST(PersonalData, ADatabaseWrittenInClearIsSealedInPlaceWhenOpened) {
  TempDir dir;
  const fs::path database = dir / "kiosk.db";
  // A kiosk of schema 3 wrote this: its migrations, and a party in clear.
  const auto known = detail::migrations();
  std::string older = "PRAGMA journal_mode = WAL;";
  for (std::size_t version = 0; version < 3; ++version) older += std::string(known[version]);
  older += "PRAGMA user_version = 3;";
  ASSERT_EQ(exec(database, older), SQLITE_OK);
  const Party party = kiosk::testing::organization();
  const auto& agent = party.agent;
  ASSERT_EQ(exec(database,
                 "INSERT INTO cases (id, number, terminal_id, agency, matter_type, staff_id, staff_name, "
                 "staff_certificate, state, opened_unix_ms, utc_offset_minutes) VALUES (1, 'GXJ-2026-000001', 'T01', "
                 "'agency', 'matter', 'S001', '李明', 'C1', 'identified', 1795000000000, 480);"
                 "INSERT INTO parties (case_id, kind, name, sex, id_kind, id_number, phone, address, source, "
                 "agent_name, agent_title, agent_id_kind, agent_id_number, agent_phone) VALUES (1, 'organization', '" +
                     party.name + "', 'unknown', 'unified_social_credit_code', '" + party.id_number + "', '" +
                     party.phone + "', '" + party.address + "', 'manual_entry', '" + agent->name + "', '" +
                     agent->title + "', 'resident_id_card', '" + agent->id_number + "', '" + agent->phone + "');"),
            SQLITE_OK);
  ASSERT_NE(bytes_of_files(dir).find(party.address), std::string::npos) << "the older database holds it in clear";

  {
    auto store = Store::open(database, kiosk::testing::test_personal_key());
    ASSERT_TRUE(store) << store.error().message();
    EXPECT_EQ(*store->schema_version(), Store::current_schema_version());
    auto found = store->cases().find("GXJ-2026-000001");
    ASSERT_TRUE(found && found->has_value()) << (found ? "" : found.error().message());
    EXPECT_EQ((*found)->party, party);
    EXPECT_EQ(*store->cases().with_id_number(kiosk::testing::kValidIdNumber),
              std::vector<std::string>{"GXJ-2026-000001"});
    // While the store is open: the sealed pages were checkpointed over the plain ones and the WAL truncated.
    expect_no_personal_data_in_clear(dir, party);
  }
  expect_no_personal_data_in_clear(dir, party);
}

}  // namespace
}  // namespace kiosk::store
