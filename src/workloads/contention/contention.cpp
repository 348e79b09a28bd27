// contention: every task adds its share of N increments to shared state, in
// one of three ways, registered as three workloads so that one table shows
// them side by side:
//   contention_mutex   a counter guarded by a mutex (lock, ++, unlock)
//   contention_atomic  one std::atomic counter (fetch_add: a locked RMW)
//   contention_local   each task counts in its own cache-line-padded slot;
//                      the slots are summed at the end (what an OpenMP
//                      reduction or a per-worker counter does)
// The work per increment is nothing, so the cost is all sharing: with more
// workers the mutex and the atomic get *slower* (the cache line and the lock
// bounce between cores), while the padded slots scale.
//
// The exact final count is the verification: the shared counter (or the
// sum of the slots) must be N after the run, and every task must report its
// share. The state lives in a shared mapping, so forked children update the
// same counter as threads do: the mutex is a process-shared pthread mutex
// (std::mutex is a pthread mutex underneath, but cannot be marked
// process-shared) and the atomic is lock-free, which is what makes it valid
// across processes. The mutex is robust: a child killed while holding it
// fails its task instead of hanging its siblings.
#include <pthread.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <new>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/options.hpp"
#include "concur/workload.hpp"
#include "core/mechanism.hpp"
#include "workloads/math/slices.hpp"
#include "workloads/shared_mapping.hpp"

namespace concur {
namespace {

constexpr std::uint64_t kDefaultIncrements = 2'000'000;
constexpr std::uint64_t kQuickIncrements = 40'000;
constexpr std::uint64_t kMaxIncrements = 1ull << 40;
constexpr std::size_t kTasks = 64;
constexpr std::uint64_t kIncrementsPerCheckpoint = 1024;
constexpr std::size_t kCacheLine = 64;

enum class Sharing { mutex, atomic, local };

static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
              "only a lock-free atomic is shared correctly between processes");

struct alignas(kCacheLine) PaddedCount {
  std::atomic<std::uint64_t> count{0};
};

// Everything the workers share, placed in one shared mapping.
struct SharedState {
  pthread_mutex_t mutex;
  alignas(kCacheLine) std::uint64_t guarded = 0;  // only under `mutex`
  alignas(kCacheLine) std::atomic<std::uint64_t> atomic{0};
  PaddedCount slots[kTasks];  // one per task
};

class ContentionWorkload final : public Workload {
 public:
  ContentionWorkload(Sharing sharing, std::string_view name, std::uint64_t increments)
      : sharing_(sharing), info_(declared_workload_info(name, "increments")),
        increments_(increments), slices_(increments, kTasks), memory_(sizeof(SharedState)) {
    state_ = new (memory_.data()) SharedState;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    const int rc = pthread_mutex_init(&state_->mutex, &attr);
    pthread_mutexattr_destroy(&attr);
    if (rc != 0) throw std::runtime_error(fmt::format("pthread_mutex_init: {}", std::strerror(rc)));
  }
  ~ContentionWorkload() override {
    pthread_mutex_destroy(&state_->mutex);
    state_->~SharedState();
  }
  ContentionWorkload(const ContentionWorkload&) = delete;
  ContentionWorkload& operator=(const ContentionWorkload&) = delete;

  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return slices_.count(); }
  std::uint64_t items() const override { return increments_; }

  void before_run() override {
    state_->guarded = 0;
    state_->atomic.store(0);
    for (auto& slot : state_->slots) slot.count.store(0);
  }

  TaskResult run_task(std::size_t index, TaskContext& context) const override {
    if (sharing_ == Sharing::mutex) mechanism::declare(mechanism::Channel::lock);
    auto [begin, end] = slices_.slice(index);
    for (std::uint64_t done = begin; done < end;) {
      const std::uint64_t stop = std::min(end, done + kIncrementsPerCheckpoint);
      for (; done < stop; ++done) {
        switch (sharing_) {
          case Sharing::mutex:
            if (int rc = lock_counting_wait(); rc != 0) return lock_failure(rc);
            ++state_->guarded;
            pthread_mutex_unlock(&state_->mutex);
            break;
          case Sharing::atomic:
            state_->atomic.fetch_add(1, std::memory_order_relaxed);
            break;
          case Sharing::local: {  // a load and a store to our own line: no RMW, no sharing
            auto& slot = state_->slots[index].count;
            slot.store(slot.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
            break;
          }
        }
      }
      context.checkpoint();  // never inside the lock: a gil switch there would deadlock
    }
    TaskResult r;
    r.value = end - begin;
    r.items = end - begin;
    return r;
  }

  Verdict verify(const Answer& answer) const override {
    if (answer.value != increments_)
      return Verdict::fail(fmt_mismatch("increments reported by the tasks", increments_, answer.value));
    const std::uint64_t total = final_count();
    if (total != increments_)
      return Verdict::fail(fmt::format("final count {} after {} increments ({} {})", total, increments_,
                                       total < increments_ ? increments_ - total : total - increments_,
                                       total < increments_ ? "updates lost" : "too many"));
    return Verdict::pass();
  }

 private:
  std::uint64_t final_count() const {
    switch (sharing_) {
      case Sharing::mutex: return state_->guarded;
      case Sharing::atomic: return state_->atomic.load();
      case Sharing::local: break;
    }
    std::uint64_t sum = 0;
    for (const auto& slot : state_->slots) sum += slot.count.load();
    return sum;
  }

  // pthread_mutex_lock, with the time it blocked added to the repetition's
  // lock wait. Only a failed trylock reads the clock: the free lock costs
  // what it did.
  int lock_counting_wait() const {
    const int rc = pthread_mutex_trylock(&state_->mutex);
    if (rc != EBUSY) return rc;
    const auto asked = std::chrono::steady_clock::now();
    const int locked = pthread_mutex_lock(&state_->mutex);
    mechanism::add_lock_wait(std::chrono::steady_clock::now() - asked);
    return locked;
  }

  TaskResult lock_failure(int rc) const {
    if (rc == EOWNERDEAD) {  // a worker died holding it: the count is unknown now
      pthread_mutex_consistent(&state_->mutex);
      pthread_mutex_unlock(&state_->mutex);
      return TaskResult::failure("a worker died holding the counter's mutex");
    }
    return TaskResult::failure(fmt::format("pthread_mutex_lock: {}", std::strerror(rc)));
  }

  Sharing sharing_;
  WorkloadInfo info_;
  std::uint64_t increments_;
  math::Slices slices_;
  SharedMapping memory_;
  SharedState* state_;
};

std::unique_ptr<Workload> make_contention(Sharing sharing, const char* name, const Options& options) {
  const std::uint64_t n = options.size.value_or(options.quick ? kQuickIncrements : kDefaultIncrements);
  if (n < kTasks || n > kMaxIncrements)
    throw UsageError(fmt::format("{}: --size (total increments) must be {} to {}, got {}", name, kTasks,
                                 kMaxIncrements, n));
  return std::make_unique<ContentionWorkload>(sharing, name, n);
}

}  // namespace

std::unique_ptr<Workload> make_contention_mutex_workload(const Options& options) {
  return make_contention(Sharing::mutex, "contention_mutex", options);
}
std::unique_ptr<Workload> make_contention_atomic_workload(const Options& options) {
  return make_contention(Sharing::atomic, "contention_atomic", options);
}
std::unique_ptr<Workload> make_contention_local_workload(const Options& options) {
  return make_contention(Sharing::local, "contention_local", options);
}

}  // namespace concur
