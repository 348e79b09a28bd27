// Threads that outlive the runs they serve: parked on a condition variable,
// woken for each run(), parked again when the tasks are done. The pool model
// is built on it; destroying the pool stops and joins every thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace concur {

class WorkerPool {
 public:
  WorkerPool() = default;
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Starts threads until there are at least `workers` (never fewer: a pool
  // only grows). Throws std::runtime_error when the system refuses one.
  void grow_to(unsigned workers);
  std::size_t size() const;

  // Runs task(i) for every i in [0, task_count) on the first `workers`
  // threads of the pool (growing it when needed) and blocks until all are
  // done. One run at a time.
  void run(unsigned workers, std::size_t task_count, const std::function<void(std::size_t)>& task);

 private:
  void worker_loop(unsigned index, std::uint64_t seen_generation);

  mutable std::mutex mutex_;
  std::condition_variable wake_;  // a run starts, or the pool stops
  std::condition_variable done_;  // the last active worker finished
  std::vector<std::jthread> threads_;
  std::mutex run_mutex_;  // serialises run()

  // The current run, guarded by mutex_ (next_ is the lock-free hand-out).
  std::uint64_t generation_ = 0;
  unsigned active_ = 0;     // threads 0..active_-1 take part
  unsigned remaining_ = 0;  // of those, still working
  std::size_t task_count_ = 0;
  const std::function<void(std::size_t)>* task_ = nullptr;
  std::atomic<std::size_t> next_{0};
  bool stopping_ = false;
};

}  // namespace concur
