// std::thread workers pulling tasks from one atomic counter. The threads are
// created and joined inside the timed region: what a user of threads pays.
#include <memory>

#include "concur/model.hpp"
#include "concur/options.hpp"
#include "models/pipeline_runners.hpp"
#include "models/run_task.hpp"

namespace concur {
namespace {

class ThreadsModel final : public Model {
 public:
  explicit ThreadsModel(const Options& options) : placement_(options.pin) {}

  const ModelInfo& info() const override { return info_; }

  RunOutcome run(Workload& workload, unsigned workers) const override {
    // A stream of events runs as the stages at once, a thread each.
    if (const PipelineCapability* pipeline = workload.pipeline()) return run_pipeline_on_threads(*pipeline);
    RunOutcome outcome;
    outcome.results.resize(workload.task_count());
    for_each_task_on_threads(outcome.results.size(), workers,
                             [&](unsigned, std::size_t i) {
                               TaskContext context;
                               outcome.results[i] = run_task_safely(workload, i, context);
                             },
                             placement_);
    return outcome;
  }

 private:
  WorkerPlacement placement_;
  ModelInfo info_{.name = "threads",
                  .description = "std::thread workers sharing one atomic task counter",
                  .spawns_threads_per_run = true,
                  .starts_a_thread_per_worker = true};
};

}  // namespace

std::unique_ptr<Model> make_threads_model(const Options& options) {
  return std::make_unique<ThreadsModel>(options);
}

}  // namespace concur
