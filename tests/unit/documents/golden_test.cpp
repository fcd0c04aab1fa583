// Golden images: the printer's dots for a receipt, a notice and a signed proof of service, compared with the
// images in tests/golden/ within a pixel tolerance (a FreeType or font update may move an edge, not a line).
// KIOSK_UPDATE_GOLDEN=1 writes them anew; look at them before committing. A failure leaves what was drawn in the
// build folder beside the golden name.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "devices/sigpad/sigpad_simulator.h"
#include "kiosk/documents/notices.h"
#include "kiosk/documents/preview.h"
#include "kiosk/documents/receipt.h"
#include "kiosk/documents/signature.h"
#include "support/fixtures.h"

namespace kiosk::documents {
namespace {

constexpr double kMostDifferentPixels = 0.005;  // 0.5 % of the image

Templates shipped() {
  return *load_templates(std::string(KIOSK_SOURCE_ROOT) + "/assets/templates/documents.toml");
}

Case sample_case(Decision decision) {
  std::vector<Material> materials;
  for (const char* name : {"行政许可申请书", "营业执照副本复印件", "法定代表人身份证明及授权委托书"}) {
    materials.push_back(kiosk::testing::material(name, 1, 3));
  }
  return kiosk::testing::documented_case(std::move(decision), std::move(materials));
}

void expect_matches_golden(const devices::RasterImage& image, const std::string& name) {
  const std::string golden = std::string(KIOSK_SOURCE_ROOT) + "/tests/golden/" + name;
  const auto png = raster_png(image);
  ASSERT_TRUE(png) << png.error().message();
  if (const char* update = std::getenv("KIOSK_UPDATE_GOLDEN"); update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << *png;
    GTEST_SKIP() << "wrote " << golden;
  }
  std::ofstream(std::string(KIOSK_TEST_BINARY_DIR) + "/actual-" + name, std::ios::binary) << *png;
  auto expected = read_png(golden);
  ASSERT_TRUE(expected) << expected.error().message();
  const devices::GrayImage actual = raster_to_gray(image);
  ASSERT_EQ(actual.width, expected->width) << name;
  ASSERT_EQ(actual.height, expected->height) << name << ": the layout's height changed";
  std::size_t different = 0;
  for (std::size_t i = 0; i < actual.pixels.size(); ++i) {
    if ((actual.pixels[i] < 128) != (expected->pixels[i] < 128)) ++different;
  }
  EXPECT_LE(static_cast<double>(different), kMostDifferentPixels * static_cast<double>(actual.pixels.size()))
      << name << ": " << different << " of " << actual.pixels.size() << " pixels differ";
}

TEST(Golden, TheReceiptAt384Dots) {
  auto layout = material_receipt(sample_case(Decision{DecisionKind::accepted, "", "", {}}), shipped(), "7K3D-Q9XA");
  ASSERT_TRUE(layout);
  auto image = render_raster(*layout, 384);
  ASSERT_TRUE(image) << image.error().message();
  expect_matches_golden(*image, "receipt_384.png");
}

TEST(Golden, TheNonAcceptanceNoticeAt576Dots) {
  auto layout = decision_notice(
      sample_case(Decision{
          DecisionKind::not_accepted, "申请事项不属于本机关职权范围", "《中华人民共和国行政许可法》第三十二条", {}}),
      shipped());
  ASSERT_TRUE(layout);
  auto image = render_raster(*layout, 576);
  ASSERT_TRUE(image) << image.error().message();
  expect_matches_golden(*image, "non_acceptance_576.png");
}

TEST(Golden, TheSignedProofOfServiceAt384Dots) {
  const devices::PadGeometry pad{20000, 12000, 2047, 100, 100};
  SignatureCapture capture("pad", pad);
  std::vector<devices::PenSample> samples;
  for (const auto& stroke : devices::scripted_signature(pad, 3)) {
    for (const auto& point : stroke) samples.push_back({point.offset_ns, point.x, point.y, point.pressure, true, true});
    samples.push_back({stroke.back().offset_ns + 1, 0, 0, 0, true, false});
  }
  capture.add(samples);
  const auto signature = capture.finish("proof_of_service", std::string(64, 'a'), Instant{}, 0);
  ASSERT_TRUE(signature);
  ServiceMark mark;
  mark.signature = render_signature(*signature, 600, 250);
  auto layout = proof_of_service(sample_case(Decision{DecisionKind::accepted, "", "", {}}), shipped(),
                                 Instant{1'795'920'000'000, 480}, mark);
  ASSERT_TRUE(layout);
  auto image = render_raster(*layout, 384);
  ASSERT_TRUE(image) << image.error().message();
  expect_matches_golden(*image, "proof_signed_384.png");
}

// The comparison itself can fail: one changed line of text is far past the tolerance.
TEST(Golden, AChangedDocumentIsNotWithinTheTolerance) {
  auto layout = material_receipt(sample_case(Decision{DecisionKind::accepted, "", "", {}}), shipped(), "7K3D-Q9XA");
  ASSERT_TRUE(layout);
  std::get<Text>(layout->blocks[8]).text = "事项：行政处罚";
  auto image = render_raster(*layout, 384);
  ASSERT_TRUE(image);
  auto expected = read_png(std::string(KIOSK_SOURCE_ROOT) + "/tests/golden/receipt_384.png");
  ASSERT_TRUE(expected);
  const devices::GrayImage actual = raster_to_gray(*image);
  ASSERT_EQ(actual.pixels.size(), expected->pixels.size());
  std::size_t different = 0;
  for (std::size_t i = 0; i < actual.pixels.size(); ++i) {
    if ((actual.pixels[i] < 128) != (expected->pixels[i] < 128)) ++different;
  }
  EXPECT_GT(static_cast<double>(different), kMostDifferentPixels * static_cast<double>(actual.pixels.size()) / 5);
  EXPECT_GT(different, 100u);
}

}  // namespace
}  // namespace kiosk::documents
