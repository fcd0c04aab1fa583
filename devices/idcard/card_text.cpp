#include "devices/idcard/card_text.h"

#include <algorithm>
#include <array>
#include <utility>

#include "kiosk/core/party.h"
#include "kiosk/core/utf8.h"

namespace kiosk::devices {
namespace {

// GB 3304: the 56 nations, 97 other, 98 of foreign origin — as the card prints them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 58> kNations{{
    {"01", "汉"},       {"02", "蒙古"},
    {"03", "回"},       {"04", "藏"},
    {"05", "维吾尔"},   {"06", "苗"},
    {"07", "彝"},       {"08", "壮"},
    {"09", "布依"},     {"10", "朝鲜"},
    {"11", "满"},       {"12", "侗"},
    {"13", "瑶"},       {"14", "白"},
    {"15", "土家"},     {"16", "哈尼"},
    {"17", "哈萨克"},   {"18", "傣"},
    {"19", "黎"},       {"20", "傈僳"},
    {"21", "佤"},       {"22", "畲"},
    {"23", "高山"},     {"24", "拉祜"},
    {"25", "水"},       {"26", "东乡"},
    {"27", "纳西"},     {"28", "景颇"},
    {"29", "柯尔克孜"}, {"30", "土"},
    {"31", "达斡尔"},   {"32", "仫佬"},
    {"33", "羌"},       {"34", "布朗"},
    {"35", "撒拉"},     {"36", "毛南"},
    {"37", "仡佬"},     {"38", "锡伯"},
    {"39", "阿昌"},     {"40", "普米"},
    {"41", "塔吉克"},   {"42", "怒"},
    {"43", "乌孜别克"}, {"44", "俄罗斯"},
    {"45", "鄂温克"},   {"46", "德昂"},
    {"47", "保安"},     {"48", "裕固"},
    {"49", "京"},       {"50", "塔塔尔"},
    {"51", "独龙"},     {"52", "鄂伦春"},
    {"53", "赫哲"},     {"54", "门巴"},
    {"55", "珞巴"},     {"56", "基诺"},
    {"97", "其他"},     {"98", "外国血统中国籍人士"},
}};

// GB/T 2261.1.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kSexes{
    {{"0", "未知的性别"}, {"1", "男"}, {"2", "女"}, {"9", "未说明的性别"}}};

struct Field {
  const char* name;
  std::size_t offset;  // bytes into the text block
  std::size_t length;  // bytes
};

// Resident card (and, up to byte 220, the 港澳台 permit).
constexpr Field kName{"name", 0, 30};
constexpr Field kSex{"sex", 30, 2};
constexpr Field kNation{"nation", 32, 4};
constexpr Field kBirth{"birth date", 36, 16};
constexpr Field kAddress{"address", 52, 70};
constexpr Field kIdNumber{"ID number", 122, 36};
constexpr Field kAuthority{"issuing authority", 158, 30};
constexpr Field kValidFrom{"valid from", 188, 16};
constexpr Field kValidTo{"valid to", 204, 16};
constexpr Field kPassNumber{"pass number", 220, 18};
constexpr Field kIssueCount{"issue count", 238, 4};
// Foreign permanent resident card.
constexpr Field kEnglishName{"English name", 0, 120};
constexpr Field kForeignSex{"sex", 120, 2};
constexpr Field kCardNumber{"card number", 122, 30};
constexpr Field kNationality{"nationality", 152, 6};
constexpr Field kChineseName{"Chinese name", 158, 30};
constexpr Field kForeignBirth{"birth date", 220, 16};
constexpr Field kCardVersion{"card version", 236, 4};
constexpr Field kAuthorityCode{"authority code", 240, 8};
constexpr Field kTypeFlag{"card type", 248, 2};

// A field's text: UCS-2LE (surrogate pairs allowed, for the rare characters of names), trailing spaces and NULs
// dropped. A lone surrogate or a control character is garbage, and an error that names the field.
Expected<std::string> read_field(std::span<const std::uint8_t> text, const Field& field) {
  std::u32string codes;
  for (std::size_t i = field.offset; i + 1 < field.offset + field.length; i += 2) {
    char32_t unit = static_cast<char32_t>(text[i] | text[i + 1] << 8);
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < field.offset + field.length) {
      const char32_t low = static_cast<char32_t>(text[i + 2] | text[i + 3] << 8);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        codes.push_back(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    if ((unit >= 0xD800 && unit <= 0xDFFF) || (unit != 0 && unit < 0x20) || unit == 0xFFFE || unit == 0xFFFF) {
      return Error(std::string("card text: the ") + field.name + " holds garbage at byte " + std::to_string(i) +
                   " — not a card the reader read correctly: read it again");
    }
    codes.push_back(unit);
  }
  while (!codes.empty() && (codes.back() == U' ' || codes.back() == 0)) codes.pop_back();
  std::string out;
  for (char32_t code : codes) append_utf8(out, code == 0 ? U' ' : code);
  return out;
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Expected<std::string> iso_date(std::string_view yyyymmdd, const char* what) {
  const auto wrong = [&] {
    return Error(std::string("card text: the ") + what + " \"" + std::string(yyyymmdd) + "\" is not a date (YYYYMMDD)");
  };
  if (yyyymmdd.size() != 8 || !all_digits(yyyymmdd)) return wrong();
  const int year = std::stoi(std::string(yyyymmdd.substr(0, 4)));
  const int month = std::stoi(std::string(yyyymmdd.substr(4, 2)));
  const int day = std::stoi(std::string(yyyymmdd.substr(6, 2)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return wrong();
  if (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) return wrong();
  return std::string(yyyymmdd.substr(0, 4)) + "-" + std::string(yyyymmdd.substr(4, 2)) + "-" +
         std::string(yyyymmdd.substr(6, 2));
}

Expected<std::string> sex_name(std::string_view code) {
  for (const auto& [known, name] : kSexes) {
    if (known == code) return std::string(name);
  }
  return Error("card text: unknown sex code \"" + std::string(code) + "\"");
}

Expected<void> check_id_number(std::string_view number) {
  if (number.size() != 18) {
    return Error("card text: the ID number \"" + std::string(number) + "\" does not have 18 characters");
  }
  if (!is_valid_resident_id_number(number)) {
    return Error("card text: the ID number " + std::string(number) +
                 " has a wrong check digit (GB 11643) — the card was misread or is not genuine: read it again");
  }
  return {};
}

}  // namespace

std::string nation_name(std::string_view code) {
  for (const auto& [known, name] : kNations) {
    if (known == code) return std::string(name);
  }
  return {};
}

std::string_view kind_name(IdCardKind kind) {
  switch (kind) {
    case IdCardKind::resident: return "resident";
    case IdCardKind::hk_macao_taiwan_resident: return "hk_macao_taiwan_resident";
    case IdCardKind::foreign_permanent_resident: return "foreign_permanent_resident";
  }
  return "unknown";
}

Expected<IdCardData> decode_card_text(std::span<const std::uint8_t> text) {
  if (text.size() != kCardTextSize) {
    return Error("card text: " + std::to_string(text.size()) + " bytes, a card's text block has 256");
  }
  IdCardData card;
  const std::string flag = TRY(read_field(text, kTypeFlag));
  if (flag == "I") {
    card.kind = IdCardKind::foreign_permanent_resident;
    card.english_name = TRY(read_field(text, kEnglishName));
    card.sex = TRY(sex_name(TRY(read_field(text, kForeignSex))));
    card.id_number = TRY(read_field(text, kCardNumber));
    card.nation = TRY(read_field(text, kNationality));
    card.name = TRY(read_field(text, kChineseName));
    card.valid_from = TRY(iso_date(TRY(read_field(text, kValidFrom)), "valid-from date"));
    const std::string valid_to = TRY(read_field(text, kValidTo));
    card.valid_to = valid_to == "长期" ? valid_to : TRY(iso_date(valid_to, "valid-to date"));
    card.birth_date = TRY(iso_date(TRY(read_field(text, kForeignBirth)), "birth date"));
    card.card_version = TRY(read_field(text, kCardVersion));
    card.authority = TRY(read_field(text, kAuthorityCode));
    if (card.english_name.empty()) return Error("card text: the foreign card has no English name");
    if (card.id_number.size() < 15) {
      return Error("card text: the card number \"" + card.id_number + "\" is too short");
    }
    return card;
  }
  if (flag == "J") {
    card.kind = IdCardKind::hk_macao_taiwan_resident;
  } else if (!flag.empty()) {
    return Error("card text: unknown card type flag \"" + flag + "\" — not a card this reader software knows");
  }
  card.name = TRY(read_field(text, kName));
  card.sex = TRY(sex_name(TRY(read_field(text, kSex))));
  if (card.kind == IdCardKind::resident) {
    const std::string code = TRY(read_field(text, kNation));
    card.nation = nation_name(code);
    if (card.nation.empty()) return Error("card text: unknown nation code \"" + code + "\"");
  }
  card.birth_date = TRY(iso_date(TRY(read_field(text, kBirth)), "birth date"));
  card.address = TRY(read_field(text, kAddress));
  card.id_number = TRY(read_field(text, kIdNumber));
  TRY(check_id_number(card.id_number));
  card.authority = TRY(read_field(text, kAuthority));
  card.valid_from = TRY(iso_date(TRY(read_field(text, kValidFrom)), "valid-from date"));
  const std::string valid_to = TRY(read_field(text, kValidTo));
  card.valid_to = valid_to == "长期" ? valid_to : TRY(iso_date(valid_to, "valid-to date"));
  if (card.kind == IdCardKind::hk_macao_taiwan_resident) {
    card.pass_number = TRY(read_field(text, kPassNumber));
    card.issue_count = TRY(read_field(text, kIssueCount));
  }
  if (card.name.empty()) return Error("card text: the card has no name");
  return card;
}

Expected<IdCardData> decode_base_information(std::span<const std::uint8_t> data) {
  if (data.size() < 4) return Error("card data: " + std::to_string(data.size()) + " bytes, too short for the lengths");
  const std::size_t text_length = std::size_t{data[0]} << 8 | data[1];
  const std::size_t photo_length = std::size_t{data[2]} << 8 | data[3];
  if (text_length != kCardTextSize || photo_length != kCardPhotoSize) {
    return Error("card data: text " + std::to_string(text_length) + " and photo " + std::to_string(photo_length) +
                 " bytes, expected 256 and 1024");
  }
  if (data.size() != 4 + text_length + photo_length) {
    return Error("card data: " + std::to_string(data.size()) + " bytes, the lengths say " +
                 std::to_string(4 + text_length + photo_length));
  }
  IdCardData card = TRY(decode_card_text(data.subspan(4, text_length)));
  card.photo_wlt.assign(data.begin() + 4 + static_cast<std::ptrdiff_t>(text_length), data.end());
  return card;
}

namespace {

// UTF-8 to UCS-2LE into a field, space-padded.
Expected<void> write_field(std::vector<std::uint8_t>& text, const Field& field, std::string_view value) {
  std::vector<std::uint16_t> units;
  for (char32_t code : decode_utf8(value)) {
    if (code >= 0x10000) {
      code -= 0x10000;
      units.push_back(static_cast<std::uint16_t>(0xD800 + (code >> 10)));
      units.push_back(static_cast<std::uint16_t>(0xDC00 + (code & 0x3FF)));
    } else {
      units.push_back(static_cast<std::uint16_t>(code));
    }
  }
  if (units.size() * 2 > field.length) {
    return Error("card text: the " + std::string(field.name) + " \"" + std::string(value) + "\" is longer than its " +
                 std::to_string(field.length / 2) + " characters");
  }
  units.resize(field.length / 2, u' ');
  for (std::size_t k = 0; k < units.size(); ++k) {
    text[field.offset + 2 * k] = static_cast<std::uint8_t>(units[k] & 0xFF);
    text[field.offset + 2 * k + 1] = static_cast<std::uint8_t>(units[k] >> 8);
  }
  return {};
}

std::string compact_date(std::string_view iso) {
  std::string out;
  for (char c : iso) {
    if (c != '-') out.push_back(c);
  }
  return out;
}

Expected<std::string> sex_code(std::string_view name) {
  for (const auto& [code, known] : kSexes) {
    if (known == name) return std::string(code);
  }
  return Error("card text: unknown sex \"" + std::string(name) + "\"");
}

}  // namespace

Expected<std::vector<std::uint8_t>> encode_card_text(const IdCardData& card) {
  std::vector<std::uint8_t> text(kCardTextSize, 0);
  TRY(write_field(text, Field{"whole block", 0, kCardTextSize}, ""));
  const std::string valid_to = card.valid_to == "长期" ? card.valid_to : compact_date(card.valid_to);
  if (card.kind == IdCardKind::foreign_permanent_resident) {
    TRY(write_field(text, kEnglishName, card.english_name));
    TRY(write_field(text, kForeignSex, TRY(sex_code(card.sex))));
    TRY(write_field(text, kCardNumber, card.id_number));
    TRY(write_field(text, kNationality, card.nation));
    TRY(write_field(text, kChineseName, card.name));
    TRY(write_field(text, kValidFrom, compact_date(card.valid_from)));
    TRY(write_field(text, kValidTo, valid_to));
    TRY(write_field(text, kForeignBirth, compact_date(card.birth_date)));
    TRY(write_field(text, kCardVersion, card.card_version));
    TRY(write_field(text, kAuthorityCode, card.authority));
    TRY(write_field(text, kTypeFlag, "I"));
    return text;
  }
  TRY(write_field(text, kName, card.name));
  TRY(write_field(text, kSex, TRY(sex_code(card.sex))));
  if (card.kind == IdCardKind::resident) {
    std::string code;
    for (const auto& [known, name] : kNations) {
      if (name == card.nation) code = known;
    }
    if (code.empty()) return Error("card text: unknown nation \"" + card.nation + "\"");
    TRY(write_field(text, kNation, code));
  }
  TRY(write_field(text, kBirth, compact_date(card.birth_date)));
  TRY(write_field(text, kAddress, card.address));
  TRY(write_field(text, kIdNumber, card.id_number));
  TRY(write_field(text, kAuthority, card.authority));
  TRY(write_field(text, kValidFrom, compact_date(card.valid_from)));
  TRY(write_field(text, kValidTo, valid_to));
  if (card.kind == IdCardKind::hk_macao_taiwan_resident) {
    TRY(write_field(text, kPassNumber, card.pass_number));
    TRY(write_field(text, kIssueCount, card.issue_count));
    TRY(write_field(text, kTypeFlag, "J"));
  }
  return text;
}

}  // namespace kiosk::devices
