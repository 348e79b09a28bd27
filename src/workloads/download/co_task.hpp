// A minimal C++20 coroutine task: lazy (it starts when awaited or start()ed),
// returns one value, passes exceptions to whoever awaits it, and hands
// control straight back to its awaiter when it finishes (symmetric transfer,
// so chains of awaits do not grow the stack).
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace concur::download {

template <typename T>
class [[nodiscard]] CoTask {
 public:
  struct promise_type {
    std::optional<T> value;
    std::exception_ptr error;
    std::coroutine_handle<> continuation;  // who awaits this task, if anyone

    CoTask get_return_object() { return CoTask(Handle::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Resumer {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> done) noexcept {
        auto next = done.promise().continuation;
        return next ? next : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    Resumer final_suspend() noexcept { return {}; }
    void return_value(T result) { value = std::move(result); }
    void unhandled_exception() { error = std::current_exception(); }
  };
  using Handle = std::coroutine_handle<promise_type>;

  CoTask(CoTask&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  CoTask(const CoTask&) = delete;
  CoTask& operator=(const CoTask&) = delete;
  CoTask& operator=(CoTask&&) = delete;
  ~CoTask() {
    if (handle_) handle_.destroy();
  }

  // co_await task: run it, resume here with its value (or its exception).
  auto operator co_await() && noexcept {
    struct Awaiter {
      Handle task;
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
        task.promise().continuation = awaiting;
        return task;
      }
      T await_resume() {
        if (task.promise().error) std::rethrow_exception(task.promise().error);
        return std::move(*task.promise().value);
      }
    };
    return Awaiter{handle_};
  }

  // For a task nobody awaits (a root): run it to its first suspension.
  void start() { handle_.resume(); }
  bool done() const { return handle_.done(); }
  // A finished root's value, or its exception rethrown.
  T result() {
    if (handle_.promise().error) std::rethrow_exception(handle_.promise().error);
    return std::move(*handle_.promise().value);
  }

 private:
  explicit CoTask(Handle handle) : handle_(handle) {}
  Handle handle_;
};

}  // namespace concur::download
