#include "core/fork_quiescence.hpp"

#include <pthread.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <new>

namespace concur {
namespace {

// The process's one gate. Never destroyed: a fork at exit still finds it.
class Gate {
 public:
  static Gate& instance() {
    static Gate* gate = new Gate;  // deliberately leaked, see above
    return *gate;
  }

  std::uint64_t add(ForkQuiescence::ParkRequest request) {
    std::call_once(handlers_installed_, [] {
      ::pthread_atfork([] { instance().before_fork(); }, [] { instance().after_fork_in_parent(); },
                       [] { instance().after_fork_in_child(); });
    });
    std::lock_guard lock(mutex_);
    const std::uint64_t id = ++last_id_;
    requests_.emplace(id, std::move(request));
    return id;
  }

  void remove(std::uint64_t id) {
    {
      std::lock_guard lock(mutex_);
      requests_.erase(id);
    }
    changed_.notify_all();  // a fork waiting for this thread waits no longer
  }

  void park_here() {
    std::unique_lock lock(mutex_);
    if (!forking_) return;
    ++parked_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return !forking_; });
    --parked_;
    changed_.notify_all();  // the fork returns once every parked thread left
  }

  ForkQuiescence::Counts counts() {
    std::lock_guard lock(mutex_);
    return counts_;
  }

 private:
  // Holds the gate's mutex through the fork, so no thread registers, leaves
  // or wakes while the address space is copied.
  void before_fork() {
    held_ = std::unique_lock(mutex_);
    if (requests_.empty()) return;
    forking_ = true;
    for (auto& [id, request] : requests_) request();
    const bool all_parked = changed_.wait_for(held_, ForkQuiescence::kParkWait, [this] {
      return parked_ >= requests_.size();
    });
    ++(all_parked ? counts_.quiesced : counts_.timed_out);
    counts_.threads_parked += parked_;
  }

  // Releases the parked threads and waits until they have left park_here,
  // so a thread parked for this fork is never counted for the next one.
  void after_fork_in_parent() {
    forking_ = false;
    changed_.notify_all();
    changed_.wait(held_, [this] { return parked_ == 0; });
    held_.unlock();
  }

  // The registered threads do not exist here: nothing to release, and a
  // later fork of this child must not wait for them. The condition variable
  // still counts their waits, so it is made anew (glibc's broadcast would
  // wait for waiters that no longer exist).
  void after_fork_in_child() {
    requests_.clear();
    parked_ = 0;
    forking_ = false;
    new (&changed_) std::condition_variable;
    held_.unlock();
  }

  std::once_flag handlers_installed_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::unique_lock<std::mutex> held_;
  std::map<std::uint64_t, ForkQuiescence::ParkRequest> requests_;
  std::uint64_t last_id_ = 0;
  std::size_t parked_ = 0;
  bool forking_ = false;
  ForkQuiescence::Counts counts_;
};

}  // namespace

ForkQuiescence::Registration::Registration(ParkRequest request)
    : id_(Gate::instance().add(std::move(request))) {}

ForkQuiescence::Registration::~Registration() { Gate::instance().remove(id_); }

void ForkQuiescence::park_here() { Gate::instance().park_here(); }

ForkQuiescence::Counts ForkQuiescence::counts() { return Gate::instance().counts(); }

}  // namespace concur
