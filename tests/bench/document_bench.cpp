// Rendering documents: a 20-item material receipt laid out and set as printer dots and as PDF (goal: under 50 ms
// each), the ESC/POS job built from it, and a signature's PNG. Google Benchmark.
#include <benchmark/benchmark.h>

#include "devices/printer/escpos.h"
#include "devices/sigpad/sigpad_simulator.h"
#include "kiosk/documents/pdf.h"
#include "kiosk/documents/receipt.h"
#include "kiosk/documents/signature.h"
#include "support/fixtures.h"

namespace {

kiosk::Case twenty_items() {
  std::vector<kiosk::Material> materials;
  for (int i = 0; i < 20; ++i) {
    materials.push_back(kiosk::testing::material(
        i % 4 == 0 ? "企业法定代表人（负责人）身份证明及授权委托书原件和复印件各一份" : "营业执照副本复印件", 1 + i % 3,
        2));
  }
  return kiosk::testing::documented_case(kiosk::testing::accepted(), std::move(materials));
}

void ReceiptToRaster(benchmark::State& state) {
  const auto width = static_cast<std::uint32_t>(state.range(0));
  const auto templates =
      *kiosk::documents::load_templates(std::string(KIOSK_SOURCE_ROOT) + "/assets/templates/documents.toml");
  const kiosk::Case record = twenty_items();
  for (auto _ : state) {
    auto layout = kiosk::documents::material_receipt(record, templates);
    auto image = kiosk::documents::render_raster(*layout, width);
    benchmark::DoNotOptimize(image->rows.data());
    state.counters["dot_rows"] = static_cast<double>(image->height_dots);
  }
}
BENCHMARK(ReceiptToRaster)->Arg(384)->Arg(576)->Unit(benchmark::kMillisecond);

void ReceiptToPdf(benchmark::State& state) {
  const auto templates =
      *kiosk::documents::load_templates(std::string(KIOSK_SOURCE_ROOT) + "/assets/templates/documents.toml");
  const kiosk::Case record = twenty_items();
  for (auto _ : state) {
    auto layout = kiosk::documents::material_receipt(record, templates, "7K3D-Q9XA");
    auto pdf = kiosk::documents::render_pdf(*layout, kiosk::documents::PageSize::receipt);
    benchmark::DoNotOptimize(pdf->data());
    state.counters["bytes"] = static_cast<double>(pdf->size());
  }
}
BENCHMARK(ReceiptToPdf)->Unit(benchmark::kMillisecond);

// The signature as the case file keeps it: 3 strokes at 200 reports/s drawn anti-aliased into a 600×250 PNG.
void SignatureToPng(benchmark::State& state) {
  const kiosk::devices::PadGeometry pad{9600, 6000, 1023, 100, 100};
  kiosk::documents::SignatureCapture capture("pad", pad);
  std::vector<kiosk::devices::PenSample> samples;
  for (const auto& stroke : kiosk::devices::scripted_signature(pad, 3)) {
    for (const auto& point : stroke) samples.push_back({point.offset_ns, point.x, point.y, point.pressure, true, true});
    samples.push_back({stroke.back().offset_ns + 1, 0, 0, 0, true, false});
  }
  capture.add(samples);
  const auto signature = *capture.finish("proof_of_service", std::string(64, 'a'), kiosk::Instant{}, 0);
  for (auto _ : state) {
    auto png = kiosk::documents::signature_png(signature, 600, 250);
    benchmark::DoNotOptimize(png->data());
  }
}
BENCHMARK(SignatureToPng)->Unit(benchmark::kMillisecond);

void ReceiptEscPosJob(benchmark::State& state) {
  const auto templates =
      *kiosk::documents::load_templates(std::string(KIOSK_SOURCE_ROOT) + "/assets/templates/documents.toml");
  const auto image =
      *kiosk::documents::render_raster(*kiosk::documents::material_receipt(twenty_items(), templates), 384);
  for (auto _ : state) {
    auto bytes = kiosk::devices::escpos::job(image);
    benchmark::DoNotOptimize(bytes.data());
  }
}
BENCHMARK(ReceiptEscPosJob)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
