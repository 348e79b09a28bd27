// The gold answers are computed on one core before the first cell, outside
// the timed, interruptible loop: they poll for Ctrl-C themselves, and a size
// whose gold answer alone would take long says so up front instead of
// looking hung.
#pragma once

#include <cstdint>
#include <iostream>
#include <string_view>

#include <fmt/format.h>

#include "concur/interrupt.hpp"

namespace concur::math {

// Polls the interrupt flag every 2^16 calls: cheap enough for inner loops.
class InterruptPoll {
 public:
  void operator()() {
    if ((++calls_ & 0xFFFF) == 0) throw_if_interrupted();
  }

 private:
  std::uint64_t calls_ = 0;
};

// Prints one line to stderr when `items` at `seconds_per_item` (measured on
// one core of the 2-core development machine; an order of magnitude) exceed
// 10 s.
inline void announce_reference_cost(std::string_view workload, std::uint64_t items,
                                    double seconds_per_item) {
  const double seconds = static_cast<double>(items) * seconds_per_item;
  if (seconds < 10) return;
  const std::string duration = seconds < 120    ? fmt::format("{:.0f} s", seconds)
                               : seconds < 7200 ? fmt::format("{:.0f} min", seconds / 60)
                                                : fmt::format("{:.1f} h", seconds / 3600);
  std::cerr << fmt::format("{}: --size {}: the gold answer alone takes about {} on one core "
                           "(Ctrl-C stops it)\n", workload, items, duration)
            << std::flush;
}

}  // namespace concur::math
