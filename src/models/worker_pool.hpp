// Threads that outlive the runs they serve: each parked on a semaphore of its
// own, woken for each run() it takes part in, parked again when the tasks are
// done. A run on fewer workers than the pool holds wakes only those: a pool
// grown to 10 threads for the downloads, then running primes on 2, does not
// wake 8 threads that would only check and sleep again (they queued for the
// two CPUs, 55 % run-queue delay on stream). The pool model is built on it;
// destroying the pool stops and joins every thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <semaphore>
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
  void worker_loop(std::binary_semaphore& wake);

  mutable std::mutex mutex_;      // guards threads_, wakes_ and the done wait
  std::condition_variable done_;  // the last active worker finished
  // One wake-up per thread, released by run() for the threads it uses (or by
  // the destructor for all); a thread's own, so it is passed to the thread
  // and never looked up in a vector that grows.
  std::vector<std::unique_ptr<std::binary_semaphore>> wakes_;
  std::vector<std::jthread> threads_;
  std::mutex run_mutex_;  // serialises run()

  // The current run: written before the wake-ups (their release publishes
  // it), read by the woken threads.
  std::size_t task_count_ = 0;
  const std::function<void(std::size_t)>* task_ = nullptr;
  std::atomic<std::size_t> next_{0};
  std::atomic<unsigned> remaining_{0};  // woken threads still working
  std::atomic<bool> stopping_{false};
};

}  // namespace concur
