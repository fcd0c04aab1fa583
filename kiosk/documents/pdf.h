// The documents as PDF for the case file, through cairo, from the same layout as the printer's dots: A4 for the
// notices and the proof of service, receipt-size (80 mm wide, as long as it needs) for the receipt. The font
// (Noto Sans CJK SC) is embedded as a subset, so the PDF reads the same anywhere; a layout longer than an A4
// page continues on the next.
#pragma once

#include <filesystem>
#include <string>

#include "kiosk/documents/layout.h"

namespace kiosk::documents {

enum class PageSize { a4, receipt };

// The PDF's bytes (for a case file written durably), or straight to a file.
Expected<std::string> render_pdf(const Layout& layout, PageSize size);
Expected<void> render_pdf(const Layout& layout, PageSize size, const std::filesystem::path& file);

}  // namespace kiosk::documents
