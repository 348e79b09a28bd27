// Checks CLI11 runs on a flag's text before converting it, for what its own
// validators let through: an empty value (which would quietly mean the
// default), NaN (every comparison with it is false, so CLI::Range passes it),
// infinity, a sign or an overflow on an unsigned number (which wrap or
// saturate).
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace concur {

// Rejects "": a flag given with no value is a mistake, not the default.
CLI::Validator non_empty();
// A finite number in [low, high].
CLI::Validator finite_range(double low, double high);
// A whole number in [low, high], written in decimal digits only.
CLI::Validator whole_number(std::uint64_t low, std::uint64_t high);

// "4096", "500K", "64M", "1G" (also "64MiB", "64mb": powers of 1024) -> bytes,
// 1 byte to 1 TiB. Throws UsageError naming `flag`.
std::uint64_t parse_byte_size(const std::string& text, std::string_view flag);

}  // namespace concur
