#include "models/spawn_cost.hpp"

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

#include "core/statistics.hpp"
#include "models/run_task.hpp"
#include "models/worker_placement.hpp"
#include "models/worker_pool.hpp"

namespace concur {
namespace {

template <typename Start>
double median_seconds(unsigned repetitions, Start&& start) {
  std::vector<double> seconds;
  for (unsigned r = 0; r < repetitions; ++r) {
    const auto begin = std::chrono::steady_clock::now();
    start();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
  }
  return stats::median(std::move(seconds));
}

}  // namespace

bool spawn_cost_applies(const ModelInfo& model) {
  return model.spawns_threads_per_run || model.keeps_threads_between_runs;
}

SpawnCost measure_spawn_cost(unsigned threads, unsigned repetitions) {
  threads = std::max(threads, 1u);
  repetitions = std::max(repetitions, 1u);
  const WorkerPlacement unpinned(false);
  auto nothing = [](auto&&...) {};
  SpawnCost cost;
  cost.threads = threads;
  cost.repetitions = repetitions;
  cost.thread_spawn_seconds =
      median_seconds(repetitions, [&] { for_each_task_on_threads(threads, threads, nothing, unpinned); });
  WorkerPool pool;
  pool.grow_to(threads);  // as the pool model's prepare(): untimed
  pool.run(threads, threads, nothing);  // the first wake-up also faults in the threads' stacks
  cost.pool_wake_seconds = median_seconds(repetitions, [&] { pool.run(threads, threads, nothing); });
  return cost;
}

}  // namespace concur
