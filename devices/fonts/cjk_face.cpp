#include "devices/fonts/cjk_face.h"

#include <string>

namespace kiosk::devices {

Expected<FT_Face> open_cjk_face(FT_Library library, const std::filesystem::path& font, const std::string& cannot_read) {
  FT_Face probe = nullptr;
  if (FT_New_Face(library, font.c_str(), -1, &probe) != 0) return Error(cannot_read);
  const FT_Long faces = probe->num_faces;
  FT_Done_Face(probe);
  FT_Long chosen = 0;
  for (FT_Long index = 0; index < faces; ++index) {
    FT_Face candidate = nullptr;
    if (FT_New_Face(library, font.c_str(), index, &candidate) != 0) continue;
    const std::string family = candidate->family_name ? candidate->family_name : "";  // copied: freed with the face
    FT_Done_Face(candidate);
    if (family.ends_with(" SC")) {
      chosen = index;
      break;
    }
  }
  FT_Face face = nullptr;
  if (FT_New_Face(library, font.c_str(), chosen, &face) != 0) return Error(cannot_read);
  return face;
}

}  // namespace kiosk::devices
