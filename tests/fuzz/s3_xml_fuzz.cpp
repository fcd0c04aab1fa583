// What an S3 store answers (errors, ListParts, ListMultipartUploads): any body is read without a crash; and any
// text, escaped as XML escapes it, reads back as itself — alone, and inside a nested element (an Upload's Key), so
// an entity is decoded exactly once ("&amp;lt;" is "&lt;", not "<").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/archive/s3.h"

namespace {

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kiosk::archive;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const std::string& part : xml_elements(text, "Part")) {
    (void)xml_value(part, "PartNumber");
    (void)xml_value(part, "ETag");
  }
  for (const std::string& upload : xml_elements(text, "Upload")) (void)xml_value(upload, "UploadId");
  S3Response response;
  response.status = size == 0 ? 0 : 200 + data[0] % 400;
  response.body = std::string(text);
  response.headers["retry-after"] = std::string(text.substr(0, 8));
  response.transport_error = std::string(text.substr(0, 16));
  if (describe_s3_error(response, "GET k").message.empty()) __builtin_trap();

  if (xml_value("<Code>" + escaped(text) + "</Code>", "Code") != text) __builtin_trap();
  const std::string listing = "<ListMultipartUploadsResult><Upload><Key>" + escaped(text) +
                              "</Key><UploadId>u1</UploadId></Upload></ListMultipartUploadsResult>";
  const auto uploads = xml_elements(listing, "Upload");
  if (uploads.size() != 1 || xml_value(uploads[0], "Key") != text || xml_value(uploads[0], "UploadId") != "u1") {
    __builtin_trap();
  }
  return 0;
}
