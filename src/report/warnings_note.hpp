#pragma once

#include <cstddef>
#include <string>

#include "concur/result.hpp"

namespace concur::report {

// The run's warnings, one "! message" line each with its advice below (a
// Markdown list when `markdown`); empty when there are none. With `color`
// the heading and the "!" lines are yellow. Shared by the table and Markdown.
// The table's lines wrap at `width` (0: none), continued lines indented.
std::string render_warnings(const RunReport& report, bool markdown, bool color = false,
                            std::size_t width = 0);

}  // namespace concur::report
