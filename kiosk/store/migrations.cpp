// The schema, as a list of migrations. Personal data columns (names, ID numbers, phones, addresses) were plain up to
// version 3; from version 4 they hold AES-256-GCM values (kiosk/crypto/personal_key.h), and the rows an older
// kiosk wrote are sealed in place when the store opens (detail/parties.h).
#include "kiosk/store/detail/migrations.h"

#include <array>

namespace kiosk::store::detail {
namespace {

constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE case_numbers (
  scope          TEXT PRIMARY KEY,
  last_sequence  INTEGER NOT NULL CHECK (last_sequence >= 0)
);

CREATE TABLE staff (
  id                  TEXT PRIMARY KEY,
  name                TEXT NOT NULL,
  certificate_number  TEXT NOT NULL
);

CREATE TABLE cases (
  id                    INTEGER PRIMARY KEY,
  number                TEXT NOT NULL UNIQUE,
  terminal_id           TEXT NOT NULL,
  agency                TEXT NOT NULL,
  matter_type           TEXT NOT NULL,
  staff_id              TEXT NOT NULL,
  staff_name            TEXT NOT NULL,
  staff_certificate     TEXT NOT NULL,
  state                 TEXT NOT NULL,
  opened_unix_ms        INTEGER NOT NULL,
  utc_offset_minutes    INTEGER NOT NULL,
  closed_unix_ms        INTEGER,
  sealed_unix_ms        INTEGER,
  decision_kind         TEXT,
  decision_reason       TEXT NOT NULL DEFAULT '',
  decision_legal_basis  TEXT NOT NULL DEFAULT '',
  decision_missing      TEXT NOT NULL DEFAULT '[]',
  abandon_reason        TEXT NOT NULL DEFAULT '',
  abandoned_in          TEXT NOT NULL DEFAULT 'opened',
  outstanding           TEXT NOT NULL DEFAULT '[]',
  seal_hash             TEXT NOT NULL DEFAULT ''
);

CREATE TABLE parties (
  case_id          INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  kind             TEXT NOT NULL,
  name             TEXT NOT NULL,
  sex              TEXT NOT NULL,
  id_kind          TEXT NOT NULL,
  id_number        TEXT NOT NULL,
  phone            TEXT NOT NULL,
  address          TEXT NOT NULL,
  source           TEXT NOT NULL,
  agent_name       TEXT,
  agent_title      TEXT,
  agent_id_kind    TEXT,
  agent_id_number  TEXT,
  agent_phone      TEXT
);

CREATE TABLE materials (
  case_id   INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL,
  copies    INTEGER NOT NULL CHECK (copies > 0),
  pages     INTEGER NOT NULL CHECK (pages > 0),
  form      TEXT NOT NULL,
  note      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, position)
);

CREATE TABLE documents (
  case_id   INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  file      TEXT NOT NULL,
  sha256    TEXT NOT NULL,
  PRIMARY KEY (case_id, position)
);

CREATE TABLE signatures (
  case_id          INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  document_kind    TEXT NOT NULL,
  document_sha256  TEXT NOT NULL,
  file             TEXT NOT NULL,
  sha256           TEXT NOT NULL,
  refused          INTEGER NOT NULL,
  refusal_note     TEXT NOT NULL,
  witness          TEXT NOT NULL
);

CREATE TABLE media_segments (
  case_id             INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  sequence            INTEGER NOT NULL,
  file                TEXT NOT NULL,
  sha256              TEXT NOT NULL,
  bytes               INTEGER NOT NULL,
  start_monotonic_ns  INTEGER NOT NULL,
  duration_ns         INTEGER NOT NULL,
  PRIMARY KEY (case_id, sequence)
);

CREATE TABLE audit_log (
  sequence            INTEGER PRIMARY KEY,
  case_number         TEXT NOT NULL,
  kind                TEXT NOT NULL,
  actor               TEXT NOT NULL,
  at_unix_ms          INTEGER NOT NULL,
  utc_offset_minutes  INTEGER NOT NULL,
  detail              TEXT NOT NULL,
  previous_hash       TEXT NOT NULL,
  hash                TEXT NOT NULL
);
CREATE INDEX audit_log_case ON audit_log(case_number);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE outbox (
  id                    INTEGER PRIMARY KEY,
  case_number           TEXT NOT NULL REFERENCES cases(number),
  artifact              TEXT NOT NULL,
  destination           TEXT NOT NULL,
  state                 TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'done', 'failed')),
  attempts              INTEGER NOT NULL DEFAULT 0,
  next_attempt_unix_ms  INTEGER NOT NULL,
  last_error            TEXT NOT NULL DEFAULT '',
  created_unix_ms       INTEGER NOT NULL,
  UNIQUE (artifact, destination)
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_unix_ms);
)sql";

// The media register as the recorder fills it: wall times, what each segment holds, what was dropped.
constexpr std::string_view kVersion2 = R"sql(
ALTER TABLE media_segments ADD COLUMN start_unix_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media_segments ADD COLUMN end_unix_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media_segments ADD COLUMN video_frames INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media_segments ADD COLUMN audio_samples INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media_segments ADD COLUMN dropped_frames INTEGER NOT NULL DEFAULT 0;
)sql";

// The archive: when the archive verified a case file, and where it holds it.
constexpr std::string_view kVersion3 = R"sql(
ALTER TABLE outbox ADD COLUMN done_unix_ms INTEGER;
ALTER TABLE outbox ADD COLUMN location TEXT NOT NULL DEFAULT '';
)sql";

// Personal data at rest: which key seals it, and keyed hashes of the ID numbers to find a party by. And the
// sign-in lockout, kept so that a restart does not lift it.
constexpr std::string_view kVersion4 = R"sql(
CREATE TABLE sign_in_failures (
  staff_id              TEXT PRIMARY KEY,
  failures              INTEGER NOT NULL CHECK (failures > 0),
  locked_until_unix_ms  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE store_keys (
  purpose      TEXT PRIMARY KEY,
  check_value  TEXT NOT NULL
);
ALTER TABLE parties ADD COLUMN id_number_lookup TEXT NOT NULL DEFAULT '';
ALTER TABLE parties ADD COLUMN agent_id_number_lookup TEXT NOT NULL DEFAULT '';
CREATE INDEX parties_id_number_lookup ON parties(id_number_lookup);
CREATE INDEX parties_agent_id_number_lookup ON parties(agent_id_number_lookup);
)sql";

constexpr std::array<std::string_view, 4> kMigrations{kVersion1, kVersion2, kVersion3, kVersion4};

}  // namespace

std::span<const std::string_view> migrations() {
  return kMigrations;
}

}  // namespace kiosk::store::detail
