#include "kiosk/app/identity.h"

namespace kiosk::app {

Party party_from_id_card(const devices::IdCardData& card) {
  Party party;
  party.kind = PartyKind::person;
  // A foreigner's card may carry no Chinese name; the English one is the name then.
  party.name = card.name.empty() ? card.english_name : card.name;
  party.sex = card.sex == "男" ? Sex::male : card.sex == "女" ? Sex::female : Sex::unknown;
  switch (card.kind) {
    case devices::IdCardKind::resident: party.id_kind = IdDocumentKind::resident_id_card; break;
    case devices::IdCardKind::hk_macao_taiwan_resident: party.id_kind = IdDocumentKind::hk_macao_taiwan_permit; break;
    case devices::IdCardKind::foreign_permanent_resident:
      party.id_kind = IdDocumentKind::foreign_permanent_resident_card;
      break;
  }
  party.id_number = card.id_number;
  party.address = card.address;
  party.source = IdentitySource::id_card_reader;
  return party;
}

}  // namespace kiosk::app
