// What `concur-bench course` measured, section by section: plain numbers and
// reasons, so the prose is a pure function of them and tests can hand the
// renderer any outcome (threads winning, losing, cells failing).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace concur::course {

// One cell: its median wall time and every repetition behind it (verdicts
// come from their intervals), or why it has none.
struct Measured {
  std::optional<double> seconds;  // the median of `samples`
  std::string reason;             // failed, skipped or not run: why
  double peak_rss_kb = 0;
  double cpu_seconds = 0;  // median CPU time the process used meanwhile (0: unknown)
  std::vector<double> samples;  // wall seconds, one per repetition
  // CPUs the cell should keep busy when it has the machine to itself (1 for
  // sequential or the GIL, min(workers, cores) for free threads); 0: it
  // waits rather than computes, so its CPU share says nothing.
  double expected_cpus = 0;
  bool ok() const { return seconds.has_value(); }
  // One cell from its repetitions (the median is computed here).
  static Measured sampled(std::vector<double> samples, double rss_kb = 0, double cpu = 0,
                          double expected_cpus = 0);
  static Measured of(double s, double rss_kb = 0, double cpu = 0) { return {s, {}, rss_kb, cpu, {s}, 0}; }
  static Measured missing(std::string why) { return {std::nullopt, std::move(why), 0, 0, {}, 0}; }
};

// What disturbed a section while it ran, from the run's own warnings.
struct Disturbance {
  double load = 0;    // 1-minute load average when the section started
  unsigned cpus = 0;  // CPUs this process could use
  std::vector<std::string> impossible;  // cells faster than their workers or cores allow
  bool busy() const { return (cpus > 0 && load > cpus) || !impossible.empty(); }
};

// Section 1.
struct MachineFacts {
  unsigned cpu_count = 0;    // sysconf(_SC_NPROCESSORS_ONLN): multiprocessing.cpu_count()
  unsigned usable_cpus = 0;  // this process's affinity mask: os.sched_getaffinity()
  unsigned physical_cores = 0;
  std::string cpu_model;
};

// Section 2: the course's download experiment.
struct DownloadFacts {
  unsigned images = 10;
  double latency_ms = 0;  // the embedded server's wait per image
  Measured sequential;
  Measured threads;  // one free thread per image
  Measured gil;      // one thread per image under the global lock
  Disturbance disturbance;
};

// Section 3: the course's CPU-bound experiment.
struct FactoriseFacts {
  std::uint64_t numbers = 0;  // a multiple of the course's 10,000, sized for ~1 s in one thread
  double switch_interval_ms = 5;
  Measured sequential;
  struct Row {
    unsigned workers = 0;
    Measured gil, threads, processes;
  };
  std::vector<Row> rows;  // ascending workers
  Disturbance disturbance;
};

// The models of section 3 in table order, with where each row keeps its cell.
inline std::vector<std::pair<std::string_view, Measured FactoriseFacts::Row::*>> factorise_models() {
  return {{"gil", &FactoriseFacts::Row::gil},
          {"threads", &FactoriseFacts::Row::threads},
          {"processes", &FactoriseFacts::Row::processes}};
}

// Section 4's trace: an event loop on one thread, callbacks run as events come.
struct EventTrace {
  struct Entry {
    double at_ms = 0;      // since the loop started
    unsigned request = 0;  // 1-based, in the order the requests were made
    double wait_ms = 0;    // how long that request was set to wait
  };
  std::vector<Entry> callbacks;  // in the order the loop ran them
  double total_ms = 0;
};

// Section 4: event-driven versus one thread per connection.
struct EventFacts {
  double latency_ms = 0;
  struct Row {
    unsigned connections = 0;
    Measured async, threads;
  };
  std::vector<Row> rows;  // ascending connections
  Disturbance disturbance;
  EventTrace trace;
};

// Section 5: the GPU, or why not.
struct GpuFacts {
  std::string skipped_reason;  // non-empty: no cuda rows, and why
  bool no_gpu = false;         // the reason is that no NVIDIA GPU or driver answered
  std::string cuda_detail;     // CUDA's own words for that, shown with --verbose
  unsigned cpu_workers = 0;    // the threads row beside cuda
  struct Row {
    std::string workload;
    Measured sequential, threads, cuda;
    std::optional<double> kernel_seconds;
    std::string launch_shape;  // "blocks x threads"
  };
  std::vector<Row> rows;
};

// Section 3b: what starting workers costs, measured (the book: 13x).
struct StartupFacts {
  unsigned workers = 10;
  Measured threads;    // start `workers` std::threads and join them
  Measured processes;  // fork `workers` children, read a result from each through a pipe, wait
  double child_peak_rss_kb = 0;  // the largest peak resident memory of one child
  double parent_rss_kb = 0;      // this process's peak resident memory when it forked
};

// Section 3d: a shared counter with and without a lock.
struct RaceFacts {
  unsigned threads = 0;
  std::uint64_t increments = 0;  // per thread
  std::uint64_t unlocked_total = 0, locked_total = 0;  // what the counter read at the end
  Measured unlocked, locked;  // wall time of the whole run
};

// Section 3d, through the runner: the cost of sharing one counter, by the
// `contention` workloads (a mutex, one atomic, a counter per worker summed
// at the end), one thread alone against free threads.
struct SharingFacts {
  std::uint64_t increments = 0;  // in all, split among the workers
  unsigned workers = 0;          // free threads in the shared rows
  struct Row {
    std::string workload;  // "contention_mutex", "contention_atomic", "contention_local"
    Measured alone;        // one thread (sequential)
    Measured shared;       // `workers` free threads
  };
  std::vector<Row> rows;  // mutex, atomic, per worker
  Disturbance disturbance;
};

// Section 4b: the course's reactive example, the data centre's thermometers
// (the `pipeline` workload): one loop against a stream of stages.
struct ReactiveFacts {
  std::uint64_t readings = 0;
  struct Row {
    std::string model;  // "sequential": one loop; "threads" / "processes": a stage each
    Measured cell;
    std::optional<double> latency_p50, latency_p99;  // seconds from a reading to its alert
  };
  std::vector<Row> rows;  // sequential first
  Disturbance disturbance;
};

// The course's experiments in real CPython (course_cpython), beside the model.
struct CPythonColumn {
  std::string interpreter;  // "python3", "python3.13t"
  std::string version;      // "3.11.7"
  bool gil = true;          // false on a free-threaded build with the GIL off
  Measured download_sequential, download_threads;
  Measured cpu_sequential, cpu_threads, cpu_pool;
};

struct CPythonFacts {
  std::string missing;  // non-empty: why there are no columns ("no python3 on the PATH")
  std::uint64_t numbers = 0;  // integers each CPU run factorises
  unsigned workers = 10;      // threads or Pool processes, as in the course
  unsigned images = 10;
  std::vector<CPythonColumn> columns;
};

// Section 3e: Amdahl's law, free threads from 1 to twice the cores.
struct AmdahlFacts {
  unsigned cores = 0;
  Measured sequential;
  struct Point {
    unsigned workers = 0;
    Measured threads;
  };
  std::vector<Point> points;  // ascending workers
  std::optional<double> serial_fraction;  // fitted f in S(p) = 1 / (f + (1 - f) / p)
  std::string svg;            // the speedup chart, for --output DIR
  std::string figure_file;    // set when the chart is written beside the report
  Disturbance disturbance;
};

// What a handed-in report must say about its run.
struct RunHeader {
  std::string date;     // ISO 8601, local time with offset, at the start
  std::string version;  // concur-bench's
  std::string command;  // as typed
  std::uint64_t seed = 42;
};

struct CourseFacts {
  RunHeader header;
  bool quick = false;
  bool verbose = false;  // raw messages (CUDA's) beside the plain ones
  MachineFacts machine;
  DownloadFacts download;
  FactoriseFacts factorise;
  EventFacts events;
  GpuFacts gpu;
  StartupFacts startup;
  RaceFacts races;
  SharingFacts sharing;
  ReactiveFacts reactive;
  AmdahlFacts amdahl;
  CPythonFacts cpython;
};

}  // namespace concur::course
