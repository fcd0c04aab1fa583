// The signature: strokes from the pad's samples, sign again, nothing drawn refused; the JSON with every point;
// the PNG and the ink drawn into the proof of service (as dots and in the PDF); the refusal with its witness.
#include "kiosk/documents/signature.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

#include "devices/sigpad/sigpad_simulator.h"
#include "kiosk/documents/notices.h"
#include "kiosk/documents/pdf.h"
#include "support/fixtures.h"

namespace kiosk::documents {
namespace {

const devices::PadGeometry kPad{20000, 12000, 2047, 100, 100};
const std::string kHash(64, 'a');

std::vector<devices::PenSample> samples_of(const std::vector<devices::ScriptedStroke>& strokes) {
  std::vector<devices::PenSample> samples;
  for (const auto& stroke : strokes) {
    samples.push_back({stroke.front().offset_ns - 5'000'000, stroke.front().x, stroke.front().y, 0, true, false});
    for (const auto& point : stroke) {
      samples.push_back({1'000'000'000 + point.offset_ns, point.x, point.y, point.pressure, true, true});
    }
    samples.push_back({stroke.back().offset_ns + 5'000'000, stroke.back().x, stroke.back().y, 0, true, false});
  }
  return samples;
}

Signature signed_once() {
  SignatureCapture capture("HID digitizer 1209:5167", kPad);
  capture.add(samples_of(devices::scripted_signature(kPad, 3)));
  return *capture.finish("proof_of_service", kHash, Instant{1'795'919'900'000, 480}, 2);
}

TEST(SignatureCapture, StrokesRunFromTipDownToTipUp) {
  SignatureCapture capture("pad", kPad);
  const auto strokes = devices::scripted_signature(kPad, 3);
  const auto samples = samples_of(strokes);
  // Arriving in pieces makes no difference.
  capture.add(std::span(samples).first(50));
  capture.add(std::span(samples).subspan(50));
  ASSERT_EQ(capture.strokes().size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    ASSERT_EQ(capture.strokes()[i].size(), strokes[i].size());
    EXPECT_EQ(capture.strokes()[i][0].x, strokes[i][0].x);
    EXPECT_EQ(capture.strokes()[i][0].f, strokes[i][0].pressure);
  }
  EXPECT_EQ(capture.strokes()[0][0].t_us, 0);  // time from the first point
  EXPECT_EQ(capture.strokes()[0][1].t_us, 5000);
  EXPECT_EQ(capture.strokes()[2].back().t_us, (strokes[2].back().offset_ns - strokes[0][0].offset_ns) / 1000);
}

TEST(SignatureCapture, SigningAgainStartsAfreshAndNothingDrawnIsRefused) {
  SignatureCapture capture("pad", kPad);
  auto empty = capture.finish("proof_of_service", kHash, Instant{}, 0);
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message().find("nothing was drawn"), std::string::npos);
  EXPECT_NE(empty.error().message().find("refusal"), std::string::npos);
  capture.add(samples_of(devices::scripted_signature(kPad, 2)));
  EXPECT_EQ(capture.strokes().size(), 2u);
  capture.redo();
  EXPECT_TRUE(capture.strokes().empty());
  // Hovering without touching draws nothing either.
  capture.add(std::vector<devices::PenSample>{{0, 10, 10, 0, true, false}, {5, 20, 20, 0, true, false}});
  EXPECT_FALSE(capture.finish("proof_of_service", kHash, Instant{}, 0));
  capture.add(samples_of(devices::scripted_signature(kPad, 1)));
  auto signature = capture.finish("proof_of_service", kHash, Instant{}, 0);
  ASSERT_TRUE(signature);
  EXPECT_EQ(signature->redo_count, 1);
  EXPECT_EQ(signature->strokes.size(), 1u);
  EXPECT_FALSE(capture.finish("proof_of_service", "", Instant{}, 0));  // no document, no signature
}

TEST(SignatureJson, HoldsTheDeviceTheChannelsAndEveryPoint) {
  const Signature signature = signed_once();
  const auto json = nlohmann::json::parse(signature_json(signature));
  EXPECT_EQ(json["schema"], "counter-kiosk/signature/1");
  EXPECT_EQ(json["document"]["sha256"], kHash);
  EXPECT_EQ(json["document"]["kind"], "proof_of_service");
  EXPECT_EQ(json["device"]["model"], "HID digitizer 1209:5167");
  EXPECT_EQ(json["device"]["max_pressure"], 2047);
  EXPECT_EQ(json["device"]["x_units_per_mm"], 100.0);
  EXPECT_EQ(json["channels"], nlohmann::json({"x", "y", "t", "f", "s"}));
  EXPECT_EQ(json["dropped_reports"], 2);
  ASSERT_EQ(json["strokes"].size(), 3u);
  std::size_t points = 0;
  for (const auto& stroke : json["strokes"]) points += stroke.size();
  EXPECT_EQ(json["point_count"], points);
  const auto& first = json["strokes"][0][0];
  EXPECT_EQ(first[0], signature.strokes[0][0].x);
  EXPECT_EQ(first[1], signature.strokes[0][0].y);
  EXPECT_EQ(first[2], 0);
  EXPECT_EQ(first[3], signature.strokes[0][0].f);
  EXPECT_EQ(first[4], 1);
}

TEST(SignatureJson, ReadsBackToTheSameSignature) {
  const Signature signature = signed_once();
  auto again = parse_signature_json(signature_json(signature));
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(again->strokes.size(), signature.strokes.size());
  EXPECT_EQ(again->strokes[1].back().t_us, signature.strokes[1].back().t_us);
  EXPECT_EQ(again->strokes[2][3].f, signature.strokes[2][3].f);
  EXPECT_EQ(again->document_sha256, kHash);
  EXPECT_EQ(again->geometry.max_x, kPad.max_x);
  EXPECT_FALSE(parse_signature_json("{}"));
  EXPECT_FALSE(parse_signature_json("not json"));
  auto broken = parse_signature_json(R"({"schema":"counter-kiosk/signature/1","document":{"kind":"p"}})");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message().find("signature file"), std::string::npos);
}

TEST(SignatureImage, TheInkIsAntiAliasedAndFillsTheBox) {
  const devices::GrayImage image = render_signature(signed_once(), 480, 200);
  ASSERT_EQ(image.pixels.size(), 480u * 200u);
  std::size_t dark = 0;
  std::size_t between = 0;
  std::uint32_t left = 480;
  std::uint32_t right = 0;
  std::uint32_t top = 200;
  std::uint32_t bottom = 0;
  for (std::uint32_t y = 0; y < 200; ++y) {
    for (std::uint32_t x = 0; x < 480; ++x) {
      const std::uint8_t grey = image.pixels[y * 480 + x];
      if (grey < 100) {
        ++dark;
        left = std::min(left, x);
        right = std::max(right, x);
        top = std::min(top, y);
        bottom = std::max(bottom, y);
      }
      if (grey > 30 && grey < 225) ++between;  // edges are shaded, not stepped
    }
  }
  EXPECT_GT(dark, 1000u);
  EXPECT_GT(between, 300u);
  // Fitted with a margin of 8 % of the height (16 px), keeping its shape: this signature is wider than tall but
  // not as wide as the box, so it fills the height and is centred across.
  EXPECT_LT(top, 24u);
  EXPECT_GT(bottom, 176u);
  EXPECT_NEAR((left + right) / 2.0, 240.0, 8.0);

  auto png = signature_png(signed_once(), 480, 200);
  ASSERT_TRUE(png);
  ASSERT_GT(png->size(), 100u);
  EXPECT_EQ(png->substr(1, 3), "PNG");
  // The IHDR's width and height, big-endian.
  EXPECT_EQ(static_cast<unsigned char>((*png)[18]) << 8 | static_cast<unsigned char>((*png)[19]), 480);
  EXPECT_EQ(static_cast<unsigned char>((*png)[22]) << 8 | static_cast<unsigned char>((*png)[23]), 200);
}

Case served() {
  return kiosk::testing::documented_case();
}

Templates templates() {
  return *load_templates(std::string(KIOSK_SOURCE_ROOT) + "/assets/templates/documents.toml");
}

std::size_t black_dots(const devices::RasterImage& image) {
  std::size_t count = 0;
  for (std::uint8_t byte : image.rows) count += static_cast<std::size_t>(__builtin_popcount(byte));
  return count;
}

TEST(SignedProof, TheInkIsDrawnWhereTheRecipientSigns) {
  const Case record = served();
  const Instant at{1'795'920'000'000, 480};
  const auto unsigned_layout = proof_of_service(record, templates(), at);
  ASSERT_TRUE(unsigned_layout);
  ServiceMark mark;
  mark.signature = render_signature(signed_once(), 600, 250);
  const auto signed_layout = proof_of_service(record, templates(), at, mark);
  ASSERT_TRUE(signed_layout);
  const auto blank = render_raster(*unsigned_layout, 384);
  const auto inked = render_raster(*signed_layout, 384);
  ASSERT_TRUE(blank);
  ASSERT_TRUE(inked);
  // The dithered ink adds dots (and the picture is taller than the space it replaces).
  EXPECT_GT(black_dots(*inked), black_dots(*blank) + 500);
  EXPECT_GT(inked->height_dots, blank->height_dots);

  const std::string pdf = std::string(KIOSK_TEST_BINARY_DIR) + "/signed_proof_test.pdf";
  ASSERT_TRUE(render_pdf(*signed_layout, PageSize::a4, pdf));
  FILE* pipe = popen(("pdfimages -list " + pdf + " 2>/dev/null").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string listing;
  char buffer[512];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) listing.append(buffer, count);
  pclose(pipe);
  // One picture of 600 × 250 in the PDF.
  EXPECT_NE(listing.find(" 600   250 "), std::string::npos) << listing;
}

TEST(SignedProof, ARefusalShowsTheNoteAndTheWitnessAndNeedsBoth) {
  const Case record = served();
  ServiceMark refusal;
  refusal.refusal_note = "受送达人称需与律师商量后再签";
  refusal.witness = "李四（窗口负责人）";
  const auto layout = proof_of_service(record, templates(), Instant{1'795'920'000'000, 480}, refusal);
  ASSERT_TRUE(layout);
  std::string text;
  for (const Block& block : layout->blocks) {
    if (const auto* line = std::get_if<Text>(&block)) text += line->text + "\n";
  }
  EXPECT_NE(text.find("拒绝签收"), std::string::npos);
  EXPECT_NE(text.find(refusal.refusal_note), std::string::npos);
  EXPECT_NE(text.find("见证人：李四"), std::string::npos);
  refusal.witness.clear();
  EXPECT_FALSE(proof_of_service(record, templates(), Instant{}, refusal));
}

}  // namespace
}  // namespace kiosk::documents
