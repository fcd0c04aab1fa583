// Staff sign-in: PINs kept as PBKDF2 hashes, the roster's mistakes named with their line, and the demo roster's
// accounts.
#include "kiosk/app/staff_roster.h"

#include <gtest/gtest.h>

#include "kiosk/app/catalog.h"
#include "kiosk/app/sign_in_guard.h"
#include "kiosk/crypto/pin.h"

namespace kiosk::app {
namespace {

TEST(Pin, AHashVerifiesItsPinAndNoOther) {
  auto hash = crypto::hash_pin("123456", 1000);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("pbkdf2-sha256$1000$"));
  EXPECT_EQ(*crypto::verify_pin("123456", *hash), true);
  EXPECT_EQ(*crypto::verify_pin("123457", *hash), false);
  EXPECT_EQ(*crypto::verify_pin("", *hash), false);
  // The same PIN hashes differently each time (a random salt).
  EXPECT_NE(*crypto::hash_pin("123456", 1000), *hash);
}

TEST(Pin, AMalformedHashIsAnErrorNotAMatch) {
  for (const char* stored : {"", "123456", "pbkdf2-sha256$1000$zz$00", "md5$1000$00$00",
                             "pbkdf2-sha256$10$0011$00112233445566778899aabbccddeeff", "pbkdf2-sha256$1000$0011"}) {
    auto checked = crypto::verify_pin("123456", stored);
    ASSERT_FALSE(checked) << stored;
    EXPECT_NE(checked.error().message().find("kiosk staff hash-pin"), std::string::npos);
  }
}

TEST(StaffRoster, SignsInWithTheRightPinOnly) {
  const std::string roster_text =
      "[[staff]]\nid = \"S001\"\nname = \"李明\"\ncertificate_number = \"4401\"\n"
      "role = \"intake\"\npin = \"" +
      *crypto::hash_pin("2468", 1000) + "\"\n";
  auto roster = StaffRoster::parse(roster_text, "staff.toml");
  ASSERT_TRUE(roster) << roster.error().message();
  auto account = roster->sign_in("S001", "2468");
  ASSERT_TRUE(account);
  EXPECT_EQ(account->staff.name, "李明");
  EXPECT_EQ(account->role, StaffRole::intake);
  // A wrong PIN and an unknown id say the same: no hint for guessing.
  auto wrong = roster->sign_in("S001", "1111");
  auto unknown = roster->sign_in("S999", "2468");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().message(), unknown.error().message());
}

TEST(StaffRoster, MistakesAreNamedWithTheirLine) {
  auto empty = StaffRoster::parse("", "staff.toml");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message().find("no [[staff]]"), std::string::npos);
  auto role = StaffRoster::parse(
      "[[staff]]\nid = \"A\"\nname = \"n\"\ncertificate_number = \"c\"\nrole = \"boss\"\npin = \"x\"\n", "staff.toml");
  ASSERT_FALSE(role);
  EXPECT_NE(role.error().message().find("role \"boss\""), std::string::npos);
  EXPECT_NE(role.error().message().find("line 1"), std::string::npos);
  auto missing = StaffRoster::parse("[[staff]]\nid = \"A\"\n", "staff.toml");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("name is missing"), std::string::npos);
  const std::string one =
      "[[staff]]\nid = \"A\"\nname = \"n\"\ncertificate_number = \"c\"\nrole = \"intake\"\npin = \"x\"\n";
  auto twice = StaffRoster::parse(one + one, "staff.toml");
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message().find("appears twice"), std::string::npos);
}

TEST(StaffRoster, TheDemoRosterHasOneAccountOfEachRole) {
  auto roster = StaffRoster::load(std::string(KIOSK_SOURCE_ROOT) + "/assets/demo/staff.toml");
  ASSERT_TRUE(roster) << roster.error().message();
  EXPECT_EQ(roster->sign_in("S001", "123456")->role, StaffRole::intake);
  EXPECT_EQ(roster->sign_in("S002", "234567")->role, StaffRole::supervisor);
  EXPECT_EQ(roster->sign_in("T900", "900900")->role, StaffRole::technician);
}

TEST(MaterialCatalog, TheShippedCatalogLoadsAndItsMistakesAreNamed) {
  auto catalog = load_catalog(std::string(KIOSK_SOURCE_ROOT) + "/assets/catalog/materials.toml");
  ASSERT_TRUE(catalog) << catalog.error().message();
  ASSERT_NE(catalog->find("行政许可申请"), nullptr);
  EXPECT_EQ(catalog->find("行政许可申请")->materials.front().name, "行政许可申请书");
  EXPECT_EQ(catalog->find("no such matter"), nullptr);
  auto form = parse_catalog("[[matter]]\nname = \"m\"\nmaterials = [{ name = \"a\", form = \"scan\" }]\n", "c.toml");
  ASSERT_FALSE(form);
  EXPECT_NE(form.error().message().find("form must be"), std::string::npos);
  auto pages = parse_catalog("[[matter]]\nname = \"m\"\nmaterials = [{ name = \"a\", pages = 0 }]\n", "c.toml");
  EXPECT_FALSE(pages);
  EXPECT_FALSE(parse_catalog("[[matter]]\nmaterials = []\n", "c.toml"));
}

}  // namespace
}  // namespace kiosk::app

namespace kiosk::app {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(SignInGuard, FiveWrongPinsLockTheIdForFifteenMinutesEvenAgainstTheRightOne) {
  SignInGuard guard;
  const auto start = SignInGuard::Clock::time_point{} + std::chrono::hours(1000);
  for (int attempt = 1; attempt <= 4; ++attempt) {
    ASSERT_TRUE(guard.may_try("S001", start));
    const Error refused = guard.failed("S001", start);
    EXPECT_NE(refused.message().find(std::to_string(5 - attempt) + (attempt == 4 ? " try left" : " tries left")),
              std::string::npos)
        << refused.message();
  }
  const Error locking = guard.failed("S001", start);
  EXPECT_NE(locking.message().find("locked for 15 minutes"), std::string::npos) << locking.message();
  auto locked = guard.may_try("S001", start + minutes(14));
  ASSERT_FALSE(locked);
  EXPECT_NE(locked.error().message().find("try again in 1 minute"), std::string::npos) << locked.error().message();
  // Others are not locked by it; an id that does not exist counts the same (no hint which ids do).
  EXPECT_TRUE(guard.may_try("S002", start));
  for (int attempt = 0; attempt < 5; ++attempt) (void)guard.failed("NOBODY", start);
  EXPECT_TRUE(guard.locked("NOBODY", start));
  // The lock runs out on the monotonic clock; then a fresh round of five tries.
  EXPECT_TRUE(guard.may_try("S001", start + minutes(15)));
  (void)guard.failed("S001", start + minutes(15));
  EXPECT_TRUE(guard.may_try("S001", start + minutes(15) + seconds(1)));
}

TEST(SignInGuard, ARightPinClearsTheCount) {
  SignInGuard guard(3, minutes(1));
  const auto start = SignInGuard::Clock::time_point{} + std::chrono::hours(1);
  (void)guard.failed("S001", start);
  (void)guard.failed("S001", start);
  guard.succeeded("S001");
  (void)guard.failed("S001", start);
  (void)guard.failed("S001", start);
  EXPECT_FALSE(guard.locked("S001", start)) << "two wrong after a right one are two, not four";
  (void)guard.failed("S001", start);
  EXPECT_TRUE(guard.locked("S001", start));
}

// What a restart restores: a lock with its time left, a count short of the limit (one more wrong PIN locks), and
// a supervisor's unlock that lifts either.
TEST(SignInGuard, RestoresLocksAndCountsAndASupervisorUnlocks) {
  SignInGuard guard(5, minutes(15));
  const auto start = SignInGuard::Clock::time_point{} + std::chrono::hours(1);
  guard.restore("S001", 5, start + minutes(10));
  guard.restore("S002", 4, start);
  guard.restore("S003", 0, start + minutes(10));
  EXPECT_TRUE(guard.locked("S001", start + minutes(9)));
  EXPECT_FALSE(guard.locked("S001", start + minutes(10)));
  EXPECT_EQ(guard.locked_ids(start), std::vector<std::string>{"S001"});
  EXPECT_EQ(guard.failures("S002"), 4);
  (void)guard.failed("S002", start);
  EXPECT_TRUE(guard.locked("S002", start));
  EXPECT_EQ(guard.failures("S003"), 0);
  guard.unlock("S001");
  EXPECT_FALSE(guard.locked("S001", start));
  EXPECT_EQ(guard.failures("S001"), 0);
  EXPECT_EQ(guard.locked_ids(start), std::vector<std::string>{"S002"});
}

}  // namespace
}  // namespace kiosk::app
