// The terminal's key: made once at first start with owner-only permissions, loaded the same afterwards, signing
// what the public key verifies; a key others can read, or a file that is not a key, is refused.
#include "kiosk/crypto/terminal_key.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>

#include "support/temp_dir.h"

namespace kiosk::crypto {
namespace {

namespace fs = std::filesystem;

TEST(TerminalKey, IsMadeOnceOwnerOnlyAndLoadedTheSameAfterwards) {
  kiosk::testing::TempDir dir;
  const fs::path path = dir / "keys" / "terminal.key";
  auto made = TerminalKey::load_or_create(path);
  ASSERT_TRUE(made) << made.error().message();
  struct stat info{};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir / "keys").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  auto again = TerminalKey::load_or_create(path);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->fingerprint(), made->fingerprint());
  EXPECT_EQ(made->fingerprint().size(), 64u);

  const auto signature = made->sign("counter-kiosk/receipt/1\ncase X\n");
  ASSERT_TRUE(signature);
  EXPECT_EQ(signature->size(), 64u);
  EXPECT_EQ(*again->sign("counter-kiosk/receipt/1\ncase X\n"), *signature);  // Ed25519 is deterministic
  auto public_only = TerminalKey::load_public(dir / "keys" / "terminal.key.pub");
  ASSERT_TRUE(public_only) << public_only.error().message();
  EXPECT_FALSE(public_only->can_sign());
  EXPECT_FALSE(public_only->sign("x"));
  EXPECT_EQ(public_only->fingerprint(), made->fingerprint());
  EXPECT_TRUE(public_only->verify("counter-kiosk/receipt/1\ncase X\n", *signature));
  EXPECT_FALSE(public_only->verify("counter-kiosk/receipt/1\ncase Y\n", *signature));
}

TEST(TerminalKey, AKeyOthersCanReadOrAFileThatIsNoKeyIsRefused) {
  kiosk::testing::TempDir dir;
  const fs::path path = dir / "terminal.key";
  ASSERT_TRUE(TerminalKey::load_or_create(path));
  fs::permissions(path, fs::perms::group_read, fs::perm_options::add);
  auto exposed = TerminalKey::load_or_create(path);
  ASSERT_FALSE(exposed);
  EXPECT_NE(exposed.error().message().find("chmod 600"), std::string::npos);
  std::ofstream(dir / "garbage.key") << "not a key\n";
  fs::permissions(dir / "garbage.key", fs::perms::owner_read | fs::perms::owner_write);
  auto garbage = TerminalKey::load_or_create(dir / "garbage.key");
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().message().find("never make a new one over it"), std::string::npos);
  EXPECT_FALSE(TerminalKey::load_public(dir / "garbage.key"));
}

}  // namespace
}  // namespace kiosk::crypto
