#include "kiosk/store/detail/parties.h"

#include <array>
#include <vector>

#include "kiosk/core/enum_names.h"

namespace kiosk::store::detail {
namespace {

// The personal columns, in the order the statements below name them.
constexpr std::array<std::string_view, 7> kSealedColumns{"name",       "id_number",       "phone",      "address",
                                                         "agent_name", "agent_id_number", "agent_phone"};

std::string context_of(std::string_view column, std::int64_t case_id) {
  return "parties." + std::string(column) + "#" + std::to_string(case_id);
}

template <typename E>
Expected<E> parse_column(const std::string& text, std::string_view column) {
  if (auto value = enum_from_name<E>(text)) return *value;
  return Error("store: column parties." + std::string(column) + " holds unknown value \"" + text +
               "\" — the database was written by a newer kiosk or altered");
}

struct PlainRow {
  std::int64_t case_id = 0;
  std::array<std::optional<std::string>, kSealedColumns.size()> values;
};

}  // namespace

std::string id_number_lookup(const crypto::PersonalDataKey& key, std::string_view id_number) {
  return key.lookup_hash("id_number", normalize_id_number(id_number));
}

Expected<void> save_party(Database& database, const crypto::PersonalDataKey& key, std::int64_t case_id,
                          const Party& party) {
  const auto seal = [&](std::string_view column, std::string_view value) {
    return key.seal(value, context_of(column, case_id));
  };
  Statement insert = TRY(database.prepare(
      "INSERT INTO parties (case_id, kind, name, sex, id_kind, id_number, phone, address, source, agent_name, "
      "agent_title, agent_id_kind, agent_id_number, agent_phone, id_number_lookup, agent_id_number_lookup) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"));
  insert.bind(1, case_id)
      .bind(2, name_of(party.kind))
      .bind(3, TRY(seal("name", party.name)))
      .bind(4, name_of(party.sex))
      .bind(5, name_of(party.id_kind))
      .bind(6, TRY(seal("id_number", party.id_number)))
      .bind(7, TRY(seal("phone", party.phone)))
      .bind(8, TRY(seal("address", party.address)))
      .bind(9, name_of(party.source))
      .bind(15, id_number_lookup(key, party.id_number))
      .bind(16, "");
  if (const auto& agent = party.agent) {
    insert.bind(10, TRY(seal("agent_name", agent->name))).bind(11, agent->title).bind(12, name_of(agent->id_kind));
    insert.bind(13, TRY(seal("agent_id_number", agent->id_number))).bind(14, TRY(seal("agent_phone", agent->phone)));
    insert.bind(16, id_number_lookup(key, agent->id_number));
  }
  return insert.run();
}

Expected<std::optional<Party>> load_party(Database& database, const crypto::PersonalDataKey& key,
                                          std::int64_t case_id) {
  Statement row = TRY(database.prepare(
      "SELECT kind, name, sex, id_kind, id_number, phone, address, source, agent_name, agent_title, agent_id_kind, "
      "agent_id_number, agent_phone FROM parties WHERE case_id = ?1"));
  row.bind(1, case_id);
  if (!TRY(row.step())) return std::optional<Party>();
  const auto open = [&](int column, std::string_view name) {
    return key.open(row.text(column), context_of(name, case_id));
  };
  Party party;
  party.kind = TRY(parse_column<PartyKind>(row.text(0), "kind"));
  party.name = TRY(open(1, "name"));
  party.sex = TRY(parse_column<Sex>(row.text(2), "sex"));
  party.id_kind = TRY(parse_column<IdDocumentKind>(row.text(3), "id_kind"));
  party.id_number = TRY(open(4, "id_number"));
  party.phone = TRY(open(5, "phone"));
  party.address = TRY(open(6, "address"));
  party.source = TRY(parse_column<IdentitySource>(row.text(7), "source"));
  if (!row.is_null(8)) {
    Agent agent;
    agent.name = TRY(open(8, "agent_name"));
    agent.title = row.text(9);
    agent.id_kind = TRY(parse_column<IdDocumentKind>(row.text(10), "agent_id_kind"));
    agent.id_number = TRY(open(11, "agent_id_number"));
    agent.phone = TRY(open(12, "agent_phone"));
    party.agent = std::move(agent);
  }
  return std::optional<Party>(std::move(party));
}

Expected<void> check_personal_key(Database& database, const crypto::PersonalDataKey& key) {
  const std::string check = key.check_value();
  Statement recorded = TRY(database.prepare("SELECT check_value FROM store_keys WHERE purpose = 'personal_data'"));
  if (TRY(recorded.step())) {
    if (recorded.text(0) == check) return {};
    return Error("database " + database.path().string() +
                 " was written with another personal-data key than keys/personal.key — restore the key file from "
                 "the backup made with this database (a new key cannot read the applicants' details)");
  }
  // Two processes may open a new database at once (the counter and its uploader): the first key recorded wins,
  // and the other is checked against it.
  Statement insert =
      TRY(database.prepare("INSERT OR IGNORE INTO store_keys (purpose, check_value) VALUES ('personal_data', ?1)"));
  TRY(insert.bind(1, check).run());
  Statement again = TRY(database.prepare("SELECT check_value FROM store_keys WHERE purpose = 'personal_data'"));
  if (TRY(again.step()) && again.text(0) == check) return {};
  return Error("database " + database.path().string() + " was written with another personal-data key");
}

Expected<int> seal_plain_parties(Database& database, const crypto::PersonalDataKey& key) {
  constexpr std::string_view kPlain = "FROM parties WHERE name NOT LIKE 'pd1:%'";
  {
    Statement any = TRY(database.prepare("SELECT 1 " + std::string(kPlain) + " LIMIT 1"));
    if (!TRY(any.step())) return 0;
  }
  TRY(database.execute("BEGIN IMMEDIATE"));
  std::vector<PlainRow> rows;
  auto sealed = [&]() -> Expected<void> {
    Statement select = TRY(
        database.prepare("SELECT case_id, name, id_number, phone, address, agent_name, agent_id_number, agent_phone " +
                         std::string(kPlain)));
    while (TRY(select.step())) {
      PlainRow row;
      row.case_id = select.integer(0);
      for (std::size_t column = 0; column < kSealedColumns.size(); ++column) {
        const int index = static_cast<int>(column) + 1;
        if (!select.is_null(index)) row.values[column] = select.text(index);
      }
      rows.push_back(std::move(row));
    }
    for (const PlainRow& row : rows) {
      Statement update = TRY(database.prepare(
          "UPDATE parties SET name = ?2, id_number = ?3, phone = ?4, address = ?5, agent_name = ?6, "
          "agent_id_number = ?7, agent_phone = ?8, id_number_lookup = ?9, agent_id_number_lookup = ?10 "
          "WHERE case_id = ?1"));
      update.bind(1, row.case_id);
      for (std::size_t column = 0; column < kSealedColumns.size(); ++column) {
        const int index = static_cast<int>(column) + 2;
        if (row.values[column]) {
          update.bind(index, TRY(key.seal(*row.values[column], context_of(kSealedColumns[column], row.case_id))));
        } else {
          update.bind_null(index);
        }
      }
      update.bind(9, id_number_lookup(key, row.values[1].value_or("")));
      update.bind(10, row.values[5] ? id_number_lookup(key, *row.values[5]) : std::string());
      TRY(update.run());
    }
    return database.execute("COMMIT");
  }();
  if (!sealed) {
    (void)database.execute("ROLLBACK");
    return std::move(sealed).error().within("encrypting the personal data of an older database");
  }
  // The old plain pages: secure_delete zeroed them in the database; the WAL still holds them until truncated.
  TRY(database.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
  return static_cast<int>(rows.size());
}

}  // namespace kiosk::store::detail
