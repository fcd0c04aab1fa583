// 当事人 — the party: a person, or an organization acting through its agent.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>

#include "kiosk/core/enum_names.h"
#include "kiosk/core/error.h"

namespace kiosk {

enum class PartyKind { person, organization };
enum class Sex { unknown, male, female };

enum class IdDocumentKind {
  resident_id_card,                 // 居民身份证
  foreign_permanent_resident_card,  // 外国人永久居留身份证
  hk_macao_taiwan_permit,           // 港澳台居民居住证
  passport,                         // 护照
  unified_social_credit_code,       // 统一社会信用代码 (organizations)
  other,
};

// How the identity came to be known; the case file keeps it, since a card read is stronger evidence than typing.
enum class IdentitySource { id_card_reader, manual_entry, fixture };

// 代理人 — the person who acts for an organization (or for another person), with their title.
struct Agent {
  std::string name;
  std::string title;  // 职务
  IdDocumentKind id_kind = IdDocumentKind::resident_id_card;
  std::string id_number;
  std::string phone;

  friend bool operator==(const Agent&, const Agent&) = default;
};

struct Party {
  PartyKind kind = PartyKind::person;
  std::string name;  // the person's name, or the organization's name
  Sex sex = Sex::unknown;
  IdDocumentKind id_kind = IdDocumentKind::resident_id_card;
  std::string id_number;
  std::string phone;
  std::string address;
  std::optional<Agent> agent;  // required for an organization
  IdentitySource source = IdentitySource::manual_entry;

  friend bool operator==(const Party&, const Party&) = default;
};

// Everything the material receipt needs is present and well-formed; the error names the first field that is not.
Expected<void> validate(const Party& party);

// An ID number as typed, made comparable: spaces dropped, a check character x upper-cased.
std::string normalize_id_number(std::string_view id_number);

// GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character (0-9 or X).
bool is_valid_resident_id_number(std::string_view id_number);

template <>
struct EnumNames<PartyKind> {
  static constexpr std::array entries{std::pair{PartyKind::person, std::string_view{"person"}},
                                      std::pair{PartyKind::organization, std::string_view{"organization"}}};
};
template <>
struct EnumNames<Sex> {
  static constexpr std::array entries{std::pair{Sex::unknown, std::string_view{"unknown"}},
                                      std::pair{Sex::male, std::string_view{"male"}},
                                      std::pair{Sex::female, std::string_view{"female"}}};
};
template <>
struct EnumNames<IdDocumentKind> {
  static constexpr std::array entries{
      std::pair{IdDocumentKind::resident_id_card, std::string_view{"resident_id_card"}},
      std::pair{IdDocumentKind::foreign_permanent_resident_card, std::string_view{"foreign_permanent_resident_card"}},
      std::pair{IdDocumentKind::hk_macao_taiwan_permit, std::string_view{"hk_macao_taiwan_permit"}},
      std::pair{IdDocumentKind::passport, std::string_view{"passport"}},
      std::pair{IdDocumentKind::unified_social_credit_code, std::string_view{"unified_social_credit_code"}},
      std::pair{IdDocumentKind::other, std::string_view{"other"}}};
};
template <>
struct EnumNames<IdentitySource> {
  static constexpr std::array entries{std::pair{IdentitySource::id_card_reader, std::string_view{"id_card_reader"}},
                                      std::pair{IdentitySource::manual_entry, std::string_view{"manual_entry"}},
                                      std::pair{IdentitySource::fixture, std::string_view{"fixture"}}};
};

}  // namespace kiosk
