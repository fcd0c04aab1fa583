// The personal-data key: AES-256-GCM values that open only under the same key and context, a keyed look-up hash,
// and a key file made once, owner-only, refused when others may read it or when it is cut short.
#include "kiosk/crypto/personal_key.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>

#include "support/temp_dir.h"
#include "support/test_key.h"

namespace kiosk::crypto {
namespace {

namespace fs = std::filesystem;

PersonalDataKey other_key() {
  std::array<std::uint8_t, PersonalDataKey::kFileBytes> bytes{};
  bytes.fill(0x5a);
  return PersonalDataKey::from_bytes(bytes);
}

TEST(PersonalDataKey, SealedValuesOpenUnderTheSameKeyAndContextOnly) {
  const PersonalDataKey& key = kiosk::testing::test_personal_key();
  const std::string name = "欧阳娜娜";
  auto sealed = key.seal(name, "parties.name#7");
  ASSERT_TRUE(sealed) << sealed.error().message();
  EXPECT_TRUE(PersonalDataKey::is_sealed(*sealed));
  EXPECT_EQ(sealed->find(name), std::string::npos);
  EXPECT_EQ(*key.open(*sealed, "parties.name#7"), name);
  // A fresh nonce each time: equal names do not give equal columns.
  EXPECT_NE(*key.seal(name, "parties.name#7"), *sealed);
  // Moved to another row or column, under another key, or with one bit changed: it does not open.
  EXPECT_FALSE(key.open(*sealed, "parties.name#8"));
  EXPECT_FALSE(key.open(*sealed, "parties.address#7"));
  EXPECT_FALSE(other_key().open(*sealed, "parties.name#7"));
  std::string altered = *sealed;
  altered[altered.size() / 2] = altered[altered.size() / 2] == '0' ? '1' : '0';
  auto refused = key.open(altered, "parties.name#7");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("altered"), std::string::npos) << refused.error().message();
  // Plain text, bad hex, or too short to hold a nonce and tag.
  EXPECT_FALSE(key.open(name, "parties.name#7"));
  EXPECT_FALSE(key.open("pd1:zz", "parties.name#7"));
  EXPECT_FALSE(key.open("pd1:00ff", "parties.name#7"));
  // An empty value is sealed too (an address may be blank): it still carries its tag.
  auto empty = key.seal("", "parties.phone#7");
  ASSERT_TRUE(empty);
  EXPECT_EQ(*key.open(*empty, "parties.phone#7"), "");
}

TEST(PersonalDataKey, LookUpHashesMatchEqualValuesUnderOneKeyOnly) {
  const PersonalDataKey& key = kiosk::testing::test_personal_key();
  const std::string id = "11010519491231002X";
  EXPECT_EQ(key.lookup_hash("id_number", id), key.lookup_hash("id_number", id));
  EXPECT_NE(key.lookup_hash("id_number", id), key.lookup_hash("id_number", "110105194912310038"));
  EXPECT_NE(key.lookup_hash("id_number", id), key.lookup_hash("phone", id));
  EXPECT_NE(key.lookup_hash("id_number", id), other_key().lookup_hash("id_number", id));
  EXPECT_EQ(key.lookup_hash("id_number", id).size(), 64u);
  EXPECT_NE(key.check_value(), other_key().check_value());
}

TEST(PersonalDataKey, TheKeyFileIsMadeOnceOwnerOnlyAndRefusedWhenOthersMayReadIt) {
  kiosk::testing::TempDir dir;
  const fs::path path = dir / "keys" / "personal.key";
  auto missing = PersonalDataKey::load(path);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("restore it from the backup"), std::string::npos);

  auto made = PersonalDataKey::load_or_create(path);
  ASSERT_TRUE(made) << made.error().message();
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(info.st_size, static_cast<off_t>(PersonalDataKey::kFileBytes));
  auto sealed = made->seal("13800138000", "parties.phone#1");
  ASSERT_TRUE(sealed);
  auto again = PersonalDataKey::load_or_create(path);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again->open(*sealed, "parties.phone#1"), "13800138000") << "the second start loads, never remakes";

  fs::permissions(path, fs::perms::group_read, fs::perm_options::add);
  auto exposed = PersonalDataKey::load(path);
  ASSERT_FALSE(exposed);
  EXPECT_NE(exposed.error().message().find("chmod 600"), std::string::npos) << exposed.error().message();

  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  fs::resize_file(path, 20);
  auto cut = PersonalDataKey::load(path);
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message().find("is not 64 bytes"), std::string::npos) << cut.error().message();
}

}  // namespace
}  // namespace kiosk::crypto
