// A workload is *what* is computed: it splits itself into independent tasks,
// runs one task, combines task results and verifies the combined answer.
// It knows nothing of threads, fork or GPUs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "concur/result.hpp"
#include "concur/task.hpp"
#include "concur/workload_traits.hpp"

namespace concur {

// The combined answer of all tasks.
struct Answer {
  std::uint64_t value = 0;  // sum of task values, wrapping modulo 2^64
  std::uint64_t items = 0;
  std::size_t failed_tasks = 0;
  std::string first_error;  // of the first failed task, in task order
};

struct Verdict {
  bool ok = true;
  std::string reason;  // why not, when !ok
  static Verdict pass() { return {}; }
  static Verdict fail(std::string why) { return {false, std::move(why)}; }
};

struct WorkloadInfo {
  std::string name;         // "primes"
  std::string item_unit;    // throughput unit: "numbers", "images", "pixels"
  WorkloadTraits traits;    // what models decide on (a registered workload's: its .def line)
};

// The info of the registered workload `name`: its traits as workloads.def
// declares them, so a workload states them nowhere else. Throws
// std::logic_error for a name workloads.def lacks.
WorkloadInfo declared_workload_info(std::string_view name, std::string item_unit);

// Optional capability: run every task with event-driven, non-blocking I/O
// in the calling thread, at most `concurrency` in flight (the async model).
class AsyncCapability {
 public:
  virtual ~AsyncCapability() = default;
  virtual std::vector<TaskResult> run_all_async(unsigned concurrency) = 0;
};

// Optional capability: every task as a C++20 coroutine in the calling
// thread, suspended while it waits on I/O, `concurrency` of them at once
// (the coroutines model).
class CoroutineCapability {
 public:
  virtual ~CoroutineCapability() = default;
  virtual std::vector<TaskResult> run_all_coroutines(unsigned concurrency) = 0;
};

// Optional capability: the whole workload as device kernels (the cuda model).
struct CudaRun {
  TaskResult total;            // the combined answer, computed on the device
  double kernel_seconds = 0;   // kernel-only time from CUDA events
  std::string launch_shape;    // "blocks x threads", shown as the workers
};
class CudaCapability {
 public:
  virtual ~CudaCapability() = default;
  virtual CudaRun run_on_device() const = 0;  // throws std::runtime_error
};

// Optional capability: the workload is a stream of events flowing through
// stages (the pipeline workload). Models that run stages concurrently ask for
// it (threads: a thread per stage and bounded queues between them; processes:
// a process per stage and pipes); every other model runs the task form.
struct PipelineEvent {
  std::int64_t read_ns = 0;  // steady clock when stage 0 read it: latency's start
  std::array<unsigned char, 56> data{};  // the workload's record, opaque to models
};
static_assert(std::is_trivially_copyable_v<PipelineEvent> && sizeof(PipelineEvent) == 64,
              "an event crosses a pipe as 64 raw bytes");

// One run over the whole stream. Each stage's state is touched only by the
// thread or process running that stage, so stages need no locks.
class PipelineStages {
 public:
  virtual ~PipelineStages() = default;
  virtual std::size_t stage_count() const = 0;  // stage 0 (the source) included
  virtual std::string stage_name(std::size_t stage) const = 0;
  // Stage 0: the next event; false at the end of the stream.
  virtual bool read(PipelineEvent& event) = 0;
  // Stage 1 .. stage_count()-1, in order, on every event.
  virtual void process(std::size_t stage, PipelineEvent& event) = 0;
  // True when process(stage, ...) reads and writes only the event, never the
  // stages' state: a runner may then run it on many events at once and out
  // of order (tbb's parallel filter). Every other stage sees one event at a
  // time, in the order stage 0 read them.
  virtual bool stateless(std::size_t /*stage*/) const { return false; }
  // Called by whoever ran the last stage, after the last event: the answer,
  // summed with other task results by Workload::combine.
  virtual TaskResult finish() = 0;
};
class PipelineCapability {
 public:
  virtual ~PipelineCapability() = default;
  virtual std::unique_ptr<PipelineStages> open() const = 0;
};

class Workload {
 public:
  virtual ~Workload() = default;

  virtual const WorkloadInfo& info() const = 0;
  virtual std::size_t task_count() const = 0;
  // Total work items, for throughput (numbers tested, images, pixels...).
  virtual std::uint64_t items() const = 0;

  // Runs task `index` (0 <= index < task_count()). Must be safe to call
  // concurrently from many threads and from forked children.
  virtual TaskResult run_task(std::size_t index, TaskContext& context) const = 0;

  // Combines task results; a model may hand in a single pre-combined result
  // (cuda), so combine must be a sum of task values, as the default is.
  virtual Answer combine(std::span<const TaskResult> results) const;

  // Checks the combined answer against a gold value computed independently.
  virtual Verdict verify(const Answer& answer) const = 0;

  // Called outside the timer before each timed run (fresh state, temp files).
  virtual void before_run() {}

  // Worker count when the user gives none (hardware threads for CPU work;
  // one per image for downloads, as the course does).
  virtual unsigned default_workers(unsigned hardware_threads) const {
    return hardware_threads;
  }

  // Figures of the run just verified, beside time and throughput (pipeline:
  // latency from reading to alert); most workloads have none.
  virtual std::vector<Figure> last_run_figures() const { return {}; }

  virtual AsyncCapability* async() { return nullptr; }
  virtual CoroutineCapability* coroutines() { return nullptr; }
  virtual const PipelineCapability* pipeline() const { return nullptr; }
  virtual const CudaCapability* cuda() const { return nullptr; }
};

}  // namespace concur
