// A global interpreter lock modelled on CPython's (Python/ceval_gil.c since
// 3.2): the holder keeps the lock while it computes; a thread that wants it
// waits one switch interval on a timed wait, then sets `drop_request`; the
// holder sees the request at its next checkpoint and hands the lock over.
// Blocking I/O runs with the lock released.
//
// Like CPython's FORCE_SWITCHING, the thread that drops the lock on request
// cannot take it straight back: the lock is handed to a waiter, never left
// up for grabs. Unlike CPython, which lets the OS pick among the waiters, the
// hand-over goes to the longest-waiting thread, so no thread starves and the
// wait is bounded (one interval per thread ahead in the queue).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace concur {

struct GilStats {
  std::uint64_t acquisitions = 0;
  std::uint64_t handovers = 0;      // the lock went straight to a waiter
  std::uint64_t drop_requests = 0;  // a waiter waited a whole interval
  double max_wait_s = 0;            // longest acquire, from asking to holding
  // Longest time the lock stayed with one holder after a waiter had started
  // waiting for it: the interval plus the holder's checkpoint latency.
  double max_contended_hold_s = 0;
};

class GilLock {
 public:
  // One per thread that takes the lock; it waits on its own condition
  // variable so a hand-over wakes exactly one thread.
  class Waiter {
    friend class GilLock;
    std::condition_variable wake;
    bool granted = false;
  };

  explicit GilLock(std::chrono::nanoseconds switch_interval);

  void acquire(Waiter& self);
  void release();
  // The holder's safe point. Costs one relaxed load unless a waiter asked.
  void checkpoint(Waiter& self) {
    if (drop_request_.load(std::memory_order_relaxed)) [[unlikely]]
      yield(self);
  }

  GilStats stats() const;

 private:
  using Clock = std::chrono::steady_clock;
  void yield(Waiter& self);
  void hand_over_locked(Clock::time_point now);  // mutex held, queue non-empty

  const std::chrono::nanoseconds interval_;
  std::atomic<bool> drop_request_{false};
  mutable std::mutex mutex_;
  bool held_ = false;
  std::uint64_t switches_ = 0;  // CPython's switch_number: a new holder gets a full interval
  std::deque<Waiter*> queue_;   // waiting threads, longest-waiting first
  Clock::time_point contended_since_{};  // first waiter of this holder, or max()
  GilStats stats_;
};

}  // namespace concur
