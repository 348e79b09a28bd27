// Small workloads for model tests: cheap, deterministic, and able to fail on
// purpose (throw, crash the process) at a chosen task.
#pragma once

#include <cstdlib>
#include <stdexcept>

#include "concur/workload.hpp"

namespace concur::testing {

// exit_quietly: the process ends with status 0 before sending its result,
// as a worker whose task loop stopped early would.
enum class Fault { none, throw_exception, crash_process, exit_process, exit_quietly };

// Task i returns value i*i; the gold answer is the sum of squares.
class SquaresWorkload final : public Workload {
 public:
  explicit SquaresWorkload(std::size_t tasks, Fault fault = Fault::none, std::size_t faulty_task = 0)
      : tasks_(tasks), fault_(fault), faulty_task_(faulty_task) {}

  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return tasks_; }
  std::uint64_t items() const override { return tasks_; }

  TaskResult run_task(std::size_t index, TaskContext& context) const override {
    if (index == faulty_task_) {
      switch (fault_) {
        case Fault::throw_exception: throw std::runtime_error("task exploded on purpose");
        case Fault::crash_process: std::abort();  // SIGABRT: ASan would catch SIGSEGV
        case Fault::exit_process: std::_Exit(7);
        case Fault::exit_quietly: std::_Exit(0);
        case Fault::none: break;
      }
    }
    context.checkpoint();
    TaskResult r;
    r.value = index * index;
    r.items = 1;
    return r;
  }

  Verdict verify(const Answer& answer) const override {
    std::uint64_t expected = 0;
    for (std::uint64_t i = 0; i < tasks_; ++i) expected += i * i;
    return answer.value == expected ? Verdict::pass() : Verdict::fail("wrong sum of squares");
  }

 private:
  WorkloadInfo info_{"squares", "tasks", {}};  // default traits: CPU work
  std::size_t tasks_;
  Fault fault_;
  std::size_t faulty_task_;
};

}  // namespace concur::testing
