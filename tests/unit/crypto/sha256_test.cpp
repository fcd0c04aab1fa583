#include <gtest/gtest.h>

#include <fstream>

#include "kiosk/crypto/crypto.h"
#include "support/temp_dir.h"

namespace kiosk::crypto {
namespace {

// FIPS 180-2 test vectors.
TEST(Sha256, MatchesTheStandardVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, IncrementalEqualsOneShot) {
  Sha256 hash;
  hash.update("ab");
  hash.update("c");
  EXPECT_EQ(to_hex(hash.finish()), sha256_hex("abc"));
  hash.update("abc");  // finish() resets the state
  EXPECT_EQ(to_hex(hash.finish()), sha256_hex("abc"));
}

TEST(Sha256, HashesFilesLargerThanOneBlock) {
  testing::TempDir dir;
  const std::string content(200'000, 'x');
  std::ofstream(dir / "big.bin", std::ios::binary) << content;
  auto digest = sha256_file(dir / "big.bin");
  ASSERT_TRUE(digest) << digest.error().message();
  EXPECT_EQ(digest->sha256, sha256_hex(content));
  EXPECT_EQ(digest->bytes, content.size());
}

TEST(Sha256, AMissingFileIsAnErrorThatNamesIt) {
  auto digest = sha256_file("/nonexistent/kiosk/file");
  ASSERT_FALSE(digest);
  EXPECT_NE(digest.error().message().find("/nonexistent/kiosk/file"), std::string::npos);
}

}  // namespace
}  // namespace kiosk::crypto
