// `kiosk print receipt|notice|proof --case NO [--escpos FILE] [--png FILE] [--pdf FILE]`: a stored case's document,
// as the receipt printer's dots or as PDF — written to files, or printed on the configured printer (each print, and
// each reprint, an audit event of the case).
#include <fstream>
#include <iostream>

#include "devices/printer/escpos.h"
#include "devices/printer/escpos_printer.h"
#include "kiosk/app/commands.h"
#include "kiosk/app/demo.h"
#include "kiosk/app/device_setup.h"
#include "kiosk/app/intake_controller.h"
#include "kiosk/app/store_access.h"
#include "kiosk/documents/notices.h"
#include "kiosk/documents/pdf.h"
#include "kiosk/documents/preview.h"
#include "kiosk/documents/signature.h"
#include "kiosk/media/clock.h"
#include "kiosk/store/store.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;

Expected<documents::DocumentKind> kind_of(const std::string& which, const Case& record) {
  if (which == "receipt") return documents::DocumentKind::material_receipt;
  if (which == "proof") return documents::DocumentKind::proof_of_service;
  if (!record.decision) return Error("case " + record.number + " has no decision yet, so no notice");
  for (documents::DocumentKind kind : documents::documents_for(record.decision->kind)) {
    if (kind != documents::DocumentKind::material_receipt && kind != documents::DocumentKind::proof_of_service) {
      return kind;
    }
  }
  return Error("case " + record.number + "'s decision calls for no notice");
}

// On a reprint of the proof of service, what stands where the recipient signs: the stored signature's ink (from
// the case's folder, or from its sealed case file), or the refusal.
Expected<documents::ServiceMark> service_mark(const Config& config, const Case& record) {
  documents::ServiceMark mark;
  if (!record.signature) return mark;
  if (record.signature->refused) {
    mark.refusal_note = record.signature->refusal_note;
    mark.witness = record.signature->witness;
    return mark;
  }
  for (const fs::path& folder :
       {config.case_files_root() / record.number, config.cases_root() / record.terminal_id / record.number / "data"}) {
    std::ifstream file(folder / record.signature->file, std::ios::binary);
    if (!file) continue;
    const std::string text{std::istreambuf_iterator<char>(file), {}};
    const documents::Signature signature = TRY(documents::parse_signature_json(text));
    mark.signature = documents::render_signature(signature, documents::kSignatureWidth, documents::kSignatureHeight);
    return mark;
  }
  return Error("the signature " + record.signature->file + " of case " + record.number +
               " is in neither its folder nor its case file — restore it from the archive");
}

}  // namespace

int run_print_document(const GlobalOptions& options, const PrintDocumentOptions& print) {
  const auto fail_with = [&](const Error& error) { return fail(options, error.within("print " + print.which)); };
  if (print.reason.empty()) {
    return fail_with(Error("say why with --reason (printing or exporting a case's document is an audit event)"));
  }
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error());
  if (!fs::exists(config->database_path())) {
    return fail_with(
        Error("no database at " + config->database_path().string() + " — give the data folder with --data"));
  }
  auto store = open_store(*config);
  if (!store) return fail_with(store.error());
  auto found = store->cases().find(print.case_number);
  if (!found) return fail_with(found.error());
  if (!*found) return fail_with(Error("no case " + print.case_number + " in " + config->database_path().string()));
  const Case& record = **found;
  auto kind = kind_of(print.which, record);
  if (!kind) return fail_with(kind.error());
  auto templates = documents::load_templates(assets_dir() / "templates" / "documents.toml");
  if (!templates) return fail_with(templates.error());
  media::SystemClock clock;
  auto mark = service_mark(*config, record);
  if (!mark) return fail_with(mark.error());
  auto key = crypto::TerminalKey::load_or_create(config->terminal_key_path());
  if (!key) return fail_with(key.error());
  // The whole document (PDF, PNG preview), and the slips the printer cuts one by one.
  auto layout = case_document(*kind, record, *templates, clock.now(), *key, *mark);
  if (!layout) return fail_with(layout.error());
  auto image = documents::render_raster(*layout, config->printer.width_dots);
  if (!image) return fail_with(image.error());
  auto slips = case_printouts(*kind, record, *templates, clock.now(), *key, *mark);
  if (!slips) return fail_with(slips.error());
  std::vector<devices::RasterImage> printouts;
  for (const documents::Layout& slip : *slips) {
    auto dots = documents::render_raster(slip, config->printer.width_dots);
    if (!dots) return fail_with(dots.error());
    printouts.push_back(std::move(*dots));
  }

  if (!print.escpos_file.empty() || !print.png_file.empty() || !print.pdf_file.empty()) {
    if (!print.pdf_file.empty()) {
      const auto size =
          *kind == documents::DocumentKind::material_receipt ? documents::PageSize::receipt : documents::PageSize::a4;
      if (auto written = documents::render_pdf(*layout, size, print.pdf_file); !written) {
        return fail_with(written.error());
      }
    }
    if (!print.escpos_file.empty()) {
      std::ofstream out(print.escpos_file, std::ios::binary);
      for (const devices::RasterImage& printout : printouts) {
        const std::vector<std::uint8_t> bytes = devices::escpos::job(printout);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      }
      if (!out) return fail_with(Error("cannot write " + print.escpos_file.string()));
    }
    if (!print.png_file.empty()) {
      auto png = documents::raster_png(*image);
      if (!png) return fail_with(png.error());
      std::ofstream out(print.png_file, std::ios::binary);
      out.write(png->data(), static_cast<std::streamsize>(png->size()));
      if (!out) return fail_with(Error("cannot write " + print.png_file.string()));
    }
    std::string files;
    for (const fs::path& file : {print.pdf_file, print.escpos_file, print.png_file}) {
      if (!file.empty()) files += (files.empty() ? "" : ", ") + fs::absolute(file).string();
    }
    const AuditEvent exported{record.number,
                              "document.exported",
                              cli_actor(),
                              clock.now(),
                              {{"document", std::string(name_of(*kind))}, {"files", files}, {"reason", print.reason}}};
    if (auto appended = store->audit().append(exported); !appended) return fail_with(appended.error());
    std::cout << documents::title_of(*kind).zh << " of case " << record.number << ": " << image->height_dots
              << " dot rows, " << image->width_dots << " dots wide\n";
    return 0;
  }

  auto printer = make_printer(*config);
  if (!printer) return fail_with(printer.error());
  for (const devices::RasterImage& printout : printouts) {
    if (auto printed = (*printer)->print(printout); !printed) return fail_with(printed.error());
  }
  // A print of a document the case has printed before is a reprint: both are audit events of the case.
  auto events = store->audit().of_case(record.number);
  if (!events) return fail_with(events.error());
  const std::string name(name_of(*kind));
  bool before = false;
  for (const ChainedAuditEvent& chained : *events) {
    if (chained.event.kind != "document.printed" && chained.event.kind != "document.reprinted") continue;
    for (const auto& [label, value] : chained.event.detail) before = before || (label == "document" && value == name);
  }
  AuditEvent event{record.number,
                   before ? "document.reprinted" : "document.printed",
                   cli_actor(),
                   clock.now(),
                   {{"document", name}, {"dot_rows", std::to_string(image->height_dots)}, {"reason", print.reason}}};
  if (auto appended = store->audit().append(event); !appended) return fail_with(appended.error());
  std::cout << documents::title_of(*kind).zh << (before ? " reprinted" : " printed") << " for case " << record.number
            << "\n";
  return 0;
}

}  // namespace kiosk::app
