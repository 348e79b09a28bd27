#pragma once

#include <string>

#include "concur/result.hpp"

namespace concur::report {

// The run's warnings, one "! message: advice" line each (a Markdown list
// when `markdown`); empty when there are none. Shared by the table and Markdown.
std::string render_warnings(const RunReport& report, bool markdown);

}  // namespace concur::report
