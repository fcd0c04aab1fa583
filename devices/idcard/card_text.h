// The card's data as a SAM reader returns it from "read base information" (30 01): a 256-byte text block in
// UCS-2 little-endian with fixed-width, space-padded fields, and a 1024-byte photo in WLT (kept raw: only a
// vendor's closed decoder turns it into a picture). Three layouts, told apart by the type flag at byte 248.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kiosk/core/error.h"

namespace kiosk::devices {

enum class IdCardKind {
  resident,                    // 居民身份证 (flag space)
  hk_macao_taiwan_resident,    // 港澳台居民居住证 (flag J)
  foreign_permanent_resident,  // 外国人永久居留身份证 (flag I)
};

struct IdCardData {
  IdCardKind kind = IdCardKind::resident;
  std::string name;          // 姓名 (the foreigner's Chinese name, which may be empty)
  std::string english_name;  // foreign permanent resident card
  std::string sex;           // 男 / 女 / 未知的性别 / 未说明的性别
  std::string nation;        // 民族 (resident card); nationality code, ISO 3166 alpha-3 (foreign card)
  std::string birth_date;    // ISO 8601: 1990-03-07
  std::string address;
  std::string id_number;     // 公民身份号码, or the foreign card's number
  std::string authority;     // 签发机关 (foreign card: the authority's code)
  std::string valid_from;    // ISO 8601
  std::string valid_to;      // ISO 8601, or 长期
  std::string pass_number;   // 港澳台: 通行证号码
  std::string issue_count;   // 港澳台: 签发次数
  std::string card_version;  // foreign card
  std::vector<std::uint8_t> photo_wlt;

  friend bool operator==(const IdCardData&, const IdCardData&) = default;
};

inline constexpr std::size_t kCardTextSize = 256;
inline constexpr std::size_t kCardPhotoSize = 1024;

// Decodes the text block. Garbage in the UCS-2, an unknown type flag, sex or nation code, a date that is not one,
// or an ID number whose GB 11643 check digit is wrong: an error that names the field.
Expected<IdCardData> decode_card_text(std::span<const std::uint8_t> text);

// The data of a read-base-information response (after the status): text length, photo length (2 bytes each,
// big-endian), the text block, the photo.
Expected<IdCardData> decode_base_information(std::span<const std::uint8_t> data);

// The reverse, for the simulator and the fixtures: a card's text block. Fields longer than their slot are an error.
Expected<std::vector<std::uint8_t>> encode_card_text(const IdCardData& card);

// The Chinese name of a nation code ("01" → 汉), or empty when there is none.
std::string nation_name(std::string_view code);
std::string_view kind_name(IdCardKind kind);

}  // namespace kiosk::devices
