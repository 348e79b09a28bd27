// Splits [0, total) into `parts` contiguous slices of near-equal length.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace concur {
namespace math {

class Slices {
 public:
  Slices(std::uint64_t total, std::uint64_t parts)
      : total_(total), parts_(std::max<std::uint64_t>(1, std::min(parts, total))) {}
  std::size_t count() const { return parts_; }
  std::pair<std::uint64_t, std::uint64_t> slice(std::size_t index) const {
    return {total_ * index / parts_, total_ * (index + 1) / parts_};
  }

 private:
  std::uint64_t total_;
  std::uint64_t parts_;
};

}  // namespace math

inline std::string fmt_mismatch(const std::string& what, std::uint64_t expected,
                                std::uint64_t got) {
  return fmt::format("{}: expected {}, got {}", what, expected, got);
}

}  // namespace concur
