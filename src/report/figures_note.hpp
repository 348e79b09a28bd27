#pragma once

#include <cstddef>
#include <string>

#include "concur/result.hpp"

namespace concur::report {

// Footer lines with the workloads' own figures (pipeline: latency from
// reading to alert, p50 and p99), one line per cell that has any; empty when
// none has. Shared by the table and Markdown; JSON carries them per cell.
// Lines wrap at `width` (0: none).
std::string figures_note(const RunReport& report, std::size_t width = 0);

}  // namespace concur::report
