// The SAM frame format and the three card layouts, byte by byte.
#include <gtest/gtest.h>

#include "devices/idcard/card_text.h"
#include "devices/idcard/sam_frame.h"

namespace kiosk::devices {
namespace {

IdCardData resident() {
  IdCardData card;
  card.name = "张伟";
  card.sex = "男";
  card.nation = "汉";
  card.birth_date = "1985-06-15";
  card.address = "北京市东城区景山前街4号";
  card.id_number = "110101198506150019";
  card.authority = "北京市公安局东城分局";
  card.valid_from = "2015-03-01";
  card.valid_to = "2035-03-01";
  return card;
}

std::vector<std::uint8_t> read_response(const IdCardData& card) {
  std::vector<std::uint8_t> data{0x01, 0x00, 0x04, 0x00};
  const auto text = encode_card_text(card);
  EXPECT_TRUE(text) << text.error().message();
  data.insert(data.end(), text->begin(), text->end());
  for (int i = 0; i < 1024; ++i) data.push_back(static_cast<std::uint8_t>(i * 7));
  return sam::encode_response(0x90, data);
}

TEST(SamFrame, CommandsAreFramedWithLengthAndXorChecksum) {
  // Find card: AA AA AA 96 69 | 00 03 | 20 01 | 22 (= 00 ^ 03 ^ 20 ^ 01).
  EXPECT_EQ(sam::encode_command(sam::kFindCard),
            (std::vector<std::uint8_t>{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22}));
  EXPECT_EQ(sam::encode_command(sam::kSamStatus),
            (std::vector<std::uint8_t>{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x11, 0xFF, 0xED}));
  auto parsed = sam::parse_command(sam::encode_command(sam::kReadBase));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->status[0], 0x30);
  EXPECT_EQ(parsed->status[1], 0x01);
}

TEST(SamFrame, AReadResponseIs1295BytesAndParses) {
  const auto frame = read_response(resident());
  ASSERT_EQ(frame.size(), 1295u);
  EXPECT_EQ(frame[5], 0x05);
  EXPECT_EQ(frame[6], 0x08);  // 1288 bytes after the length field
  auto parsed = sam::parse_response(frame);
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->code(), 0x90);
  auto card = decode_base_information(parsed->data);
  ASSERT_TRUE(card) << card.error().message();
  EXPECT_EQ(*card, [] {
    IdCardData expected = resident();
    for (int i = 0; i < 1024; ++i) expected.photo_wlt.push_back(static_cast<std::uint8_t>(i * 7));
    return expected;
  }());
}

TEST(SamFrame, BrokenFramesAreRefusedWithTheReason) {
  auto frame = read_response(resident());
  auto flipped = frame;
  flipped[600] ^= 0x40;
  auto checksum = sam::parse_response(flipped);
  ASSERT_FALSE(checksum);
  EXPECT_NE(checksum.error().message().find("checksum mismatch"), std::string::npos);

  auto truncated = sam::parse_response(std::span(frame).first(900));
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message().find("truncated"), std::string::npos) << truncated.error().message();

  auto longer = frame;
  longer.push_back(0);
  auto too_long = sam::parse_response(longer);
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().message().find("too long"), std::string::npos);

  auto lying = frame;
  lying[5] = 0x7F;  // a length field that says 32 KiB
  auto lie = sam::parse_response(lying);
  ASSERT_FALSE(lie);
  EXPECT_NE(lie.error().message().find("larger than any reader frame"), std::string::npos);

  auto preamble = frame;
  preamble[3] = 0x00;
  EXPECT_NE(sam::parse_response(preamble).error().message().find("AA AA AA 96 69"), std::string::npos);
  EXPECT_FALSE(sam::parse_response({}));
}

TEST(SamFrame, FrameSizeIsKnownOnceTheLengthFieldIsIn) {
  const auto frame = read_response(resident());
  EXPECT_FALSE(sam::frame_size(std::span(frame).first(6))->has_value());
  EXPECT_EQ(**sam::frame_size(std::span(frame).first(7)), 1295u);
  EXPECT_FALSE(sam::frame_size(std::vector<std::uint8_t>{0x00, 0x01}));
}

TEST(SamFrame, EveryStatusHasAMessage) {
  EXPECT_EQ(sam::describe(0x80), "no card on the reader");
  EXPECT_NE(sam::describe(0x66).find("not authorised"), std::string::npos);
  EXPECT_NE(sam::describe(0x31).find("genuine"), std::string::npos);
  EXPECT_NE(sam::describe(0x10).find("checksum"), std::string::npos);
  EXPECT_EQ(sam::describe(0x77), "unknown reader status 77");
}

TEST(CardText, TheResidentCardDecodesEveryField) {
  auto text = encode_card_text(resident());
  ASSERT_TRUE(text);
  // Fixed-width fields: the name is 15 characters at byte 0, space-padded; the ID number 18 at byte 122.
  EXPECT_EQ((*text)[0], 0x20);  // 张 = U+5F20, little-endian
  EXPECT_EQ((*text)[1], 0x5F);
  EXPECT_EQ((*text)[4], 0x20);  // padding
  EXPECT_EQ((*text)[5], 0x00);
  EXPECT_EQ((*text)[122], '1');
  auto card = decode_card_text(*text);
  ASSERT_TRUE(card) << card.error().message();
  EXPECT_EQ(card->kind, IdCardKind::resident);
  EXPECT_EQ(card->name, "张伟");
  EXPECT_EQ(card->sex, "男");
  EXPECT_EQ(card->nation, "汉");
  EXPECT_EQ(card->birth_date, "1985-06-15");
  EXPECT_EQ(card->valid_to, "2035-03-01");
}

TEST(CardText, LongTermValidityAndEveryNationDecode) {
  IdCardData card = resident();
  card.valid_to = "长期";
  card.nation = "柯尔克孜";
  auto decoded = decode_card_text(*encode_card_text(card));
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(decoded->valid_to, "长期");
  EXPECT_EQ(decoded->nation, "柯尔克孜");
  int nations = 0;
  for (int code = 1; code <= 98; ++code) {
    char text[3];
    std::snprintf(text, sizeof text, "%02d", code);
    if (!nation_name(text).empty()) ++nations;
  }
  EXPECT_EQ(nations, 58) << "56 nations, 97 other, 98 of foreign origin";
  EXPECT_EQ(nation_name("98"), "外国血统中国籍人士");
}

TEST(CardText, TheHongKongMacaoTaiwanPermitHasPassNumberAndIssueCount) {
  IdCardData card = resident();
  card.kind = IdCardKind::hk_macao_taiwan_resident;
  card.nation.clear();
  card.id_number = "810000199211030018";
  card.pass_number = "H12345678";
  card.issue_count = "02";
  auto text = encode_card_text(card);
  ASSERT_TRUE(text);
  EXPECT_EQ((*text)[248], 'J');
  auto decoded = decode_card_text(*text);
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(*decoded, card);
}

TEST(CardText, TheForeignPermanentResidentCardHasItsOwnLayout) {
  IdCardData card;
  card.kind = IdCardKind::foreign_permanent_resident;
  card.english_name = "SMITH, JOHN ROBERT";
  card.name = "史密斯";
  card.sex = "男";
  card.id_number = "USA110079060512";
  card.nation = "USA";
  card.birth_date = "1979-06-05";
  card.valid_from = "2019-01-15";
  card.valid_to = "2029-01-15";
  card.card_version = "01";
  card.authority = "1500";
  auto text = encode_card_text(card);
  ASSERT_TRUE(text);
  EXPECT_EQ((*text)[248], 'I');
  EXPECT_EQ((*text)[0], 'S');
  auto decoded = decode_card_text(*text);
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(*decoded, card);
}

TEST(CardText, AWrongCheckDigitIsReportedNeverAccepted) {
  IdCardData card = resident();
  card.id_number = "110101198506150018";
  auto decoded = decode_card_text(*encode_card_text(card));
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message().find("wrong check digit"), std::string::npos) << decoded.error().message();
}

TEST(CardText, GarbageIsNamedByField) {
  auto text = *encode_card_text(resident());
  auto lone = text;
  lone[54] = 0x00;  // a lone low surrogate in the address
  lone[55] = 0xDC;
  auto garbage = decode_card_text(lone);
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().message().find("address holds garbage at byte 54"), std::string::npos)
      << garbage.error().message();

  auto sex = text;
  sex[30] = '7';
  EXPECT_NE(decode_card_text(sex).error().message().find("unknown sex code \"7\""), std::string::npos);
  auto nation = text;
  nation[32] = '9';
  nation[34] = '9';
  EXPECT_NE(decode_card_text(nation).error().message().find("unknown nation code \"99\""), std::string::npos);
  auto date = text;
  date[44] = '1';  // 1985-16-15
  EXPECT_NE(decode_card_text(date).error().message().find("birth date \"19851615\" is not a date"), std::string::npos);
  auto flag = text;
  flag[248] = 'Z';
  EXPECT_NE(decode_card_text(flag).error().message().find("unknown card type flag \"Z\""), std::string::npos);
  EXPECT_FALSE(decode_card_text(std::span(text).first(255)));
}

TEST(CardText, LengthsThatDoNotMatchAreRefused) {
  const auto frame = read_response(resident());
  auto parsed = *sam::parse_response(frame);
  auto data = parsed.data;
  data[0] = 0x02;  // text length 512
  EXPECT_NE(decode_base_information(data).error().message().find("expected 256 and 1024"), std::string::npos);
  data = parsed.data;
  data.pop_back();
  EXPECT_FALSE(decode_base_information(data));
  IdCardData long_name = resident();
  long_name.name = "一二三四五六七八九十一二三四五六";
  EXPECT_FALSE(encode_card_text(long_name));
}

}  // namespace
}  // namespace kiosk::devices
