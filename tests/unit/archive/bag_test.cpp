#include <gtest/gtest.h>

#include <fstream>

#include "kiosk/archive/archive.h"
#include "kiosk/crypto/crypto.h"
#include "support/temp_dir.h"

namespace kiosk::archive {
namespace {

namespace fs = std::filesystem;
using kiosk::testing::TempDir;

std::string read(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

void write(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

class BagTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write(dir_ / "segment.mp4", std::string(100'000, 'v'));
    auto writer = BagWriter::begin(bag_);
    ASSERT_TRUE(writer) << writer.error().message();
    ASSERT_TRUE(writer->add_payload("case.json", "{\"case\":1}\n"));
    ASSERT_TRUE(writer->add_payload_file("media/0001.mp4", dir_ / "segment.mp4"));
    writer->add_info("Case-Number", "A-1");
    auto sealed = writer->finish();
    ASSERT_TRUE(sealed) << sealed.error().message();
    sealed_ = *sealed;
  }

  TempDir dir_;
  fs::path bag_ = dir_ / "A-1";
  SealedBag sealed_;
};

TEST_F(BagTest, WritesTheRfc8493Layout) {
  EXPECT_EQ(read(bag_ / "bagit.txt"), "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
  const std::string manifest = read(bag_ / "manifest-sha256.txt");
  EXPECT_NE(manifest.find(crypto::sha256_hex("{\"case\":1}\n") + "  data/case.json\n"), std::string::npos);
  EXPECT_NE(manifest.find("  data/media/0001.mp4\n"), std::string::npos);
  EXPECT_NE(read(bag_ / "bag-info.txt").find("Payload-Oxum: 100011.2\n"), std::string::npos);
  EXPECT_EQ(sealed_.tagmanifest_sha256, crypto::sha256_hex(read(bag_ / "tagmanifest-sha256.txt")));
  EXPECT_FALSE(fs::exists(dir_ / "A-1.partial"));
}

TEST_F(BagTest, AWholeBagVerifies) {
  auto report = verify_bag(bag_);
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->payload_files, 2);
  EXPECT_EQ(report->payload_bytes, 100'011u);
  EXPECT_EQ(report->tagmanifest_sha256, sealed_.tagmanifest_sha256);
}

TEST_F(BagTest, OneChangedByteInThePayloadNamesTheFile) {
  std::string media = read(bag_ / "data/media/0001.mp4");
  media[50'000] = 'w';
  write(bag_ / "data/media/0001.mp4", media);
  auto report = verify_bag(bag_);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("data/media/0001.mp4 does not match"), std::string::npos)
      << report.error().message();
}

TEST_F(BagTest, AChangedTagFileIsCaughtByTheTagManifest) {
  std::string info = read(bag_ / "bag-info.txt");
  info.replace(info.find("A-1"), 3, "A-9");
  write(bag_ / "bag-info.txt", info);
  auto report = verify_bag(bag_);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("bag-info.txt does not match"), std::string::npos);
}

TEST_F(BagTest, AnUnlistedPayloadFileIsRefused) {
  write(bag_ / "data/extra.txt", "slipped in");
  auto report = verify_bag(bag_);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("data/extra.txt is in the payload but not in"), std::string::npos);
}

TEST_F(BagTest, AMissingPayloadFileIsNamed) {
  fs::remove(bag_ / "data/case.json");
  auto report = verify_bag(bag_);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("data/case.json is listed"), std::string::npos);
}

TEST_F(BagTest, ATruncatedManifestIsCaughtByTheOxumOrTagManifest) {
  const std::string manifest = read(bag_ / "manifest-sha256.txt");
  write(bag_ / "manifest-sha256.txt", manifest.substr(0, manifest.find('\n') + 1));
  EXPECT_FALSE(verify_bag(bag_));
}

TEST_F(BagTest, ALinkToAFileOutsideTheBagIsRefused) {
  write(dir_ / "outside.txt", "{\"case\":1}\n");  // same bytes as data/case.json: only the link gives it away
  fs::remove(bag_ / "data/case.json");
  fs::create_symlink(dir_ / "outside.txt", bag_ / "data/case.json");
  auto report = verify_bag(bag_);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("data/case.json is listed"), std::string::npos) << report.error().message();
}

TEST_F(BagTest, AnUnlistedLinkInThePayloadIsRefused) {
  fs::create_symlink("/etc/hostname", bag_ / "data/link");
  auto report = verify_bag(bag_);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("not a regular file"), std::string::npos) << report.error().message();
}

TEST(BagWriter, AnUnfinishedBagLeavesNothingBehind) {
  TempDir dir;
  {
    auto writer = BagWriter::begin(dir / "B");
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add_payload("case.json", "{}"));
    EXPECT_TRUE(fs::exists(dir / "B.partial"));
  }
  EXPECT_FALSE(fs::exists(dir / "B.partial"));
  EXPECT_FALSE(fs::exists(dir / "B"));
}

TEST(BagWriter, RefusesPathsThatLeaveDataAndDuplicates) {
  TempDir dir;
  auto writer = BagWriter::begin(dir / "B");
  ASSERT_TRUE(writer);
  EXPECT_FALSE(writer->add_payload("../escape.txt", "x"));
  EXPECT_FALSE(writer->add_payload("/etc/passwd", "x"));
  ASSERT_TRUE(writer->add_payload("a.txt", "x"));
  EXPECT_FALSE(writer->add_payload("a.txt", "y"));
}

TEST(BagWriter, NeverOverwritesASealedBag) {
  TempDir dir;
  fs::create_directories(dir / "B");
  auto writer = BagWriter::begin(dir / "B");
  ASSERT_FALSE(writer);
  EXPECT_NE(writer.error().message().find("already exists"), std::string::npos);
}

TEST(BagVerify, AFolderThatIsNotABagIsNamed) {
  TempDir dir;
  EXPECT_FALSE(verify_bag(dir / "missing"));
  auto report = verify_bag(dir.path());
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message().find("bagit.txt"), std::string::npos);
}

}  // namespace
}  // namespace kiosk::archive
