// Helpers every model shares: run one task without letting an exception
// escape a worker, and hand tasks out to worker threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "concur/interrupt.hpp"
#include "concur/workload.hpp"
#include "core/mechanism.hpp"
#include "models/worker_placement.hpp"

namespace concur {

// A throwing task becomes a failed result: workers never die of exceptions.
inline TaskResult run_task_safely(const Workload& workload, std::size_t index,
                                  TaskContext& context) {
  if (interrupt_requested()) return TaskResult::failure("interrupted");
  try {
    return workload.run_task(index, context);
  } catch (const std::exception& e) {
    return TaskResult::failure(e.what());
  } catch (...) {
    return TaskResult::failure("task threw a non-standard exception");
  }
}

// Runs body(worker, task) for every task in [0, task_count) on `workers`
// std::threads. Each worker pulls the next index from one atomic counter, so
// uneven tasks balance themselves; worker_done(worker) runs on that thread
// once it finds no task left. Blocks until all are joined. Each worker is
// first placed on its CPU (--pin).
template <typename Body, typename WorkerDone>
void for_each_task_on_threads(std::size_t task_count, unsigned workers, Body&& body,
                              WorkerDone&& worker_done, const WorkerPlacement& placement) {
  std::atomic<std::size_t> next{0};
  auto worker_loop = [&](unsigned worker) {
    const mechanism::ThreadAccount account;  // joined inside the timed run: its delay would vanish
    placement.place(worker);
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < task_count;)
      body(worker, i);
    worker_done(worker);
  };
  std::vector<std::jthread> threads;
  threads.reserve(workers);
  for (unsigned w = 0; w < workers; ++w) {
    try {
      threads.emplace_back(worker_loop, w);
    } catch (const std::system_error& e) {
      next.store(task_count);  // the started workers stop; the jthreads join them
      throw std::runtime_error(fmt::format("could not start worker thread {} of {}: {}", w + 1,
                                           workers, e.what()));
    }
  }
}

template <typename Body>
void for_each_task_on_threads(std::size_t task_count, unsigned workers, Body&& body,
                              const WorkerPlacement& placement) {
  for_each_task_on_threads(task_count, workers, std::forward<Body>(body), [](unsigned) {},
                           placement);
}

}  // namespace concur
