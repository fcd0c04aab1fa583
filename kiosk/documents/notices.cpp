#include "kiosk/documents/notices.h"

#include "kiosk/documents/receipt.h"

namespace kiosk::documents {
namespace {

// "2026年11月29日" in the terminal's local time.
std::string chinese_date(Instant at) {
  const std::string iso = format_rfc3339(at);
  return iso.substr(0, 4) + "年" + std::to_string(std::stoi(iso.substr(5, 2))) + "月" +
         std::to_string(std::stoi(iso.substr(8, 2))) + "日";
}

std::string addressee(const Party& party) {
  return party.name + "：";
}

void header(Layout& layout, const Case& record, const std::string& title) {
  layout.blocks.push_back(Text{record.agency, 26, Align::center});
  layout.blocks.push_back(Text{title, 34, Align::center});
  layout.blocks.push_back(Text{"案号：" + record.number, 20, Align::center});
  layout.blocks.push_back(Space{10});
}

void footer(Layout& layout, const Case& record, const Templates& templates, Instant at) {
  layout.blocks.push_back(Space{16});
  layout.blocks.push_back(Text{record.agency, 22, Align::right});
  layout.blocks.push_back(Text{chinese_date(at), 22, Align::right});
  layout.blocks.push_back(Space{10});
  layout.blocks.push_back(Text{"咨询电话：" + templates.phone + "　地址：" + templates.address, 18});
}

}  // namespace

Expected<Layout> decision_notice(const Case& record, const Templates& templates) {
  if (!record.party) return Error("notice: the applicant is not identified yet");
  if (!record.decision) return Error("notice: there is no decision yet — decide first");
  const Decision& decision = *record.decision;
  const Instant at = record.opened_at;
  const std::string submitted = "你（单位）于" + chinese_date(at) + "提交的" + record.matter_type + "申请材料（共" +
                                std::to_string(record.materials.size()) + "种）";
  Layout layout;
  switch (decision.kind) {
    case DecisionKind::accepted:
    case DecisionKind::completed_on_the_spot:
      header(layout, record, templates.acceptance.title);
      layout.blocks.push_back(Text{addressee(*record.party)});
      layout.blocks.push_back(Text{"　　" + submitted + "，经审查，符合法定条件和形式要求，本机关决定予以受理。"});
      layout.blocks.push_back(Text{"　　" + templates.acceptance.body});
      break;
    case DecisionKind::not_accepted:
      if (decision.reason.empty() || decision.legal_basis.empty()) {
        return Error("notice: not accepting needs the reason and the legal basis");
      }
      header(layout, record, templates.non_acceptance.title);
      layout.blocks.push_back(Text{addressee(*record.party)});
      layout.blocks.push_back(Text{"　　" + submitted + "，经审查，" + decision.reason + "。根据" +
                                   decision.legal_basis + "的规定，本机关决定不予受理。"});
      layout.blocks.push_back(Text{"　　" + templates.non_acceptance.rights});
      break;
    case DecisionKind::supplement_needed: {
      if (decision.missing_items.empty()) return Error("notice: a supplement needs the list of what is missing");
      header(layout, record, templates.supplement.title);
      layout.blocks.push_back(Text{addressee(*record.party)});
      layout.blocks.push_back(
          Text{"　　" + submitted + "，经审查，申请材料不齐全或者不符合法定形式，请补正以下全部材料："});
      for (std::size_t index = 0; index < decision.missing_items.size(); ++index) {
        layout.blocks.push_back(Text{"　　" + std::to_string(index + 1) + ". " + decision.missing_items[index]});
      }
      layout.blocks.push_back(Text{"　　" + templates.supplement.body});
      break;
    }
  }
  footer(layout, record, templates, at);
  return layout;
}

Expected<Layout> proof_of_service(const Case& record, const Templates& templates, Instant served_at,
                                  const ServiceMark& mark) {
  if (!record.party) return Error("proof of service: the applicant is not identified yet");
  if (!record.decision) return Error("proof of service: there is no decision yet — decide first");
  Layout layout;
  header(layout, record, templates.proof.title);
  std::string served;
  for (DocumentKind kind : documents_for(record.decision->kind)) {
    if (kind == DocumentKind::proof_of_service) continue;
    served += (served.empty() ? "" : "、") + std::string(title_of(kind).zh);
  }
  Table table;
  table.size = 22;
  table.columns = {{"项目", 4, Align::left}, {"内容", 11, Align::left}};
  table.rows = {{"送达文书", served},
                {"受送达人", record.party->name},
                {"送达时间", format_rfc3339(served_at).substr(0, 16).replace(10, 1, " ")},
                {"送达地点", templates.proof.place},
                {"送达方式", "直接送达"},
                {"送达人", record.staff.name + "（执法证号 " + record.staff.certificate_number + "）"}};
  layout.blocks.push_back(std::move(table));
  layout.blocks.push_back(Space{12});
  if (!mark.refusal_note.empty()) {
    if (mark.witness.empty()) return Error("proof of service: a refusal to sign needs a witness");
    layout.blocks.push_back(Text{"受送达人拒绝签收。", 24});
    layout.blocks.push_back(Text{"情况说明：" + mark.refusal_note, 22});
    layout.blocks.push_back(Text{"见证人：" + mark.witness, 22});
    layout.blocks.push_back(Text{"送达人：" + record.staff.name, 22});
  } else {
    layout.blocks.push_back(Text{"受送达人签名：", 24});
    if (mark.signature) {
      layout.blocks.push_back(Image{*mark.signature, 300, Align::left});
    } else {
      layout.blocks.push_back(Space{90});  // the applicant signs on the pad; the ink is drawn here
    }
  }
  layout.blocks.push_back(Rule{1});
  footer(layout, record, templates, served_at);
  return layout;
}

Expected<Layout> document_layout(DocumentKind kind, const Case& record, const Templates& templates, Instant now,
                                 const ServiceMark& mark, std::string_view code) {
  switch (kind) {
    case DocumentKind::material_receipt: return material_receipt(record, templates, code);
    case DocumentKind::proof_of_service: return proof_of_service(record, templates, now, mark);
    case DocumentKind::acceptance_notice:
    case DocumentKind::non_acceptance_notice:
    case DocumentKind::supplement_notice: return decision_notice(record, templates);
  }
  return Error("unknown document kind");
}

}  // namespace kiosk::documents
