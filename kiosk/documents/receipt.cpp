#include "kiosk/documents/receipt.h"

namespace kiosk::documents {
namespace {

std::string sex_text(Sex sex) {
  switch (sex) {
    case Sex::male: return "男";
    case Sex::female: return "女";
    case Sex::unknown: return "";
  }
  return "";
}

// "2026-11-29 13:31" in the terminal's local time.
std::string local_minute(Instant at) {
  return format_rfc3339(at).substr(0, 16).replace(10, 1, " ");
}

}  // namespace

Expected<Layout> material_receipt(const Case& record, const Templates& templates) {
  if (!record.party) return Error("receipt: the applicant is not identified yet — read the ID card first");
  if (record.materials.empty()) return Error("receipt: no materials are listed yet — add what was handed in");
  const Party& party = *record.party;
  Layout layout;
  auto& blocks = layout.blocks;
  blocks.push_back(Text{record.agency, 24, Align::center});
  blocks.push_back(Text{templates.receipt.title, 34, Align::center});
  blocks.push_back(Text{templates.receipt.subtitle, 20, Align::center});
  blocks.push_back(Space{6});
  blocks.push_back(Rule{2});
  blocks.push_back(Space{4});
  blocks.push_back(Text{"案号：" + record.number});
  blocks.push_back(Text{"事项：" + record.matter_type});
  if (party.kind == PartyKind::organization) {
    blocks.push_back(Text{"申请单位：" + party.name});
    blocks.push_back(Text{"统一社会信用代码：" + party.id_number});
    if (party.agent) {
      blocks.push_back(Text{"代理人：" + party.agent->name + "（" + party.agent->title + "）"});
      blocks.push_back(Text{"代理人证件号码：" + party.agent->id_number});
      if (!party.agent->phone.empty()) blocks.push_back(Text{"联系电话：" + party.agent->phone});
    }
  } else {
    const std::string sex = sex_text(party.sex);
    blocks.push_back(Text{"申请人：" + party.name + (sex.empty() ? "" : "　性别：" + sex)});
    blocks.push_back(Text{"证件号码：" + party.id_number});
    if (!party.phone.empty()) blocks.push_back(Text{"联系电话：" + party.phone});
  }
  if (!party.address.empty()) blocks.push_back(Text{"地址：" + party.address});
  blocks.push_back(Space{4});
  Table table;
  table.size = 20;
  table.columns = {{"序号", 3, Align::center},
                   {"材料名称", 10, Align::left},
                   {"形式", 3, Align::center},
                   {"份数", 3, Align::right},
                   {"页数", 3, Align::right}};
  int copies = 0;
  int pages = 0;
  for (std::size_t index = 0; index < record.materials.size(); ++index) {
    const Material& material = record.materials[index];
    std::string name = material.name;
    if (!material.note.empty()) name += "（" + material.note + "）";
    table.rows.push_back({std::to_string(index + 1), name, material.form == MaterialForm::copy ? "复印件" : "原件",
                          std::to_string(material.copies), std::to_string(material.pages)});
    copies += material.copies;
    pages += material.copies * material.pages;
  }
  table.rows.push_back({"", "合计 " + std::to_string(record.materials.size()) + " 种", "", std::to_string(copies),
                        std::to_string(pages)});
  blocks.push_back(std::move(table));
  blocks.push_back(Rule{2});
  blocks.push_back(Space{4});
  blocks.push_back(Text{"收件时间：" + local_minute(record.opened_at)});
  blocks.push_back(Text{"收件人：" + record.staff.name + "（执法证号 " + record.staff.certificate_number + "）"});
  blocks.push_back(Space{6});
  blocks.push_back(Text{templates.receipt.footer, 20});
  blocks.push_back(Space{8});
  blocks.push_back(Qr{"kiosk:case:" + record.number, 4});
  blocks.push_back(Text{"扫码查询 · " + record.number, 18, Align::center});
  blocks.push_back(Text{"咨询电话 " + templates.phone, 18, Align::center});
  return layout;
}

}  // namespace kiosk::documents
