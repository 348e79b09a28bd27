// The Analysis's typed conclusions as text: explanations, verdicts and
// advice. Formatting only; every number comes from the Analysis.
#pragma once

#include <string>

#include "concur/result.hpp"

namespace concur::report {

// "primes, gil: 1.0 of 2 cores used — one thread runs at a time"
std::string explanation_text(const Explanation& explanation);
// "primes: threads is fastest (1.95x); the next, processes, takes 1.62x as long [1.58, 1.66]"
std::string verdict_text(const AnalysisVerdict& verdict, const RunReport& report);
// "rerun on an idle machine", ...
std::string advice_text(const Advice& advice);
// "primes/threads/workers:2: " for a cell, "" for the run or the machine.
std::string subject_prefix(const WarningSubject& subject);

// One line per workload's verdict, then the mechanism verdicts and the
// explanations; empty when the Analysis has none. Shared by the end of
// `all`, `math` and `download` (after the grid) and Markdown.
// Terminal lines fit `width` columns (0: kProseWidth).
std::string render_verdicts(const RunReport& report, bool markdown = false, std::size_t width = 0);

}  // namespace concur::report
