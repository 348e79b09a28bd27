#include "models/gil_lock.hpp"

#include <algorithm>

#include "core/mechanism.hpp"

namespace concur {
namespace {

double seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

GilLock::GilLock(std::chrono::nanoseconds switch_interval)
    : interval_(std::max(switch_interval, std::chrono::nanoseconds(1))),
      contended_since_(Clock::time_point::max()) {
  mechanism::declare(mechanism::Channel::lock);
}

void GilLock::acquire(Waiter& self) {
  std::unique_lock lock(mutex_);
  const auto asked = Clock::now();
  ++stats_.acquisitions;
  if (!held_) {  // free implies nobody queues: a release hands over to the queue
    held_ = true;
    return;
  }
  queue_.push_back(&self);
  if (contended_since_ == Clock::time_point::max()) contended_since_ = asked;
  while (!self.granted) {
    if (queue_.front() != &self) {
      // Only the head of the queue can be next: the others sleep untimed
      // until it is their turn to count an interval, so waiting costs one
      // wake-up per interval, not one per waiting thread.
      self.wake.wait(lock, [&] { return self.granted || queue_.front() == &self; });
      continue;
    }
    // As CPython's take_gil: ask the holder to drop only after a whole
    // interval in which no switch happened, so each new holder gets one.
    const std::uint64_t seen = switches_;
    const bool granted = self.wake.wait_for(lock, interval_, [&] { return self.granted; });
    if (!granted && switches_ == seen && !drop_request_.exchange(true, std::memory_order_relaxed))
      ++stats_.drop_requests;
  }
  self.granted = false;
  const auto waited = Clock::now() - asked;  // the contended path only: a free lock returned above
  stats_.max_wait_s = std::max(stats_.max_wait_s, seconds(waited));
  mechanism::add_lock_wait(waited);
}

void GilLock::release() {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (!queue_.empty()) {
    hand_over_locked(now);
    return;
  }
  held_ = false;
  drop_request_.store(false, std::memory_order_relaxed);
  contended_since_ = Clock::time_point::max();
}

void GilLock::yield(Waiter& self) {
  // release() hands the lock to the head of the queue, then acquire() puts
  // this thread at the tail: the dropper cannot win it straight back.
  release();
  acquire(self);
}

void GilLock::hand_over_locked(Clock::time_point now) {
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->granted = true;
  ++switches_;
  ++stats_.handovers;
  drop_request_.store(false, std::memory_order_relaxed);
  if (contended_since_ != Clock::time_point::max())
    stats_.max_contended_hold_s = std::max(stats_.max_contended_hold_s, seconds(now - contended_since_));
  contended_since_ = queue_.empty() ? Clock::time_point::max() : now;
  next->wake.notify_one();
  if (!queue_.empty()) queue_.front()->wake.notify_one();  // its interval starts now
}

GilStats GilLock::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace concur
