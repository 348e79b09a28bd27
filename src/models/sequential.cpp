// The baseline: every task, one after another, in the calling thread.
#include "concur/model.hpp"
#include "concur/options.hpp"
#include "models/run_task.hpp"

#include <memory>

namespace concur {
namespace {

class SequentialModel final : public Model {
 public:
  const ModelInfo& info() const override { return info_; }

  RunOutcome run(Workload& workload, unsigned) const override {
    RunOutcome outcome;
    outcome.results.resize(workload.task_count());
    TaskContext context;
    for (std::size_t i = 0; i < outcome.results.size(); ++i)
      outcome.results[i] = run_task_safely(workload, i, context);
    return outcome;
  }

 private:
  ModelInfo info_{"sequential", "one task after another in one thread (the baseline)",
                  /*has_efficiency=*/true, /*single_worker=*/true,
                  /*speedup_baseline=*/true};
};

}  // namespace

std::unique_ptr<Model> make_sequential_model(const Options&) {
  return std::make_unique<SequentialModel>();
}

}  // namespace concur
