// 收取材料清单 — the itemized receipt of the materials handed in: who (the applicant, or the organization and its
// agent), every material by name with form, copies and pages, the totals, when, received by whom (with the
// enforcement certificate number), the case number and a QR code with it.
#pragma once

#include "kiosk/core/case.h"
#include "kiosk/documents/layout.h"
#include "kiosk/documents/templates.h"

namespace kiosk::documents {

// Needs the party and at least one material; the error names what is missing.
Expected<Layout> material_receipt(const Case& record, const Templates& templates);

}  // namespace kiosk::documents
