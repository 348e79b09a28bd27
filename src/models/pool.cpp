// A persistent pool of std::threads: created once, outside the timed region
// (in prepare(), or the first run that needs more threads), parked on a
// condition variable between runs and woken for each. Tasks are handed out
// by one atomic counter, exactly as in the threads model, so the difference
// between the two is what threads pay to spawn and join per run.
#include <memory>

#include "concur/model.hpp"
#include "concur/options.hpp"
#include "models/run_task.hpp"
#include "models/worker_pool.hpp"

namespace concur {
namespace {

class PoolModel final : public Model {
 public:
  const ModelInfo& info() const override { return info_; }

  void prepare(const Workload&, unsigned workers) const override { pool_->grow_to(workers); }

  RunOutcome run(Workload& workload, unsigned workers) const override {
    RunOutcome outcome;
    outcome.results.resize(workload.task_count());
    pool_->run(workers, outcome.results.size(), [&](std::size_t i) {
      TaskContext context;
      outcome.results[i] = run_task_safely(workload, i, context);
    });
    return outcome;
  }

 private:
  ModelInfo info_{.name = "pool",
                  .description = "a persistent std::thread pool (spawned once, untimed) sharing one atomic task counter",
                  .keeps_threads_between_runs = true,
                  .starts_a_thread_per_worker = true};
  std::unique_ptr<WorkerPool> pool_ = std::make_unique<WorkerPool>();
};

}  // namespace

std::unique_ptr<Model> make_pool_model(const Options&) { return std::make_unique<PoolModel>(); }

}  // namespace concur
