#include "models/worker_pool.hpp"

#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

namespace concur {

WorkerPool::~WorkerPool() {
  stopping_.store(true);
  {
    std::lock_guard lock(mutex_);
    for (auto& wake : wakes_) wake->release();
  }
  threads_.clear();  // jthreads join
}

std::size_t WorkerPool::size() const {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

void WorkerPool::grow_to(unsigned workers) {
  std::lock_guard lock(mutex_);
  while (threads_.size() < workers) {
    auto wake = std::make_unique<std::binary_semaphore>(0);
    try {
      threads_.emplace_back(&WorkerPool::worker_loop, this, std::ref(*wake));
    } catch (const std::system_error& e) {
      throw std::runtime_error(fmt::format("could not start pool thread {} of {}: {}",
                                           threads_.size() + 1, workers, e.what()));
    }
    wakes_.push_back(std::move(wake));
  }
}

void WorkerPool::run(unsigned workers, std::size_t task_count,
                     const std::function<void(std::size_t)>& task) {
  std::lock_guard serial(run_mutex_);
  if (workers == 0) return;
  grow_to(workers);
  task_ = &task;
  task_count_ = task_count;
  next_.store(0, std::memory_order_relaxed);
  remaining_.store(workers, std::memory_order_relaxed);
  {
    std::lock_guard lock(mutex_);
    for (unsigned w = 0; w < workers; ++w) wakes_[w]->release();  // publishes the run
  }
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return remaining_.load(std::memory_order_acquire) == 0; });
  task_ = nullptr;
}

void WorkerPool::worker_loop(std::binary_semaphore& wake) {
  for (;;) {
    wake.acquire();
    if (stopping_.load()) return;
    const auto* task = task_;
    const std::size_t count = task_count_;
    for (std::size_t i; (i = next_.fetch_add(1, std::memory_order_relaxed)) < count;) (*task)(i);
    if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      // Under the lock, so the wait cannot miss it between its check and its sleep.
      std::lock_guard lock(mutex_);
      done_.notify_one();
    }
  }
}

}  // namespace concur
