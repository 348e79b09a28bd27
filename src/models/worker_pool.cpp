#include "models/worker_pool.hpp"

#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

namespace concur {

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  threads_.clear();  // jthreads join
}

std::size_t WorkerPool::size() const {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

void WorkerPool::grow_to(unsigned workers) {
  std::lock_guard lock(mutex_);
  // A new thread waits for a run after the current generation, read here
  // under the lock: a run that starts after grow_to() returns is one it sees.
  while (threads_.size() < workers) {
    try {
      threads_.emplace_back(&WorkerPool::worker_loop, this, static_cast<unsigned>(threads_.size()),
                            generation_);
    } catch (const std::system_error& e) {
      throw std::runtime_error(fmt::format("could not start pool thread {} of {}: {}",
                                           threads_.size() + 1, workers, e.what()));
    }
  }
}

void WorkerPool::run(unsigned workers, std::size_t task_count,
                     const std::function<void(std::size_t)>& task) {
  std::lock_guard serial(run_mutex_);
  grow_to(workers);
  std::unique_lock lock(mutex_);
  task_ = &task;
  task_count_ = task_count;
  next_.store(0, std::memory_order_relaxed);
  active_ = workers;
  remaining_ = workers;
  ++generation_;
  wake_.notify_all();
  done_.wait(lock, [&] { return remaining_ == 0; });
  task_ = nullptr;
}

void WorkerPool::worker_loop(unsigned index, std::uint64_t seen) {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || (generation_ != seen && index < active_); });
    if (stopping_) return;
    seen = generation_;
    const auto* task = task_;
    const std::size_t count = task_count_;
    lock.unlock();
    for (std::size_t i; (i = next_.fetch_add(1, std::memory_order_relaxed)) < count;) (*task)(i);
    lock.lock();
    if (--remaining_ == 0) done_.notify_one();
  }
}

}  // namespace concur
