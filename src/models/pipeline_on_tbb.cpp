// The tbb model's pipeline: oneTBB's parallel_pipeline, one filter per stage,
// in a task_arena of `workers` threads. Events travel in batches (tokens) of
// up to kPipelineBatch, as on the threads runner. Stage 0 and every stage
// with state are serial_in_order filters: one batch at a time, in the order
// stage 0 read them, so per-sensor and per-zone state needs no lock. A
// stateless stage (the workload says which) is a parallel filter: several
// batches at once. Unlike a thread per stage, no thread belongs to a stage:
// TBB's workers carry a token through as many filters as they can and steal
// the rest, so a batch waits between stages only while a serial filter is
// busy with an earlier one, and that wait is in the latency figure.
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#if defined(CONCUR_HAVE_TBB)
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>
#endif

#include "concur/interrupt.hpp"
#include "models/pipeline_runners.hpp"

namespace concur {

std::size_t pipeline_tokens(unsigned workers) {
  // Enough for every worker to hold a batch in the parallel stage while the
  // serial ones each hold another; more would only lengthen the queues in
  // front of the serial stages (latency) without adding throughput.
  return std::size_t{4} * (workers == 0 ? 1 : workers);
}

#if defined(CONCUR_HAVE_TBB)
namespace {

using Batch = std::vector<PipelineEvent>;

// The batches belong to the run, not to TBB: when a stage throws, TBB cancels
// the pipeline without destroying the items still between filters (a Batch
// passed by value leaked its events; LeakSanitizer showed it). Filters pass
// pointers into this pool, and every batch goes with the pool, however the
// pipeline ended. About pipeline_tokens() batches exist at once.
class BatchPool {
 public:
  Batch* take() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) {
      owned_.push_back(std::make_unique<Batch>());
      owned_.back()->reserve(kPipelineBatch);
      return owned_.back().get();
    }
    Batch* batch = free_.back();
    free_.pop_back();
    return batch;
  }
  void give_back(Batch* batch) {
    batch->clear();
    std::lock_guard lock(mutex_);
    free_.push_back(batch);
  }

 private:
  std::mutex mutex_;  // read (stage 0) takes while the last stage gives back
  std::vector<std::unique_ptr<Batch>> owned_;
  std::vector<Batch*> free_;
};

// A stage's exception, renamed after the stage as the threads runner does;
// TBB cancels the other filters and rethrows it from parallel_pipeline.
[[noreturn]] void rethrow_as_stage(const PipelineStages& stages, std::size_t stage) {
  try {
    throw;
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("stage {} ({}): {}", stage, stages.stage_name(stage), e.what()));
  }
}

}  // namespace

RunOutcome run_pipeline_on_tbb(const PipelineCapability& pipeline, unsigned workers) {
  RunOutcome outcome;
  std::unique_ptr<PipelineStages> opened = open_stages(pipeline, outcome);
  if (!opened) return outcome;
  PipelineStages& stages = *opened;
  const std::size_t count = stages.stage_count();
  if (workers == 0) workers = 1;
  outcome.workers_label = fmt::format("{} stages, {} threads", count, workers);

  bool interrupted = false;
  BatchPool pool;
  auto read = [&](tbb::flow_control& control) -> Batch* {
    Batch* batch = pool.take();
    try {
      if (interrupt_requested()) interrupted = true;
      PipelineEvent event;
      while (!interrupted && batch->size() < kPipelineBatch && stages.read(event))
        batch->push_back(event);
    } catch (...) {
      rethrow_as_stage(stages, 0);
    }
    if (batch->empty()) {
      pool.give_back(batch);
      control.stop();  // TBB ignores what a stopping filter returns
      return nullptr;
    }
    return batch;
  };
  auto mode_of = [&](std::size_t k) {
    return stages.stateless(k) ? tbb::filter_mode::parallel : tbb::filter_mode::serial_in_order;
  };
  auto stage = [&stages](std::size_t k) {
    return [&stages, k](Batch* batch) -> Batch* {
      try {
        for (PipelineEvent& event : *batch) stages.process(k, event);
      } catch (...) {
        rethrow_as_stage(stages, k);
      }
      return batch;
    };
  };

  tbb::filter<void, Batch*> chain =
      tbb::make_filter<void, Batch*>(tbb::filter_mode::serial_in_order, read);
  for (std::size_t k = 1; k + 1 < count; ++k)
    chain = chain & tbb::make_filter<Batch*, Batch*>(mode_of(k), stage(k));
  const auto last = stage(count - 1);
  const tbb::filter<void, void> whole =
      chain & tbb::make_filter<Batch*, void>(mode_of(count - 1), [&pool, last](Batch* batch) {
        pool.give_back(last(batch));
      });

  try {
    // Without this TBB caps its threads at the core count; `workers` is asked.
    tbb::global_control allow(tbb::global_control::max_allowed_parallelism, workers);
    tbb::task_arena arena(static_cast<int>(workers));
    arena.execute([&] { tbb::parallel_pipeline(pipeline_tokens(workers), whole); });
  } catch (const std::exception& e) {
    outcome.error = e.what();
    return outcome;
  } catch (...) {
    outcome.error = "a pipeline stage threw something that is not a std::exception";
    return outcome;
  }
  if (interrupted) {
    outcome.error = "interrupted";
    return outcome;
  }
  outcome.results.push_back(stages.finish());
  return outcome;
}

#else

RunOutcome run_pipeline_on_tbb(const PipelineCapability&, unsigned) {
  RunOutcome outcome;
  outcome.error = CONCUR_MISSING_TBB;
  return outcome;
}

#endif

}  // namespace concur
