#include "kiosk/documents/receipt.h"

#include "kiosk/crypto/crypto.h"

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

std::string receipt_statement(const Case& record) {
  std::string statement = "counter-kiosk/receipt/1\ncase " + record.number + "\nterminal " + record.terminal_id + "\n";
  statement += "party " + (record.party ? record.party->id_number : std::string()) + "\n";
  for (const Material& material : record.materials) {
    statement += "material " + material.name + "\t" + std::string(name_of(material.form)) + "\t" +
                 std::to_string(material.copies) + "\t" + std::to_string(material.pages) + "\n";
  }
  return statement;
}

std::string verification_code(std::string_view signature) {
  static constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const crypto::Sha256Digest digest = [&] {
    crypto::Sha256 hash;
    hash.update(signature);
    return hash.finish();
  }();
  std::uint64_t bits = 0;
  for (int i = 0; i < 5; ++i) bits = bits << 8 | digest[static_cast<std::size_t>(i)];
  std::string code;
  for (int i = 7; i >= 0; --i) {
    code += kCrockford[(bits >> (5 * i)) & 0x1F];
    if (i == 4) code += '-';
  }
  return code;
}

Expected<std::vector<Layout>> material_receipt_slips(const Case& record, const Templates& templates,
                                                     std::string_view code) {
  if (!record.party) return Error("receipt: the applicant is not identified yet — read the ID card first");
  if (record.materials.empty()) return Error("receipt: no materials are listed yet — add what was handed in");
  const Party& party = *record.party;
  const std::size_t slips = (record.materials.size() + kMaterialsPerSlip - 1) / kMaterialsPerSlip;
  std::vector<Layout> layouts;
  int copies = 0;
  int pages = 0;
  for (std::size_t slip = 0; slip < slips; ++slip) {
    Layout layout;
    auto& blocks = layout.blocks;
    blocks.push_back(Text{record.agency, 24, Align::center});
    blocks.push_back(Text{templates.receipt.title, 34, Align::center});
    blocks.push_back(Text{templates.receipt.subtitle, 20, Align::center});
    if (slips > 1) {
      blocks.push_back(
          Text{"第 " + std::to_string(slip + 1) + " 张，共 " + std::to_string(slips) + " 张", 20, Align::center});
    }
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
    if (slip > 0) {
      table.rows.push_back({"", "承前页 " + std::to_string(slip * kMaterialsPerSlip) + " 种", "",
                            std::to_string(copies), std::to_string(pages)});
    }
    int slip_copies = 0;
    int slip_pages = 0;
    const std::size_t end = std::min(record.materials.size(), (slip + 1) * kMaterialsPerSlip);
    for (std::size_t index = slip * kMaterialsPerSlip; index < end; ++index) {
      const Material& material = record.materials[index];
      std::string name = material.name;
      if (!material.note.empty()) name += "（" + material.note + "）";
      table.rows.push_back({std::to_string(index + 1), name, material.form == MaterialForm::copy ? "复印件" : "原件",
                            std::to_string(material.copies), std::to_string(material.pages)});
      slip_copies += material.copies;
      slip_pages += material.copies * material.pages;
    }
    copies += slip_copies;
    pages += slip_pages;
    if (slip + 1 < slips) {
      table.rows.push_back({"", "本张小计", "", std::to_string(slip_copies), std::to_string(slip_pages)});
      table.rows.push_back(
          {"", "累计 " + std::to_string(end) + " 种（续下张）", "", std::to_string(copies), std::to_string(pages)});
    } else {
      table.rows.push_back({"", "合计 " + std::to_string(record.materials.size()) + " 种", "", std::to_string(copies),
                            std::to_string(pages)});
    }
    blocks.push_back(std::move(table));
    blocks.push_back(Rule{2});
    blocks.push_back(Space{4});
    blocks.push_back(Text{"收件时间：" + local_minute(record.opened_at)});
    blocks.push_back(Text{"收件人：" + record.staff.name + "（执法证号 " + record.staff.certificate_number + "）"});
    blocks.push_back(Space{6});
    blocks.push_back(Text{templates.receipt.footer, 20});
    blocks.push_back(Space{8});
    const std::string payload =
        "kiosk:case:" + record.number + (code.empty() ? std::string() : "?v=" + std::string(code));
    blocks.push_back(Qr{payload, 4});
    if (!code.empty()) blocks.push_back(Text{"校验码 " + std::string(code), 22, Align::center});
    blocks.push_back(Text{"扫码查询 · " + record.number, 18, Align::center});
    blocks.push_back(Text{"咨询电话 " + templates.phone, 18, Align::center});
    layouts.push_back(std::move(layout));
  }
  return layouts;
}

Expected<Layout> material_receipt(const Case& record, const Templates& templates, std::string_view code) {
  std::vector<Layout> slips = TRY(material_receipt_slips(record, templates, code));
  Layout joined;
  for (std::size_t slip = 0; slip < slips.size(); ++slip) {
    if (slip > 0) {
      joined.blocks.push_back(Space{24});
      joined.blocks.push_back(Text{"- - - - - - - - 切 - - - - - - - -", 16, Align::center});
      joined.blocks.push_back(Space{24});
    }
    joined.blocks.insert(joined.blocks.end(), slips[slip].blocks.begin(), slips[slip].blocks.end());
  }
  return joined;
}

}  // namespace kiosk::documents
