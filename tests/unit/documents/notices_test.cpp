// The notices a decision calls for, and the proof of service.
#include "kiosk/documents/notices.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "kiosk/documents/pdf.h"
#include "support/fixtures.h"

namespace kiosk::documents {
namespace {

Templates templates() {
  auto loaded = load_templates(std::string(KIOSK_SOURCE_ROOT) + "/assets/templates/documents.toml");
  EXPECT_TRUE(loaded) << loaded.error().message();
  return loaded ? *loaded : Templates{};
}

Case decided(Decision decision) {
  return kiosk::testing::documented_case(std::move(decision));
}

// Every text of the layout, one after another.
std::string all_text(const Layout& layout) {
  std::string text;
  for (const Block& block : layout.blocks) {
    if (const auto* line = std::get_if<Text>(&block)) text += line->text + "\n";
    if (const auto* table = std::get_if<Table>(&block)) {
      for (const auto& row : table->rows) {
        for (const auto& cell : row) text += cell + "|";
        text += "\n";
      }
    }
  }
  return text;
}

TEST(Notices, AcceptanceSaysSoAndRenders) {
  auto layout = decision_notice(decided(Decision{DecisionKind::accepted, "", "", {}}), templates());
  ASSERT_TRUE(layout) << layout.error().message();
  const std::string text = all_text(*layout);
  EXPECT_NE(text.find("受理通知书"), std::string::npos);
  EXPECT_NE(text.find("决定予以受理"), std::string::npos);
  EXPECT_NE(text.find("2026年11月29日"), std::string::npos);
  EXPECT_NE(text.find("张三："), std::string::npos);
  EXPECT_TRUE(render_raster(*layout, 576));
}

TEST(Notices, NonAcceptanceCarriesReasonLegalBasisAndTheRightsWithTheirTimeLimits) {
  auto layout = decision_notice(
      decided(Decision{
          DecisionKind::not_accepted, "申请事项不属于本机关职权范围", "《中华人民共和国行政许可法》第三十二条", {}}),
      templates());
  ASSERT_TRUE(layout) << layout.error().message();
  const std::string text = all_text(*layout);
  EXPECT_NE(text.find("申请事项不属于本机关职权范围"), std::string::npos);
  EXPECT_NE(text.find("根据《中华人民共和国行政许可法》第三十二条的规定"), std::string::npos);
  EXPECT_NE(text.find("六十日内"), std::string::npos);
  EXPECT_NE(text.find("六个月内"), std::string::npos);
  EXPECT_TRUE(render_raster(*layout, 384));
  auto without = decision_notice(decided(Decision{DecisionKind::not_accepted, "", "", {}}), templates());
  ASSERT_FALSE(without);
  EXPECT_NE(without.error().message().find("reason and the legal basis"), std::string::npos);
}

TEST(Notices, TheSupplementNoticeListsEverythingMissingAtOnce) {
  auto layout = decision_notice(
      decided(Decision{DecisionKind::supplement_needed, "", "", {"法定代表人身份证明", "场地使用证明", "章程"}}),
      templates());
  ASSERT_TRUE(layout) << layout.error().message();
  const std::string text = all_text(*layout);
  EXPECT_NE(text.find("1. 法定代表人身份证明"), std::string::npos);
  EXPECT_NE(text.find("2. 场地使用证明"), std::string::npos);
  EXPECT_NE(text.find("3. 章程"), std::string::npos);
  EXPECT_NE(text.find("一次性补正"), std::string::npos);
  EXPECT_FALSE(decision_notice(decided(Decision{DecisionKind::supplement_needed, "", "", {}}), templates()));
}

TEST(Notices, TheProofOfServiceListsWhatWasServedAndByWhom) {
  auto layout = proof_of_service(decided(Decision{DecisionKind::accepted, "", "", {}}), templates(),
                                 Instant{1'795'920'500'000, 480});
  ASSERT_TRUE(layout) << layout.error().message();
  const std::string text = all_text(*layout);
  EXPECT_NE(text.find("送达文书|收取材料清单、受理通知书|"), std::string::npos) << text;
  EXPECT_NE(text.find("送达时间|2026-11-29 10:48|"), std::string::npos) << text;
  EXPECT_NE(text.find("李明（执法证号 44010020260001）"), std::string::npos) << text;
  EXPECT_NE(text.find("受送达人签名"), std::string::npos);
  EXPECT_TRUE(render_raster(*layout, 576));
}

TEST(Notices, WithoutADecisionThereIsNoNotice) {
  Case record = decided(Decision{});
  record.decision.reset();
  EXPECT_NE(decision_notice(record, templates()).error().message().find("no decision"), std::string::npos);
  EXPECT_FALSE(proof_of_service(record, templates(), Instant{}));
}

TEST(Templates, EveryNoticeFieldIsRequired) {
  auto missing = parse_templates(
      "phone = \"1\"\naddress = \"2\"\n[receipt]\ntitle = \"t\"\nsubtitle = \"s\"\nfooter = \"f\"\n"
      "[acceptance]\ntitle = \"t\"\nbody = \"b\"\n[non_acceptance]\ntitle = \"t\"\n",
      "d.toml");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("non_acceptance.rights is missing"), std::string::npos)
      << missing.error().message();
}

}  // namespace
}  // namespace kiosk::documents

namespace kiosk::documents {
namespace {

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  std::size_t count = 0;
  while (pipe && (count = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, count);
  if (pipe) pclose(pipe);
  return out;
}

TEST(Pdf, TheNoticeIsA4WithItsChineseTextAndTheFontEmbedded) {
  auto layout = decision_notice(
      decided(Decision{
          DecisionKind::not_accepted, "申请事项不属于本机关职权范围", "《中华人民共和国行政许可法》第三十二条", {}}),
      templates());
  ASSERT_TRUE(layout);
  const std::string pdf = std::string(KIOSK_TEST_BINARY_DIR) + "/notice_test.pdf";
  ASSERT_TRUE(render_pdf(*layout, PageSize::a4, pdf));
  const std::string text = run("pdftotext -enc UTF-8 " + pdf + " - 2>/dev/null");
  EXPECT_NE(text.find("不予受理通知书"), std::string::npos) << text;
  EXPECT_NE(text.find("六十日内"), std::string::npos) << text;
  const std::string info = run("pdfinfo " + pdf + " 2>/dev/null");
  EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos) << info;
  const std::string fonts = run("pdffonts " + pdf + " 2>/dev/null");
  EXPECT_NE(fonts.find("NotoSansCJK"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find(" yes "), std::string::npos) << "embedded: " << fonts;
}

TEST(Pdf, ALongSupplementListContinuesOnTheNextPage) {
  std::vector<std::string> missing;
  for (int i = 1; i <= 60; ++i) missing.push_back("第" + std::to_string(i) + "项补正材料：相关证明文件原件及复印件");
  auto layout = decision_notice(decided(Decision{DecisionKind::supplement_needed, "", "", missing}), templates());
  ASSERT_TRUE(layout);
  const std::string pdf = std::string(KIOSK_TEST_BINARY_DIR) + "/supplement_test.pdf";
  ASSERT_TRUE(render_pdf(*layout, PageSize::a4, pdf));
  const std::string info = run("pdfinfo " + pdf + " 2>/dev/null");
  EXPECT_EQ(info.find("Pages:          1\n"), std::string::npos) << info;
  const std::string text = run("pdftotext -enc UTF-8 " + pdf + " - 2>/dev/null");
  EXPECT_NE(text.find("60. 第60项补正材料"), std::string::npos);
}

}  // namespace
}  // namespace kiosk::documents
