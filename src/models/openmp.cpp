// The reference peer of the threads model: the same tasks under OpenMP's
// dynamic schedule, so threads are judged against the best-known
// implementation in the same run. (OpenMP keeps its thread pool between
// runs; the threads model spawns fresh threads: bench/ measures that cost.)
#include <omp.h>

#include <memory>

#include <fmt/format.h>

#include "concur/model.hpp"
#include "concur/options.hpp"
#include "concur/plugin.hpp"
#include "models/run_task.hpp"

namespace concur {
namespace {

class OpenmpModel final : public Model {
 public:
  explicit OpenmpModel(const Options& options) : placement_(options.pin) {}

  const ModelInfo& info() const override { return info_; }

  // The reference peer for CPU and memory work (kernels, stream, shared
  // counters); a blocking download inside an OpenMP loop is not what OpenMP
  // is for, so it is not measured there.
  Availability supports(const Workload& workload) const override {
    if (!workload.info().traits.blocks_on_io) return Availability::yes();
    return Availability::no("OpenMP is the reference for CPU- and memory-bound work only");
  }

  RunOutcome run(Workload& workload, unsigned workers) const override {
    RunOutcome outcome;
    const auto task_count = static_cast<long>(workload.task_count());
    outcome.results.resize(workload.task_count());
    auto* results = outcome.results.data();
    if (placement_.pinning()) {
      // OpenMP keeps its threads from one region to the next: place them first.
#pragma omp parallel num_threads(static_cast<int>(workers))
      placement_.place(static_cast<unsigned>(omp_get_thread_num()));
    }
#pragma omp parallel for schedule(dynamic, 1) num_threads(static_cast<int>(workers))
    for (long i = 0; i < task_count; ++i) {
      TaskContext context;
      results[i] = run_task_safely(workload, static_cast<std::size_t>(i), context);
    }
    return outcome;
  }

 private:
  WorkerPlacement placement_;
  ModelInfo info_{.name = "openmp",
                  .description = "#pragma omp parallel for schedule(dynamic), the reference peer",
                  .runtime_hidden_from_tsan = true,
                  .starts_a_thread_per_worker = true};
};

}  // namespace

void describe_openmp_model(PluginTraits& traits) {
  traits.libraries.push_back({"OpenMP", fmt::format("{} (spec date)", _OPENMP)});
}

std::unique_ptr<Model> make_openmp_model(const Options& options) {
  return std::make_unique<OpenmpModel>(options);
}

}  // namespace concur
