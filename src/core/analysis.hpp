// Analyse: everything that needs the whole report, computed once after the
// measurements and before any renderer: speedups with intervals, precision
// flags and the sanity warnings.
#pragma once

#include "concur/result.hpp"

namespace concur {

// Relative slack before a speedup counts as beyond what workers or CPUs allow.
inline constexpr double kSpeedupTolerance = 0.10;

void compute_speedups(RunReport& report);
void mark_imprecise(RunReport& report);
// Replaces report.warnings with what the cells and the machine state show.
void collect_warnings(RunReport& report);

// All three, in order.
void analyse(RunReport& report);

}  // namespace concur
