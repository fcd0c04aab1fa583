#include "kiosk/archive/detail/bag_text.h"

#include <gtest/gtest.h>

namespace kiosk::archive::detail {
namespace {

const std::string kHash(64, 'a');

TEST(ParseManifest, ReadsHashAndPathWithAnyWhitespace) {
  auto lines = parse_manifest(kHash + "  data/a.txt\n" + std::string(64, 'B') + "\tdata/b c.txt\r\n\n", "m");
  ASSERT_TRUE(lines) << lines.error().message();
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].path, "data/a.txt");
  EXPECT_EQ((*lines)[1].path, "data/b c.txt");
  EXPECT_EQ((*lines)[1].sha256, std::string(64, 'b'));
}

TEST(ParseManifest, DecodesPercentEscapes) {
  auto lines = parse_manifest(kHash + " data/a%0Ab%25c\n", "m");
  ASSERT_TRUE(lines);
  EXPECT_EQ((*lines)[0].path, "data/a\nb%c");
}

TEST(ParseManifest, RefusesPathsLeavingTheBagAndBadHashes) {
  EXPECT_FALSE(parse_manifest(kHash + "  data/../../etc/passwd\n", "m"));
  EXPECT_FALSE(parse_manifest(kHash + "  /etc/passwd\n", "m"));
  EXPECT_FALSE(parse_manifest(kHash + "  data//a\n", "m"));
  auto short_hash = parse_manifest("abc  data/a\n", "manifest-sha256.txt");
  ASSERT_FALSE(short_hash);
  EXPECT_NE(short_hash.error().message().find("manifest-sha256.txt line 1"), std::string::npos);
  EXPECT_FALSE(parse_manifest(kHash + "\n", "m"));
}

TEST(ParseBagInfo, ReadsLabelsAndFoldsContinuations) {
  auto info = parse_bag_info("Case-Number: A-1\nParty: 张三\nLong-Value: first\n  second\nNo colon line\n");
  EXPECT_EQ(info["Case-Number"], "A-1");
  EXPECT_EQ(info["Party"], "张三");
  EXPECT_EQ(info["Long-Value"], "first second");
  EXPECT_EQ(info.size(), 3u);
}

}  // namespace
}  // namespace kiosk::archive::detail
