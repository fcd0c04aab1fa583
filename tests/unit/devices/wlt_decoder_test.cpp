// The ID card photo's decoder, loaded at run time from the library the configuration names.
#include "devices/idcard/wlt_decoder.h"

#include <gtest/gtest.h>

namespace kiosk::devices {
namespace {

TEST(WltDecoder, ALibraryIsLoadedAndAskedForThePicture) {
  auto decoder = WltDecoder::load(FAKE_WLT_DECODER);
  ASSERT_TRUE(decoder) << decoder.error().message();
  std::vector<std::uint8_t> wlt(1024);
  for (std::size_t i = 0; i < wlt.size(); ++i) wlt[i] = static_cast<std::uint8_t>(i * 3);
  auto bmp = (*decoder)->decode(wlt);
  ASSERT_TRUE(bmp) << bmp.error().message();
  ASSERT_EQ(bmp->size(), kWltPhotoBmpSize);
  EXPECT_EQ((*bmp)[0], 'B');
  EXPECT_EQ((*bmp)[54], wlt[0]);
  EXPECT_EQ((*bmp)[54 + 1024 + 5], wlt[5]);
  // A photo the decoder refuses, and one of the wrong size.
  wlt[0] = wlt[1] = 0xFF;
  auto refused = (*decoder)->decode(wlt);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("could not decode the photo"), std::string::npos);
  EXPECT_FALSE((*decoder)->decode(std::vector<std::uint8_t>(100)));
}

TEST(WltDecoder, AMissingOrWrongLibraryIsNamed) {
  auto missing = WltDecoder::load("/opt/vendor/libwlt-missing.so");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("/opt/vendor/libwlt-missing.so"), std::string::npos);
  EXPECT_NE(missing.error().message().find("devices.idcard.wlt_decoder"), std::string::npos);
  auto wrong = WltDecoder::load("libz.so.1");  // a library, but not a decoder
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message().find("no function unpack"), std::string::npos) << wrong.error().message();
}

TEST(WltDecoder, WithoutOneThereIsAPlaceholderPicture) {
  const auto bmp = placeholder_photo_bmp();
  ASSERT_EQ(bmp.size(), kWltPhotoBmpSize);
  EXPECT_EQ(bmp[0], 'B');
  EXPECT_EQ(bmp[1], 'M');
  EXPECT_EQ(bmp[18], 102);
  EXPECT_EQ(bmp[22], 126);
  const std::size_t row = 308;  // 102 pixels × 3 bytes, padded to 4
  EXPECT_EQ(bmp[54 + 125 * row], 0xE0) << "plain ground in the top corner";
  EXPECT_EQ(bmp[54 + 80 * row + 51 * 3], 0xA0) << "a head in the middle";
}

}  // namespace
}  // namespace kiosk::devices
