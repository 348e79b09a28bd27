// The head of a Markdown report: what ran, where, when and how, so a report
// pasted into an issue can be read (and rerun) on its own.
#pragma once

#include <string>

#include "concur/result.hpp"

namespace concur::report {

// "## Context" with machine, cores, date, version, command line, seed and
// sampling, as a two-column table.
std::string render_markdown_context(const RunReport& report);

}  // namespace concur::report
