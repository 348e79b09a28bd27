// How the threads, processes and tbb models run a workload that offers the
// pipeline capability: every stage at once, each on its own thread (bounded
// queues between them), in its own process (pipes between them), or as a
// filter of oneTBB's parallel_pipeline on an arena of `workers` threads. The
// stream of events is the workload's; these know nothing of what it means.
#pragma once

#include <memory>

#include "concur/model.hpp"
#include "concur/workload.hpp"

namespace concur {

// Events move in batches of at most this many: a reading source's packet, a
// stage's read() of what is waiting. Small enough to keep latency low.
inline constexpr std::size_t kPipelineBatch = 32;
// Events a queue (or, for processes, about a pipe buffer) holds.
inline constexpr std::size_t kPipelineQueueCapacity = 1024;

// Opens the workload's stages for one run and labels the outcome with their
// count; nullptr (with outcome.error set) when there are too few to run.
std::unique_ptr<PipelineStages> open_stages(const PipelineCapability& pipeline, RunOutcome& outcome);

RunOutcome run_pipeline_on_threads(const PipelineCapability& pipeline);
RunOutcome run_pipeline_on_processes(const PipelineCapability& pipeline);
// Error CONCUR_MISSING_TBB's reason when built without oneTBB.
RunOutcome run_pipeline_on_tbb(const PipelineCapability& pipeline, unsigned workers);
// The batches parallel_pipeline keeps in flight at most (max_live_tokens).
std::size_t pipeline_tokens(unsigned workers);

}  // namespace concur
