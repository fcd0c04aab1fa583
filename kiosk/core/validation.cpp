// Field checks for what the law requires the receipt and the case file to hold.
#include <set>

#include "kiosk/core/case.h"

namespace kiosk {
namespace {

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::string normalize_id_number(std::string_view id_number) {
  std::string normal;
  for (const char c : id_number) {
    if (c != ' ') normal.push_back(c == 'x' ? 'X' : c);
  }
  return normal;
}

bool is_valid_resident_id_number(std::string_view id_number) {
  if (id_number.size() != 18) return false;
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (id_number[i] < '0' || id_number[i] > '9') return false;
    sum += (id_number[i] - '0') * kWeights[i];
  }
  const char last = id_number[17] == 'x' ? 'X' : id_number[17];
  return kCheck[sum % 11] == last;
}

Expected<void> validate(const Party& party) {
  if (is_blank(party.name)) {
    return Error(party.kind == PartyKind::person ? "party: name is missing — read the ID card or type the name"
                                                 : "party: organization name is missing — type it as registered");
  }
  if (party.kind == PartyKind::person) {
    if (is_blank(party.id_number)) return Error("party: ID number is missing — read the ID card or type it");
    if (party.id_kind == IdDocumentKind::resident_id_card && !is_valid_resident_id_number(party.id_number)) {
      return Error("party: resident ID number fails its check digit — compare it with the card and retype it");
    }
  } else {
    if (!party.agent || is_blank(party.agent->name)) {
      return Error("party: an organization needs its agent's name — enter who hands in the materials");
    }
    if (is_blank(party.agent->title)) return Error("party: the agent's title is missing — enter it");
  }
  if (is_blank(party.phone)) return Error("party: phone number is missing — ask the applicant for one");
  if (is_blank(party.address)) return Error("party: address is missing — read the ID card or type it");
  return {};
}

Expected<void> validate(const Material& material) {
  if (is_blank(material.name)) return Error("material: name is missing — pick it from the catalog or type it");
  if (material.copies < 1 || material.copies > kMaxCopies) {
    return Error("material \"" + material.name + "\": copies must be 1 to " + std::to_string(kMaxCopies) + ", got " +
                 std::to_string(material.copies));
  }
  if (material.pages < 1 || material.pages > kMaxPages) {
    return Error("material \"" + material.name + "\": pages must be 1 to " + std::to_string(kMaxPages) + ", got " +
                 std::to_string(material.pages));
  }
  return {};
}

Expected<void> validate(const Decision& decision) {
  switch (decision.kind) {
    case DecisionKind::not_accepted:
      if (is_blank(decision.reason)) return Error("decision: a non-acceptance needs its reason — enter it");
      if (is_blank(decision.legal_basis)) {
        return Error("decision: a non-acceptance needs its legal basis — cite the article it rests on");
      }
      break;
    case DecisionKind::supplement_needed: {
      if (decision.missing_items.empty()) {
        return Error("decision: a supplement notice must list every missing item at once — add them");
      }
      std::set<std::string> seen;
      for (const std::string& item : decision.missing_items) {
        if (is_blank(item)) return Error("decision: a missing item has no name — name it or remove it");
        if (!seen.insert(item).second) return Error("decision: \"" + item + "\" is listed twice — remove one");
      }
      break;
    }
    case DecisionKind::accepted:
    case DecisionKind::completed_on_the_spot:
      if (!decision.missing_items.empty()) {
        return Error("decision: missing items belong to a supplement notice, not to an acceptance");
      }
      break;
  }
  return {};
}

Expected<void> validate(const Staff& staff) {
  if (is_blank(staff.id)) return Error("staff: id is missing — sign in first");
  if (is_blank(staff.name)) return Error("staff: name is missing — the staff register needs it");
  if (is_blank(staff.certificate_number)) {
    return Error("staff " + staff.id + ": enforcement certificate number is missing — add it to the staff register");
  }
  return {};
}

std::string_view outcome_of(const Case& record) {
  if (record.state == IntakeState::abandoned || !record.abandon_reason.empty()) return "abandoned";
  if (record.decision) return name_of(record.decision->kind);
  return "undecided";
}

}  // namespace kiosk
