// The tbb model: oneTBB's work-stealing scheduler, the reference for dynamic
// load balancing beside OpenMP's schedule(dynamic) and the threads model's
// atomic counter. tbb::parallel_for splits the task range with its own
// auto_partitioner (halves of a range are stolen by idle workers, so uneven
// tasks balance without a shared counter), inside a task_arena of `workers`
// threads; a workload with the pipeline capability runs as
// tbb::parallel_pipeline instead (pipeline_on_tbb.cpp). Like OpenMP, TBB
// keeps its threads between runs: what is timed is the scheduling, not the
// spawn (bench/ measures that).
// Built only when CMake found oneTBB; otherwise every cell says why.
#if defined(CONCUR_HAVE_TBB)
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/version.h>
#endif

#include <memory>

#include "concur/model.hpp"
#include "concur/options.hpp"
#include "concur/plugin.hpp"
#include "models/pipeline_runners.hpp"
#include "models/run_task.hpp"

namespace concur {
namespace {

class TbbModel final : public Model {
 public:
  const ModelInfo& info() const override { return info_; }

  Availability availability() const override {
#if defined(CONCUR_HAVE_TBB)
    return Availability::yes();
#else
    return Availability::no(CONCUR_MISSING_TBB);
#endif
  }

  // A task that blocks on I/O would hold one of TBB's few workers idle:
  // TBB is for CPU work, so downloads are not measured under it.
  Availability supports(const Workload& workload) const override {
    if (!workload.info().traits.blocks_on_io) return Availability::yes();
    return Availability::no("oneTBB schedules CPU work; a blocking download would stall its workers");
  }

  RunOutcome run([[maybe_unused]] Workload& workload, [[maybe_unused]] unsigned workers) const override {
    // A stream of events runs as parallel_pipeline's filters, in its own arena.
    if (const PipelineCapability* pipeline = workload.pipeline()) return run_pipeline_on_tbb(*pipeline, workers);
    RunOutcome outcome;
#if defined(CONCUR_HAVE_TBB)
    outcome.results.resize(workload.task_count());
    auto* results = outcome.results.data();
    // Without this TBB caps its threads at the core count; `workers` is asked.
    tbb::global_control allow(tbb::global_control::max_allowed_parallelism, workers);
    tbb::task_arena arena(static_cast<int>(workers));
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, outcome.results.size()),
                        [&](const tbb::blocked_range<std::size_t>& range) {
                          TaskContext context;
                          for (std::size_t i = range.begin(); i != range.end(); ++i)
                            results[i] = run_task_safely(workload, i, context);
                        });
    });
#else
    outcome.error = CONCUR_MISSING_TBB;
#endif
    return outcome;
  }

 private:
  ModelInfo info_{.name = "tbb",
                  .description = "oneTBB parallel_for: work stealing, its own partitioner, an arena of N threads",
                  .runtime_hidden_from_tsan = true,
                  .starts_a_thread_per_worker = true};
};

}  // namespace

void describe_tbb_model([[maybe_unused]] PluginTraits& traits) {
#if defined(CONCUR_HAVE_TBB)
  traits.libraries.push_back({"oneTBB", TBB_runtime_version()});
#endif
}

std::unique_ptr<Model> make_tbb_model(const Options&) { return std::make_unique<TbbModel>(); }

}  // namespace concur
