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

// One cell: its median wall time, or why it has none.
struct Measured {
  std::optional<double> seconds;
  std::string reason;  // failed, skipped or not run: why
  double peak_rss_kb = 0;
  double cpu_seconds = 0;  // CPU time the process used meanwhile (0: unknown)
  bool ok() const { return seconds.has_value(); }
  static Measured of(double s, double rss_kb = 0, double cpu = 0) { return {s, {}, rss_kb, cpu}; }
  static Measured missing(std::string why) { return {std::nullopt, std::move(why), 0, 0}; }
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
};

// Section 3: the course's CPU-bound experiment.
struct FactoriseFacts {
  std::uint64_t numbers = 0;
  double switch_interval_ms = 5;
  Measured sequential;
  struct Row {
    unsigned workers = 0;
    Measured gil, threads, processes;
  };
  std::vector<Row> rows;  // ascending workers
};

// The models of section 3 in table order, with where each row keeps its cell.
inline std::vector<std::pair<std::string_view, Measured FactoriseFacts::Row::*>> factorise_models() {
  return {{"gil", &FactoriseFacts::Row::gil},
          {"threads", &FactoriseFacts::Row::threads},
          {"processes", &FactoriseFacts::Row::processes}};
}

// Section 4: event-driven versus one thread per connection.
struct EventFacts {
  double latency_ms = 0;
  struct Row {
    unsigned connections = 0;
    Measured async, threads;
  };
  std::vector<Row> rows;  // ascending connections
};

// Section 5: the GPU, or why not.
struct GpuFacts {
  std::string skipped_reason;  // non-empty: no cuda rows
  unsigned cpu_workers = 0;    // the threads row beside cuda
  struct Row {
    std::string workload;
    Measured sequential, threads, cuda;
    std::optional<double> kernel_seconds;
    std::string launch_shape;  // "blocks x threads"
  };
  std::vector<Row> rows;
};

struct CourseFacts {
  bool quick = false;
  MachineFacts machine;
  DownloadFacts download;
  FactoriseFacts factorise;
  EventFacts events;
  GpuFacts gpu;
};

}  // namespace concur::course
