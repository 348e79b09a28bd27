// A bounded blocking queue between two pipeline stage threads. Bounded on
// purpose: a fast producer blocks instead of filling memory (back-pressure,
// as a reactive stream's request(n) does). Batches move under one lock, so a
// hand-over costs one lock and at most one wake-up per batch, not per event.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <span>
#include <vector>

namespace concur {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

  // Blocks while full. False when the queue was closed (the run is over).
  bool push(std::span<const T> items) {
    std::unique_lock lock(mutex_);
    for (const T& item : items) {
      not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
      if (closed_) return false;
      items_.push_back(item);
      if (items_.size() == 1) not_empty_.notify_one();
    }
    return true;
  }

  // Blocks until something is there; moves up to `max` items into `out`
  // (cleared first). False once closed and drained: the stream has ended.
  bool pop(std::vector<T>& out, std::size_t max) {
    out.clear();
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    while (!items_.empty() && out.size() < max) {
      out.push_back(items_.front());
      items_.pop_front();
    }
    not_full_.notify_one();
    return !out.empty();
  }

  // The producer is done (or the run is abandoned): wake everyone.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  // Abandons the run: pending items are dropped, pushes fail from now on.
  void abandon() {
    {
      std::lock_guard lock(mutex_);
      items_.clear();
      closed_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;
  std::size_t capacity_;
  bool closed_ = false;
};

}  // namespace concur
