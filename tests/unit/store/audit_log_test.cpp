#include <gtest/gtest.h>
#include <sqlite3.h>

#include "kiosk/crypto/crypto.h"
#include "kiosk/store/store.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "support/test_key.h"

namespace kiosk::store {
namespace {

using kiosk::testing::TempDir;

AuditEvent event(const char* kind, std::int64_t second) {
  return AuditEvent{"GXJ-2026-000001", kind, "S001", kiosk::testing::at(second), {{"key", "值"}, {"n", "1"}}};
}

// What an attacker with the file could do: drop the append-only triggers and edit.
void tamper(const std::filesystem::path& database, const char* sql) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(database.c_str(), &handle), SQLITE_OK);
  const std::string script = std::string("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ") + sql;
  char* message = nullptr;
  ASSERT_EQ(sqlite3_exec(handle, script.c_str(), nullptr, nullptr, &message), SQLITE_OK) << message;
  sqlite3_close(handle);
}

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Store::open(dir_ / "kiosk.db", testing::test_personal_key());
    ASSERT_TRUE(opened) << opened.error().message();
    store_.emplace(std::move(*opened));
    for (int second = 1; second <= 5; ++second) ASSERT_TRUE(store_->audit().append(event("step", second)));
  }
  void reopen() {
    store_.reset();
    store_.emplace(std::move(*Store::open(dir_ / "kiosk.db", testing::test_personal_key())));
  }

  TempDir dir_;
  std::optional<Store> store_;
};

TEST_F(AuditLogTest, EachRowLinksToThePreviousByHash) {
  auto events = store_->audit().of_case("GXJ-2026-000001");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 5u);
  EXPECT_EQ((*events)[0].previous_hash, kGenesisHash);
  for (std::size_t i = 1; i < events->size(); ++i) EXPECT_EQ((*events)[i].previous_hash, (*events)[i - 1].hash);
  // The hash is SHA-256 over the previous hash and the canonical content, as documented.
  const ChainedAuditEvent& third = (*events)[2];
  EXPECT_EQ(third.hash,
            crypto::sha256_hex(third.previous_hash + "\n" + canonical_audit_content(third.sequence, third.event)));
  EXPECT_EQ((*events)[0].event.detail, event("step", 1).detail);
}

TEST_F(AuditLogTest, AnIntactChainVerifies) {
  auto report = store_->audit().verify();
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->rows, 5);
  EXPECT_EQ(report->head_hash, (*store_->audit().of_case("GXJ-2026-000001"))[4].hash);
}

TEST_F(AuditLogTest, UpdatesAndDeletesAreRefused) {
  sqlite3* handle = nullptr;
  sqlite3_open((dir_ / "kiosk.db").c_str(), &handle);
  EXPECT_NE(sqlite3_exec(handle, "UPDATE audit_log SET kind = 'x' WHERE sequence = 2", nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(sqlite3_exec(handle, "DELETE FROM audit_log WHERE sequence = 2", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(handle);
  EXPECT_TRUE(store_->audit().verify());
}

TEST_F(AuditLogTest, AnAlteredDetailIsFoundAtItsRow) {
  tamper(dir_ / "kiosk.db", "UPDATE audit_log SET detail = '[[\"key\",\"改\"],[\"n\",\"1\"]]' WHERE sequence = 3");
  reopen();
  auto report = store_->audit().verify();
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("audit log row 3"), std::string::npos) << report.error().message();
  EXPECT_NE(report.error().message().find("does not match its hash"), std::string::npos);
}

TEST_F(AuditLogTest, AnUnparsableDetailIsStillCaught) {
  tamper(dir_ / "kiosk.db", "UPDATE audit_log SET detail = 'garbage' WHERE sequence = 2");
  reopen();
  auto report = store_->audit().verify();
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("row 2"), std::string::npos);
}

TEST_F(AuditLogTest, ARehashedRowBreaksTheNextLink) {
  // The attacker recomputes row 2's own hash after editing it; row 3 still points at the old one.
  auto events = *store_->audit().of_case("GXJ-2026-000001");
  AuditEvent edited = events[1].event;
  edited.kind = "forged";
  const std::string forged_hash =
      crypto::sha256_hex(events[1].previous_hash + "\n" + canonical_audit_content(2, edited));
  tamper(dir_ / "kiosk.db",
         ("UPDATE audit_log SET kind = 'forged', hash = '" + forged_hash + "' WHERE sequence = 2").c_str());
  reopen();
  auto report = store_->audit().verify();
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("audit log row 3"), std::string::npos) << report.error().message();
  EXPECT_NE(report.error().message().find("link to row 2"), std::string::npos);
}

TEST_F(AuditLogTest, ARemovedRowIsNamed) {
  tamper(dir_ / "kiosk.db", "DELETE FROM audit_log WHERE sequence = 4");
  reopen();
  auto report = store_->audit().verify();
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("row 4 is missing"), std::string::npos) << report.error().message();
}

}  // namespace
}  // namespace kiosk::store
