// The spawn cost that separates the threads model from the pool model,
// measured once per run beside the cells (see SpawnCost in result.hpp).
#pragma once

#include "concur/model.hpp"
#include "concur/result.hpp"

namespace concur {

// True for the models whose difference the figure explains: one that
// spawns threads in every run, one that keeps them parked between runs.
bool spawn_cost_applies(const ModelInfo& model);

// Spawns and joins `threads` std::threads exactly as the threads model does,
// and wakes a WorkerPool of that many as the pool model does, each with no
// work, `repetitions` times; medians. Throws std::runtime_error when the
// system refuses a thread.
SpawnCost measure_spawn_cost(unsigned threads, unsigned repetitions = 9);

}  // namespace concur
