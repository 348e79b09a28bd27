#include "report/unstable_note.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace concur::report {

std::string unstable_note(const RunReport& report) {
  const auto count = std::count_if(report.cells.begin(), report.cells.end(),
                                   [](const CellResult& c) { return c.unstable; });
  if (count == 0) return "";
  return fmt::format(
      "! unstable: {} {} spread more than 10% (CV) or had a repetition beyond ±50% of the median; "
      "rerun with more --repetitions (or --min-time) on an idle machine.\n",
      count, count == 1 ? "cell's repetitions" : "cells' repetitions");
}

}  // namespace concur::report
