// A stand-in for a reader vendor's WLT decoder library, for tests: it exports unpack() with the vendors'
// signature and "decodes" by writing a 102×126 BMP whose pixels are the WLT bytes repeated — deterministic, and
// nothing like the real format. A photo beginning FF FF is refused (-1), as a decoder refuses a bad one.
#include <cstring>

extern "C" int unpack(char* wlt, char* bmp, int flags) {
  (void)flags;
  if (static_cast<unsigned char>(wlt[0]) == 0xFF && static_cast<unsigned char>(wlt[1]) == 0xFF) return -1;
  std::memset(bmp, 0, 38862);
  bmp[0] = 'B';
  bmp[1] = 'M';
  for (int i = 54; i < 38862; ++i) bmp[i] = wlt[(i - 54) % 1024];
  return 1;
}
