// Recoverable errors are values. No exception crosses a module boundary (STYLE.md).
//
// Debian 12 ships neither tl::expected nor a std::expected that clang-14 (our fuzzing compiler) accepts, so the
// project keeps this small equivalent of std::expected<T, Error> and a TRY macro in the manner of SerenityOS.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace kiosk {

// An Error names what failed and what the user can do: "printer: paper out — load paper and press Retry".
class Error {
 public:
  explicit Error(std::string message) : message_(std::move(message)) {}

  const std::string& message() const { return message_; }

  // Prefixes the message with where it happened: Error("no such table").within("store") -> "store: no such table".
  Error within(std::string_view where) const& { return Error(std::string(where) + ": " + message_); }

 private:
  std::string message_;
};

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : storage_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
  Expected(Error error) : storage_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

  bool has_value() const { return storage_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(storage_); }
  const T& value() const& { return std::get<0>(storage_); }
  T&& value() && { return std::get<0>(std::move(storage_)); }
  const Error& error() const& { return std::get<1>(storage_); }
  Error&& error() && { return std::get<1>(std::move(storage_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> storage_;
};

template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool has_value() const { return !error_.has_value(); }
  explicit operator bool() const { return has_value(); }
  void value() const {}
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

}  // namespace kiosk

#define KIOSK_CONCAT_INNER(a, b) a##b
#define KIOSK_CONCAT(a, b) KIOSK_CONCAT_INNER(a, b)

// TRY(expression): evaluates to the value of an Expected, or returns its Error from the enclosing function.
// A GNU statement expression (GCC and clang); __extension__ keeps -Wpedantic quiet about it.
#define KIOSK_TRY_IMPL(expression, result)                     \
  __extension__({                                              \
    auto&& result = (expression);                              \
    if (!result.has_value()) return std::move(result).error(); \
    std::move(result).value();                                 \
  })
#define TRY(expression) KIOSK_TRY_IMPL(expression, KIOSK_CONCAT(kiosk_try_result_, __COUNTER__))
