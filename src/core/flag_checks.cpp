#include "core/flag_checks.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "concur/errors.hpp"

namespace concur {

CLI::Validator non_empty() {
  return CLI::Validator(
      [](std::string& text) { return text.empty() ? std::string("empty value") : std::string(); },
      "", "NON_EMPTY");
}

CLI::Validator finite_range(double low, double high) {
  return CLI::Validator(
      [low, high](std::string& text) -> std::string {
        double value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size())
          return fmt::format("'{}' is not a number", text);
        if (!std::isfinite(value) || value < low || value > high)
          return fmt::format("{} is not a finite number in [{} - {}]", text, low, high);
        return {};
      },
      fmt::format("FINITE in [{} - {}]", low, high), "FINITE_RANGE");
}

CLI::Validator whole_number(std::uint64_t low, std::uint64_t high) {
  return CLI::Validator(
      [low, high](std::string& text) -> std::string {
        std::uint64_t value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec == std::errc::result_out_of_range)
          return fmt::format("'{}' is not a whole number from {} to {}", text, low, high);
        if (ec != std::errc() || end != text.data() + text.size())
          return fmt::format("'{}' is not a whole number (digits only)", text);
        if (value < low || value > high)
          return fmt::format("{} is outside {} to {}", text, low, high);
        return {};
      },
      fmt::format("UINT in [{} - {}]", low, high), "WHOLE_NUMBER");
}

std::uint64_t parse_byte_size(const std::string& text, std::string_view flag) {
  constexpr std::uint64_t kMax = 1ull << 40;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  std::string unit(end, text.data() + text.size());
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // "KiB", "KB" and "K" are all 2^10: drop the "iB" or "B", then "" is bytes.
  if (unit.ends_with("ib")) unit.resize(unit.size() - 2);
  else if (unit.ends_with('b')) unit.pop_back();
  static const std::pair<const char*, unsigned> kUnits[] = {{"", 0}, {"k", 10}, {"m", 20}, {"g", 30}, {"t", 40}};
  int shift = -1;
  for (auto [name, bits] : kUnits)
    if (unit == name) shift = static_cast<int>(bits);
  if (text.empty() || end == text.data() || ec != std::errc() || shift < 0)
    throw UsageError(fmt::format("{} '{}': expected a size such as 500K, 64M or 1G", flag, text));
  if (value == 0 || value > (kMax >> shift))
    throw UsageError(fmt::format("{} '{}': give 1 byte to 1T", flag, text));
  return value << shift;
}

}  // namespace concur
