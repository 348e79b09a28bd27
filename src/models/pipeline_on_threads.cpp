// A thread per stage, a bounded queue between consecutive stages. Stage 0
// reads events in small batches and pushes them; every later stage pops what
// is waiting, processes it and pushes it on; closing a queue ends the stream
// stage by stage. The last stage's thread is joined before finish().
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "concur/interrupt.hpp"
#include "core/mechanism.hpp"
#include "models/bounded_queue.hpp"
#include "models/pipeline_runners.hpp"

namespace concur {

RunOutcome run_pipeline_on_threads(const PipelineCapability& pipeline) {
  RunOutcome outcome;
  std::unique_ptr<PipelineStages> stages = open_stages(pipeline, outcome);
  if (!stages) return outcome;
  const std::size_t count = stages->stage_count();

  std::vector<std::unique_ptr<BoundedQueue<PipelineEvent>>> queues;  // queues[k]: k -> k+1
  for (std::size_t k = 0; k + 1 < count; ++k)
    queues.push_back(std::make_unique<BoundedQueue<PipelineEvent>>(kPipelineQueueCapacity));

  std::mutex error_mutex;
  std::string error;
  auto fail = [&](std::string why) {
    {
      std::lock_guard lock(error_mutex);
      if (error.empty()) error = std::move(why);
    }
    for (auto& q : queues) q->abandon();  // every stage wakes and stops
  };

  auto run_stage = [&](std::size_t k) {
    const mechanism::ThreadAccount account;  // joined inside the timed run: its delay would vanish
    try {
      std::vector<PipelineEvent> batch;
      batch.reserve(kPipelineBatch);
      if (k == 0) {
        PipelineEvent event;
        for (bool more = true; more;) {
          batch.clear();
          while (batch.size() < kPipelineBatch && (more = stages->read(event))) batch.push_back(event);
          if (interrupt_requested()) return fail("interrupted");
          if (!batch.empty() && !queues[0]->push(batch)) return;
        }
        queues[0]->close();
        return;
      }
      while (queues[k - 1]->pop(batch, kPipelineBatch)) {
        for (auto& event : batch) stages->process(k, event);
        if (k + 1 < count && !queues[k]->push(batch)) return;
      }
      if (k + 1 < count) queues[k]->close();
    } catch (const std::exception& e) {
      fail(fmt::format("stage {} ({}): {}", k, stages->stage_name(k), e.what()));
    }
  };

  {
    std::vector<std::jthread> threads;
    threads.reserve(count);
    try {
      for (std::size_t k = 0; k < count; ++k) threads.emplace_back(run_stage, k);
    } catch (const std::system_error& e) {
      fail(fmt::format("could not start a stage thread: {}", e.what()));
    }
  }  // joined here

  if (!error.empty()) {
    outcome.error = error;
    return outcome;
  }
  outcome.results.push_back(stages->finish());
  return outcome;
}

}  // namespace concur
