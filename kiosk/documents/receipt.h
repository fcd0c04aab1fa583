// 收取材料清单 — the itemized receipt of the materials handed in: who (the applicant, or the organization and its
// agent), every material by name with form, copies and pages, the totals, when, received by whom (with the
// enforcement certificate number), the case number, and a QR code with the case number and a verification code
// the terminal's key vouches for. A long list goes on several slips, each with its own subtotal and the running
// total so far; the last has the grand total.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/case.h"
#include "kiosk/documents/layout.h"
#include "kiosk/documents/templates.h"

namespace kiosk::documents {

// Materials on one receipt slip: a 58 mm slip of 15 stays under half a metre.
inline constexpr std::size_t kMaterialsPerSlip = 15;

// What the terminal signs for a receipt: the case, the applicant's id number, and every material with its form,
// copies and pages, one per line. A receipt whose list was altered no longer matches its code.
std::string receipt_statement(const Case& record);
// The verification code printed on the receipt: the first 40 bits of SHA-256 of the statement's Ed25519
// signature, in Crockford base32 as two groups of four ("7K3D-Q9XA"). Anyone with the case file (which keeps the
// signature) and the terminal's public key can check it; no one without the key can make one.
std::string verification_code(std::string_view signature);

// The slips of the receipt, to print one by one. Needs the party and at least one material; the error names
// what is missing. `code` may be empty (a preview before the key is at hand).
Expected<std::vector<Layout>> material_receipt_slips(const Case& record, const Templates& templates,
                                                     std::string_view code = {});
// All slips in one layout, one after another (the PDF for the case file, the preview).
Expected<Layout> material_receipt(const Case& record, const Templates& templates, std::string_view code = {});

}  // namespace kiosk::documents
