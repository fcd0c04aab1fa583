#include "kiosk/documents/pdf.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <numeric>
#include <qrencode.h>
#include <string>

#include "devices/fonts/cjk_face.h"
#include "kiosk/core/utf8.h"
#include "kiosk/documents/detail/cairo_util.h"

namespace kiosk::documents {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kDotsToPoints = 72.0 / 203.0;  // layout sizes are in printer dots (203 dpi)

// One font for every PDF, opened once and kept for the life of the process: cairo keeps font faces in caches
// beyond the last document, so a face must never be closed under it.
struct PdfFont {
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  cairo_font_face_t* cairo = nullptr;
};

Expected<cairo_font_face_t*> pdf_font() {
  static PdfFont* font = nullptr;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    const std::string path(devices::kReceiptFont);
    auto opened = std::make_unique<PdfFont>();
    if (FT_Init_FreeType(&opened->library) != 0) {
      failure = "PDF: FreeType could not start";
      return;
    }
    auto face = devices::open_cjk_face(opened->library, path,
                                       "PDF: cannot read the font " + path + " — install fonts-noto-cjk");
    if (!face) {
      failure = face.error().message();
      return;
    }
    opened->face = *face;
    opened->cairo = cairo_ft_font_face_create_for_ft_face(opened->face, 0);
    font = opened.release();
  });
  if (font == nullptr) return Error(failure);
  return font->cairo;
}

class PdfWriter {
 public:
  PdfWriter(cairo_t* cairo, double width, double height, double margin, bool paged)
      : cairo_(cairo), width_(width), height_(height), margin_(margin), paged_(paged), y_(margin) {}

  double inner() const { return width_ - 2 * margin_; }
  double measure(std::string_view text, double size) {
    cairo_set_font_size(cairo_, size);
    cairo_text_extents_t extents;
    const std::string copy(text);
    cairo_text_extents(cairo_, copy.c_str(), &extents);
    return extents.x_advance;
  }
  double line_height(double size) const { return size * 1.45; }
  void need(double height) {
    if (paged_ && y_ + height > height_ - margin_) {
      cairo_show_page(cairo_);
      y_ = margin_;
    }
  }
  void text_at(double x, std::string_view text, double size) {
    cairo_set_font_size(cairo_, size);
    cairo_move_to(cairo_, x, y_ + size * 1.1);
    const std::string copy(text);
    cairo_show_text(cairo_, copy.c_str());
  }
  void down(double height) { y_ += height; }
  double y() const { return y_; }
  double margin() const { return margin_; }
  cairo_t* cairo() const { return cairo_; }

 private:
  cairo_t* cairo_;
  double width_;
  double height_;
  double margin_;
  bool paged_;
  double y_;
};

// The same line-breaking rules as the printer's, on PDF points.
std::vector<std::string> wrap_pdf(PdfWriter& pdf, std::string_view text, double size, double width) {
  static constexpr std::u32string_view kClosing = U"，。、；：？！）」』》〉】,.;:?!)]}%";
  std::vector<std::string> lines;
  std::u32string line;
  std::string current;
  for (char32_t code : decode_utf8(text)) {
    if (code == U'\n') {
      lines.push_back(current);
      current.clear();
      continue;
    }
    std::string next = current;
    append_utf8(next, code);
    if (pdf.measure(next, size) > width && !current.empty() && kClosing.find(code) == std::u32string_view::npos) {
      const std::size_t space = current.rfind(' ');
      if (code < 0x2E80 && code != U' ' && space != std::string::npos && space > 0) {
        lines.push_back(current.substr(0, space));
        current = current.substr(space + 1);
      } else {
        lines.push_back(current);
        current.clear();
      }
      if (code == U' ') continue;
      append_utf8(current, code);
      continue;
    }
    current = next;
  }
  if (!current.empty() || lines.empty()) lines.push_back(current);
  return lines;
}

// A grey picture as an image in the PDF (kept at its own resolution, scaled to its width on the page).
Expected<void> draw_image(PdfWriter& pdf, const Image& image) {
  const devices::GrayImage& picture = image.picture;
  if (picture.width == 0 || picture.height == 0) return {};
  if (picture.pixels.size() < std::size_t{picture.width} * picture.height) return Error("PDF: a picture is cut short");
  const double width = std::min(image.width_dots * kDotsToPoints, pdf.inner());
  const double height = width * picture.height / picture.width;
  cairo_surface_t* surface = detail::gray_surface(picture);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return Error("PDF: cannot make a picture of " + std::to_string(picture.width) + "×" +
                 std::to_string(picture.height));
  }
  pdf.need(height);
  cairo_t* cairo = pdf.cairo();
  cairo_save(cairo);
  cairo_translate(cairo, aligned(image.align, pdf.margin(), pdf.inner(), width), pdf.y());
  cairo_scale(cairo, width / picture.width, height / picture.height);
  cairo_set_source_surface(cairo, surface, 0, 0);
  cairo_paint(cairo);
  cairo_restore(cairo);
  cairo_surface_destroy(surface);
  pdf.down(height);
  return {};
}

Expected<void> draw(PdfWriter& pdf, const Layout& layout) {
  const double left = pdf.margin();
  const double inner = pdf.inner();
  cairo_t* cairo = pdf.cairo();
  for (const Block& block : layout.blocks) {
    if (const auto* text = std::get_if<Text>(&block)) {
      const double size = text->size * kDotsToPoints;
      for (const std::string& line : wrap_pdf(pdf, text->text, size, inner)) {
        pdf.need(pdf.line_height(size));
        pdf.text_at(aligned(text->align, left, inner, pdf.measure(line, size)), line, size);
        pdf.down(pdf.line_height(size));
      }
    } else if (const auto* table = std::get_if<Table>(&block)) {
      const double size = table->size * kDotsToPoints;
      const int total = std::accumulate(table->columns.begin(), table->columns.end(), 0,
                                        [](int sum, const Column& column) { return sum + column.weight; });
      std::vector<double> x;
      std::vector<double> widths;
      double at = left;
      for (const Column& column : table->columns) {
        widths.push_back(inner * column.weight / std::max(total, 1));
        x.push_back(at);
        at += widths.back();
      }
      const auto row = [&](const std::vector<std::string>& cells) {
        std::vector<std::vector<std::string>> wrapped;
        std::size_t height = 1;
        for (std::size_t c = 0; c < table->columns.size(); ++c) {
          wrapped.push_back(wrap_pdf(pdf, c < cells.size() ? cells[c] : "", size, widths[c] - 3));
          height = std::max(height, wrapped.back().size());
        }
        pdf.need(pdf.line_height(size) * static_cast<double>(height));
        for (std::size_t line = 0; line < height; ++line) {
          for (std::size_t c = 0; c < table->columns.size(); ++c) {
            if (line >= wrapped[c].size()) continue;
            pdf.text_at(aligned(table->columns[c].align, x[c], widths[c] - 3, pdf.measure(wrapped[c][line], size)),
                        wrapped[c][line], size);
          }
          pdf.down(pdf.line_height(size));
        }
      };
      std::vector<std::string> headings;
      for (const Column& column : table->columns) headings.push_back(column.heading);
      row(headings);
      cairo_rectangle(cairo, left, pdf.y(), inner, 0.5);
      cairo_fill(cairo);
      pdf.down(2);
      for (const auto& cells : table->rows) row(cells);
    } else if (const auto* qr = std::get_if<Qr>(&block)) {
      QRcode* code = QRcode_encodeString8bit(qr->payload.c_str(), 0, QR_ECLEVEL_M);
      if (code == nullptr) return Error("PDF: cannot make the QR code");
      const double module = qr->module_dots * kDotsToPoints;
      const double side = code->width * module;
      pdf.need(side);
      const double x0 = left + (inner - side) / 2;
      for (int r = 0; r < code->width; ++r) {
        for (int c = 0; c < code->width; ++c) {
          if ((code->data[r * code->width + c] & 1) != 0)
            cairo_rectangle(cairo, x0 + c * module, pdf.y() + r * module, module, module);
        }
      }
      cairo_fill(cairo);
      QRcode_free(code);
      pdf.down(side);
    } else if (const auto* rule = std::get_if<Rule>(&block)) {
      cairo_rectangle(cairo, left, pdf.y(), inner, rule->thickness * kDotsToPoints);
      cairo_fill(cairo);
      pdf.down(rule->thickness * kDotsToPoints);
    } else if (const auto* space = std::get_if<Space>(&block)) {
      pdf.down(space->dots * kDotsToPoints);
    } else if (const auto* image = std::get_if<Image>(&block)) {
      TRY(draw_image(pdf, *image));
    }
  }
  return {};
}

}  // namespace

Expected<std::string> render_pdf(const Layout& layout, PageSize size) {
  // The glyphs first: one the font lacks is an error, as on paper.
  auto canvas = TRY(devices::RasterCanvas::create(384));
  for (const Block& block : layout.blocks) {
    std::vector<std::string> texts;
    if (const auto* text = std::get_if<Text>(&block)) texts.push_back(text->text);
    if (const auto* table = std::get_if<Table>(&block)) {
      for (const auto& row : table->rows) texts.insert(texts.end(), row.begin(), row.end());
    }
    for (const std::string& text : texts) {
      if (!canvas->missing_glyphs(text).empty()) {
        return Error("PDF: the font has no glyph for a character in \"" + text + "\"");
      }
    }
  }
  cairo_font_face_t* face = TRY(pdf_font());
  const bool a4 = size == PageSize::a4;
  const double width = a4 ? 210 * kPointsPerMm : 80 * kPointsPerMm;
  const double margin = a4 ? 25 * kPointsPerMm : 4 * kPointsPerMm;
  double height = a4 ? 297 * kPointsPerMm : 0;
  if (!a4) {
    // A receipt is as long as it is: measure it on a scratch surface first.
    cairo_surface_t* scratch = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr);
    cairo_t* measuring = cairo_create(scratch);
    cairo_set_font_face(measuring, face);
    PdfWriter pass(measuring, width, 1e9, margin, false);
    auto drawn = draw(pass, layout);
    height = pass.y() + margin;
    cairo_destroy(measuring);
    cairo_surface_destroy(scratch);
    TRY(drawn);
  }
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(detail::append_to_string, &bytes, width, height);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return Error("PDF: cairo cannot start a document");
  }
  cairo_t* cairo = cairo_create(surface);
  cairo_set_font_face(cairo, face);
  cairo_set_source_rgb(cairo, 0, 0, 0);
  PdfWriter writer(cairo, width, height, margin, a4);
  auto drawn = draw(writer, layout);
  cairo_show_page(cairo);
  cairo_destroy(cairo);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  TRY(drawn);
  if (status != CAIRO_STATUS_SUCCESS) return Error(std::string("PDF: ") + cairo_status_to_string(status));
  return bytes;
}

Expected<void> render_pdf(const Layout& layout, PageSize size, const std::filesystem::path& file) {
  const std::string bytes = TRY(render_pdf(layout, size));
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Error("PDF: cannot write " + file.string() + " — check the folder exists and the disk has room");
  return {};
}

}  // namespace kiosk::documents
