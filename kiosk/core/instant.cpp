#include "kiosk/core/instant.h"

#include <cstdio>
#include <cstdlib>

namespace kiosk {
namespace {

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days).
CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
  const std::int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

}  // namespace

std::string format_rfc3339(Instant instant) {
  const std::int64_t local_ms = instant.unix_ms + std::int64_t{instant.utc_offset_minutes} * 60'000;
  const std::int64_t days = floor_div(local_ms, 86'400'000);
  const std::int64_t ms_of_day = local_ms - days * 86'400'000;
  const CivilDate date = civil_from_days(days);
  const int offset = instant.utc_offset_minutes;
  const int offset_abs = std::abs(offset);
  char text[96];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lld%c%02d:%02d",
                static_cast<long long>(date.year), date.month, date.day, static_cast<long long>(ms_of_day / 3'600'000),
                static_cast<long long>(ms_of_day / 60'000 % 60), static_cast<long long>(ms_of_day / 1000 % 60),
                static_cast<long long>(ms_of_day % 1000), offset < 0 ? '-' : '+', offset_abs / 60, offset_abs % 60);
  return text;
}

int local_year(Instant instant) {
  const std::int64_t local_ms = instant.unix_ms + std::int64_t{instant.utc_offset_minutes} * 60'000;
  return static_cast<int>(civil_from_days(floor_div(local_ms, 86'400'000)).year);
}

}  // namespace kiosk
