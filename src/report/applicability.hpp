// Cells that do not apply (async on a CPU kernel, openmp on downloads) are
// left out of the detailed table and Markdown; instead one line per model
// says where it applies and why not elsewhere.
#pragma once

#include <string>
#include <vector>

#include "concur/result.hpp"

namespace concur::report {

// The cells to list: every cell but the not-applicable ones, in order.
std::vector<const CellResult*> applicable_cells(const RunReport& report);

// "async       runs on download only (needs non-blocking I/O: ...)", one per
// model with a not-applicable cell, in report order.
std::vector<std::string> applicability_notes(const RunReport& report);

}  // namespace concur::report
