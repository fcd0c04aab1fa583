// The applicant as the ID card says: a card read becomes the case's party (source: the card reader).
#pragma once

#include "devices/idcard/card_text.h"
#include "kiosk/core/party.h"

namespace kiosk::app {

Party party_from_id_card(const devices::IdCardData& card);

}  // namespace kiosk::app
