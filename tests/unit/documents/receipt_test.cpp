// The material receipt: templates, text wrapping, the table with totals, the QR code, and printing it.
#include "kiosk/documents/receipt.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "devices/printer/escpos.h"
#include "devices/printer/escpos_simulator.h"
#include "support/fixtures.h"

namespace kiosk::documents {
namespace {

Templates shipped_templates() {
  auto templates = load_templates(std::string(KIOSK_SOURCE_ROOT) + "/assets/templates/documents.toml");
  EXPECT_TRUE(templates) << templates.error().message();
  return templates ? *templates : Templates{};
}

Case intake_with(int materials, const std::string& name = "营业执照副本复印件") {
  std::vector<Material> list;
  for (int i = 0; i < materials; ++i) {
    Material material;
    material.name = name;
    material.copies = 1 + i % 3;
    material.pages = 2;
    material.form = i % 2 == 0 ? MaterialForm::original : MaterialForm::copy;
    list.push_back(material);
  }
  return kiosk::testing::documented_case(kiosk::testing::accepted(), std::move(list));
}

std::string decode_qr(const devices::RasterImage& image) {
  const std::string pbm = std::string(KIOSK_TEST_BINARY_DIR) + "/receipt_test.pbm";
  {
    std::ofstream out(pbm, std::ios::binary);
    out << "P4\n" << image.width_dots << " " << image.height_dots << "\n";
    out.write(reinterpret_cast<const char*>(image.rows.data()), static_cast<std::streamsize>(image.rows.size()));
  }
  FILE* reader = popen(("zbarimg -q --raw " + pbm + " 2>/dev/null").c_str(), "r");
  char decoded[256] = {};
  const std::size_t length = reader ? std::fread(decoded, 1, sizeof decoded - 1, reader) : 0;
  if (reader) pclose(reader);
  return std::string(decoded, length);
}

TEST(Templates, TheShippedFileHasEveryField) {
  const Templates templates = shipped_templates();
  EXPECT_EQ(templates.receipt.title, "收取材料清单");
  EXPECT_FALSE(templates.phone.empty());
}

TEST(Templates, AMissingOrWrongFieldIsNamed) {
  auto missing =
      parse_templates("phone = \"1\"\naddress = \"2\"\n[receipt]\ntitle = \"t\"\nsubtitle = \"s\"\n", "d.toml");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("d.toml: receipt.footer is missing"), std::string::npos);
  auto empty = parse_templates("phone = \"\"\n", "d.toml");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message().find("phone is empty"), std::string::npos);
  auto number = parse_templates("phone = 5\n", "d.toml");
  ASSERT_FALSE(number);
  EXPECT_NE(number.error().message().find("phone must be text"), std::string::npos);
  auto syntax = parse_templates("phone = \"\n", "d.toml");
  ASSERT_FALSE(syntax);
  EXPECT_NE(syntax.error().message().find("line 1"), std::string::npos);
}

TEST(Layout, TextWrapsByWidthCjkAnywhereLatinBetweenWords) {
  auto canvas = devices::RasterCanvas::create(384);
  ASSERT_TRUE(canvas);
  const auto cjk = wrap(**canvas, "申请人身份证明复印件及法定代表人授权委托书原件一份，加盖公章。", 22, 200);
  ASSERT_GE(cjk.size(), 2u);
  for (const std::string& line : cjk) EXPECT_LE((*canvas)->measure(line, 22), 200 + 22) << line;
  for (std::size_t i = 1; i < cjk.size(); ++i) EXPECT_NE(cjk[i].rfind("，", 0), 0u) << "a comma never begins a line";
  const auto bracket = wrap(**canvas, "企业法定代表人（负责人）身份证明及授权委托书", 22, 154);
  for (std::size_t i = 0; i + 1 < bracket.size(); ++i) {
    EXPECT_FALSE(bracket[i].ends_with("（")) << "an opening bracket never ends a line: " << bracket[i];
  }
  const auto latin = wrap(**canvas, "Certificate of incorporation and articles of association", 22, 200);
  ASSERT_GE(latin.size(), 2u);
  for (const std::string& line : latin) {
    EXPECT_NE(line.front(), ' ');
    EXPECT_TRUE(line.back() != ' ');
  }
  EXPECT_EQ(latin.front().substr(0, 11), "Certificate");
}

const Table& table_of(const Layout& layout) {
  for (const Block& block : layout.blocks) {
    if (const auto* table = std::get_if<Table>(&block)) return *table;
  }
  throw std::logic_error("no table");
}

TEST(Receipt, TwentyMaterialsGoOnTwoSlipsWithTheRunningTotalAndRenderAtBothWidths) {
  const Templates templates = shipped_templates();
  auto slips = material_receipt_slips(intake_with(20), templates);
  ASSERT_TRUE(slips) << slips.error().message();
  ASSERT_EQ(slips->size(), 2u);
  for (const Layout& slip : *slips) {
    for (std::uint32_t width : {384u, 576u}) {
      auto image = render_raster(slip, width);
      ASSERT_TRUE(image) << image.error().message();
      EXPECT_EQ(image->width_dots, width);
    }
  }
  // Copies are 1, 2, 3, 1, 2, 3, … and each has 2 pages: the first 15 are 30 copies, 60 pages.
  const Table& first = table_of((*slips)[0]);
  ASSERT_EQ(first.rows.size(), 15u + 2);
  EXPECT_EQ(first.rows[15][1], "本张小计");
  EXPECT_EQ(first.rows[16][1], "累计 15 种（续下张）");
  EXPECT_EQ(first.rows[16][3], "30");
  EXPECT_EQ(first.rows[16][4], "60");
  const Table& second = table_of((*slips)[1]);
  ASSERT_EQ(second.rows.size(), 1u + 5 + 1);
  EXPECT_EQ(second.rows[0][1], "承前页 15 种");
  EXPECT_EQ(second.rows[0][3], "30");
  EXPECT_EQ(second.rows[1][0], "16");  // numbering goes on
  EXPECT_EQ(second.rows.back()[1], "合计 20 种");
  EXPECT_EQ(second.rows.back()[3], "39");
  EXPECT_EQ(second.rows.back()[4], "78");
  // Each slip says which it is; the joined receipt (PDF, preview) holds both.
  const auto slip_line = [](const Layout& layout) {
    for (const Block& block : layout.blocks) {
      if (const auto* text = std::get_if<Text>(&block); text && text->text.starts_with("第 ")) return text->text;
    }
    return std::string();
  };
  EXPECT_EQ(slip_line((*slips)[1]), "第 2 张，共 2 张");
  auto joined = material_receipt(intake_with(20), templates);
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->blocks.size(), (*slips)[0].blocks.size() + (*slips)[1].blocks.size() + 3);
  // Fifteen fit on one slip, with no running total.
  auto fifteen = material_receipt_slips(intake_with(15), templates);
  ASSERT_EQ(fifteen->size(), 1u);
  EXPECT_EQ(table_of((*fifteen)[0]).rows.back()[1], "合计 15 种");
  EXPECT_EQ(slip_line((*fifteen)[0]), "");
}

TEST(Receipt, TheVerificationCodeComesFromTheSignedListAndChangesWithIt) {
  const Case record = intake_with(3);
  const std::string statement = receipt_statement(record);
  EXPECT_NE(statement.find("case GXJ-2026-T01-000042\n"), std::string::npos);
  EXPECT_NE(statement.find("material 营业执照副本复印件\toriginal\t1\t2\n"), std::string::npos) << statement;
  Case altered = record;
  altered.materials[1].copies = 5;
  EXPECT_NE(receipt_statement(altered), statement);
  const std::string code = verification_code(std::string(64, 'x'));
  ASSERT_EQ(code.size(), 9u);
  EXPECT_EQ(code[4], '-');
  for (char c : code) EXPECT_NE(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ-").find(c), std::string::npos);
  EXPECT_NE(verification_code(std::string(64, 'y')), code);
  EXPECT_EQ(verification_code(std::string(64, 'x')), code);  // the same signature, the same code
}

TEST(Receipt, ALongNameWrapsAndTheReceiptGrows) {
  const Templates templates = shipped_templates();
  const auto short_one = render_raster(*material_receipt(intake_with(1, "申请书"), templates), 384);
  const auto long_one = render_raster(
      *material_receipt(intake_with(1, "企业法定代表人（负责人）身份证明及授权委托书原件和复印件各一份"), templates),
      384);
  ASSERT_TRUE(short_one && long_one);
  EXPECT_GT(long_one->height_dots, short_one->height_dots + 20);
}

TEST(Receipt, ItsQrCodeCarriesTheCaseNumberAndTheVerificationCode) {
  auto image = render_raster(*material_receipt(intake_with(3), shipped_templates(), "7K3D-Q9XA"), 384);
  ASSERT_TRUE(image);
  EXPECT_EQ(decode_qr(*image), "kiosk:case:GXJ-2026-T01-000042?v=7K3D-Q9XA\n");
}

TEST(Receipt, ACharacterTheFontLacksIsReportedNotPrintedBlank) {
  auto image = render_raster(*material_receipt(intake_with(1, "材料\uE000一"), shipped_templates()), 384);
  ASSERT_FALSE(image);
  EXPECT_NE(image.error().message().find("U+E000"), std::string::npos) << image.error().message();
  EXPECT_NE(image.error().message().find("empty box"), std::string::npos);
}

TEST(Receipt, WithoutApplicantOrMaterialsItSaysWhatIsMissing) {
  Case record = intake_with(0);
  auto no_materials = material_receipt(record, shipped_templates());
  ASSERT_FALSE(no_materials);
  EXPECT_NE(no_materials.error().message().find("no materials"), std::string::npos);
  record.party.reset();
  EXPECT_NE(material_receipt(record, shipped_templates()).error().message().find("not identified"), std::string::npos);
}

TEST(Receipt, PrintedItParsesBackToTheSameDots) {
  auto image = render_raster(*material_receipt(intake_with(5), shipped_templates()), 384);
  ASSERT_TRUE(image);
  devices::EscPosPrinterSimulator printer(384);
  printer.receive_bytes(devices::escpos::job(*image));
  ASSERT_EQ(printer.pages().size(), 1u);
  EXPECT_EQ(printer.pages()[0].rows, image->rows);
}

}  // namespace
}  // namespace kiosk::documents
