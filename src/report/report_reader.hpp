// Reads back a run that `--format json` wrote (json.cpp) as the RunReport it
// was made from: cells with their samples, the context, the sampling
// settings, so `concur-bench show` renders it through the same analysis and
// renderers as the run. Files of other tools, or of a concur-bench that did
// not write every field, are refused with what is missing.
#pragma once

#include <string>
#include <string_view>

#include "concur/result.hpp"
#include "report/compare.hpp"  // ParseError

namespace concur::report {

// The report as measured: speedups, precision flags and warnings are left
// to analyse(), as after a run. Throws ParseError ("<path>: <what is wrong>")
// for anything but a complete result file of ours.
RunReport parse_run_report(std::string_view text, const std::string& path);
RunReport read_run_report(const std::string& path);

}  // namespace concur::report
