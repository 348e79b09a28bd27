// The pool model's advantage in words: the run context's SpawnCost as one
// line under the table (when threads and pool both ran) and as a row of the
// Markdown context (whenever it was measured).
#pragma once

#include <cstddef>
#include <string>

#include "concur/result.hpp"

namespace concur::report {

// "threads pay ~85.2 µs per run to start and join 2 threads; pool wakes its
// parked threads in ~12.1 µs\n", split after the ';' when wider than
// `width` (0: no limit), each half wrapped if it still is; empty unless a threads cell and a pool cell were timed.
std::string spawn_cost_note(const RunReport& report, std::size_t width = 0);

// The Markdown context row: what was measured, how, both figures.
std::string spawn_cost_context(const SpawnCost& cost);

}  // namespace concur::report
