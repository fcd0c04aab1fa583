// Rendering documents: a 20-item material receipt laid out and set as printer dots (goal: under 50 ms), and the
// ESC/POS job built from it. Google Benchmark.
#include <benchmark/benchmark.h>

#include "devices/printer/escpos.h"
#include "kiosk/documents/receipt.h"
#include "support/fixtures.h"

namespace {

kiosk::Case twenty_items() {
  kiosk::Case record;
  record.number = "GXJ-2026-T01-000042";
  record.agency = "示例市市场监督管理局";
  record.matter_type = "行政许可申请";
  record.staff = kiosk::testing::staff();
  record.opened_at = kiosk::Instant{1'795'919'900'000, 480};
  record.party = kiosk::testing::person();
  for (int i = 0; i < 20; ++i) {
    kiosk::Material material;
    material.name =
        i % 4 == 0 ? "企业法定代表人（负责人）身份证明及授权委托书原件和复印件各一份" : "营业执照副本复印件";
    material.copies = 1 + i % 3;
    material.pages = 2;
    record.materials.push_back(material);
  }
  return record;
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
