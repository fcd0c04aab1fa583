// Opening the CJK font: in a collection (Noto Sans CJK's .ttc holds JP, KR, SC, TC, HK) the Simplified Chinese
// face is chosen by its family name. Shared by the recording's overlay, the printer's canvas and the PDFs.
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H

#include <filesystem>
#include <string>

#include "kiosk/core/error.h"

namespace kiosk::devices {

// The face (to be closed with FT_Done_Face), or `cannot_read` as the error when the file is not a font.
Expected<FT_Face> open_cjk_face(FT_Library library, const std::filesystem::path& font, const std::string& cannot_read);

}  // namespace kiosk::devices
