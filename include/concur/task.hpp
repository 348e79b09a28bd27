// The unit of work every model schedules: a task index in, a TaskResult out.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace concur {

// What one task returns. Trivially copyable and fixed-size on purpose: the
// processes model sends it back from a child through a pipe as raw bytes.
struct TaskResult {
  std::uint64_t value = 0;  // the task's share of the answer (count, checksum)
  std::uint64_t items = 0;  // work items done (numbers tested, bytes received)
  bool ok = true;
  std::array<char, 239> error{};  // why it failed, NUL-terminated

  static TaskResult failure(std::string_view why) {
    TaskResult r;
    r.ok = false;
    auto n = std::min(why.size(), r.error.size() - 1);
    std::copy_n(why.data(), n, r.error.data());
    return r;
  }
  std::string_view error_message() const { return error.data(); }
};
static_assert(std::is_trivially_copyable_v<TaskResult>);
static_assert(sizeof(TaskResult) <= 512, "must fit one atomic pipe write");

// Hooks a model may install to observe running tasks. Only the gil model
// installs any; everywhere else the context's calls are a null-pointer test.
class TaskHooks {
 public:
  virtual ~TaskHooks() = default;
  virtual void checkpoint() = 0;  // CPU work reached a safe point
  virtual void enter_io() = 0;    // about to block on I/O
  virtual void leave_io() = 0;    // back from blocking I/O
};

// Handed to every task. Tasks call checkpoint() every few microseconds of
// CPU work and wrap blocking transfers in an io_scope().
class TaskContext {
 public:
  TaskContext() = default;
  explicit TaskContext(TaskHooks* hooks) : hooks_(hooks) {}

  void checkpoint() {
    if (hooks_) hooks_->checkpoint();
  }

  class IoScope {
   public:
    explicit IoScope(TaskHooks* hooks) : hooks_(hooks) {
      if (hooks_) hooks_->enter_io();
    }
    ~IoScope() {
      if (hooks_) hooks_->leave_io();
    }
    IoScope(const IoScope&) = delete;
    IoScope& operator=(const IoScope&) = delete;

   private:
    TaskHooks* hooks_;
  };
  [[nodiscard]] IoScope io_scope() { return IoScope(hooks_); }

 private:
  TaskHooks* hooks_ = nullptr;
};

}  // namespace concur
