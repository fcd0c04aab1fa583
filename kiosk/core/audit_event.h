// One line of the audit log. Every intake transition yields one; so do sign-in, review, export and reprint.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/instant.h"

namespace kiosk {

struct AuditEvent {
  std::string case_number;  // empty for events outside a case (sign-in, start-up)
  std::string kind;         // "case.opened", "party.identified", ...
  std::string actor;        // staff id, or "system"
  Instant at;
  std::vector<std::pair<std::string, std::string>> detail;  // ordered key/value pairs; no personal data in clear

  friend bool operator==(const AuditEvent&, const AuditEvent&) = default;
};

}  // namespace kiosk

namespace kiosk {

// An audit event as the hash-chained log holds it.
struct ChainedAuditEvent {
  std::int64_t sequence = 0;
  AuditEvent event;
  std::string previous_hash;
  std::string hash;
};

}  // namespace kiosk
