// One Plan per experiment of the course, run through run_matrix like any
// other command, then boiled down to the numbers the text quotes. A
// workload or model missing from this build leaves its cells "not built"
// instead of failing the course.
#include "concur/version.hpp"
#include "course/course_plan.hpp"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/registry.hpp"
#include "concur/runner.hpp"
#include "core/machine.hpp"
#include "report/scaling.hpp"
#include "course/course_cpython.hpp"
#include "course/course_event_trace.hpp"
#include "course/course_races.hpp"
#include "course/course_startup.hpp"

namespace concur::course {
namespace {

constexpr std::uint64_t kCourseNumbers = 10'000;  // the course factorised 10,000 integers
constexpr unsigned kCourseWorkers = 10;           // and used 10 threads or processes
// The course's Python spent 1.75 s on its numbers; compiled C++ needs about
// 50 times less, too little to outweigh starting workers or a busy
// neighbour. So the full course factorises a whole multiple of 10,000,
// enough for about this long in one thread.
constexpr double kSequentialTarget = 1.2;
constexpr std::uint64_t kMaxMultiple = 200;

class Sections {
 public:
  explicit Sections(const CourseSettings& settings) : settings_(settings) {}

  // Runs the plan's cells whose workload and model this build has.
  RunReport run(Plan plan, std::string_view name) {
    if (settings_.progress) settings_.progress(name);
    plan.options.seed = settings_.seed;
    plan.options.switch_interval_ms = settings_.switch_interval_ms;
    std::erase_if(plan.models, [](const std::string& m) { return !find_model(m); });
    std::erase_if(plan.workloads, [](const std::string& w) { return !find_workload(w); });
    if (plan.models.empty() || plan.workloads.empty()) return {};
    RunReport report = run_matrix(plan);
    if (report.interrupted) throw Interrupted();
    any_failed_ = any_failed_ || report.exit_code() != 0;
    return report;
  }

  // What the run's own warnings say disturbed it.
  static Disturbance disturbance(const RunReport& report) {
    Disturbance d;
    d.load = report.context.state.load_average[0];
    d.cpus = report.context.state.usable_cpus();
    for (const auto& w : report.warnings)
      if (w.kind == WarningKind::speedup_above_workers || w.kind == WarningKind::speedup_above_cpus)
        d.impossible.push_back(w.subject);
    return d;
  }
  bool any_failed() const { return any_failed_; }

 private:
  const CourseSettings& settings_;
  bool any_failed_ = false;
};

// `expected_cpus`: what a computing cell should keep busy (0 for waiting).
Measured measured(const RunReport& report, std::string_view workload, std::string_view model,
                  unsigned workers, double expected_cpus = 0) {
  if (!find_workload(workload)) return Measured::missing(fmt::format("no '{}' workload in this build", workload));
  if (!find_model(model)) return Measured::missing(fmt::format("no '{}' model in this build", model));
  for (const auto& c : report.cells) {
    if (c.workload != workload || c.model != model || c.workers != workers) continue;
    if (c.status == CellStatus::ok && c.time.count > 0)
      return Measured::sampled(c.real_seconds, c.max_rss_kb, c.cpu_median, expected_cpus);
    return Measured::missing(c.reason.empty() ? to_string(c.status) : c.reason);
  }
  return Measured::missing("not run");
}

MachineFacts machine_facts() {
  MachineInfo info = machine_info();
  MachineFacts m;
  const long online = ::sysconf(_SC_NPROCESSORS_ONLN);  // what CPython's os.cpu_count() asks
  m.cpu_count = online > 0 ? static_cast<unsigned>(online) : info.logical_cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  m.usable_cpus = ::sched_getaffinity(0, sizeof set, &set) == 0
                      ? static_cast<unsigned>(CPU_COUNT(&set)) : m.cpu_count;
  m.physical_cores = info.physical_cores;
  m.cpu_model = info.cpu_model;
  return m;
}

DownloadFacts download_section(Sections& sections, bool quick) {
  DownloadFacts f;
  f.latency_ms = course_latency_ms(quick);
  Plan plan;
  plan.workloads = {"download"};
  plan.models = {"sequential", "threads", "gil"};
  plan.workers = {f.images};  // one thread per image, as the course does
  plan.sampling.fixed_repetitions = 3u;  // the fewest that give a verdict an interval
  plan.options.images = f.images;
  plan.options.latency_ms = f.latency_ms;
  RunReport r = sections.run(plan, "download 10 images");
  f.disturbance = Sections::disturbance(r);
  f.sequential = measured(r, "download", "sequential", 1);
  f.threads = measured(r, "download", "threads", f.images);
  f.gil = measured(r, "download", "gil", f.images);
  return f;
}

// How many of the course's 10,000 numbers to factorise: one quick pass at
// the course's count, scaled to kSequentialTarget.
std::uint64_t factorise_count(Sections& sections, bool quick) {
  if (quick) return kCourseNumbers;
  Plan probe;
  probe.workloads = {"factorise"};
  probe.models = {"sequential"};
  probe.workers = {1};
  probe.sampling.fixed_repetitions = 1u;
  probe.options.size = kCourseNumbers;
  RunReport r = sections.run(probe, "the size of the computing experiment");
  const Measured once = measured(r, "factorise", "sequential", 1);
  if (!once.ok() || *once.seconds <= 0) return kCourseNumbers;
  // CPU time, not wall time: on a busy machine the wall clock also counts
  // the turns other programs took, and the count would change from run to run.
  const double work = once.cpu_seconds > 0 ? std::min(once.cpu_seconds, *once.seconds) : *once.seconds;
  const auto multiple = static_cast<std::uint64_t>(kSequentialTarget / work + 0.5);
  return kCourseNumbers * std::clamp<std::uint64_t>(multiple, 1, kMaxMultiple);
}

FactoriseFacts factorise_section(Sections& sections, bool quick, unsigned cpus,
                                 double switch_interval_ms) {
  FactoriseFacts f;
  f.numbers = factorise_count(sections, quick);
  f.switch_interval_ms = switch_interval_ms;
  std::vector<unsigned> workers{std::max(cpus, 2u), kCourseWorkers};
  std::sort(workers.begin(), workers.end());
  workers.erase(std::unique(workers.begin(), workers.end()), workers.end());
  Plan plan;
  plan.workloads = {"factorise"};
  plan.models = {"sequential", "gil", "threads", "processes"};
  plan.workers = workers;
  plan.sampling.fixed_repetitions = quick ? 3u : 5u;
  plan.options.size = f.numbers;
  RunReport r = sections.run(plan, fmt::format("factorise {} integers", f.numbers));
  f.disturbance = Sections::disturbance(r);
  f.sequential = measured(r, "factorise", "sequential", 1, 1);
  for (unsigned w : workers) {
    const double parallel = std::min(w, std::max(cpus, 1u));
    f.rows.push_back({w, measured(r, "factorise", "gil", w, 1), measured(r, "factorise", "threads", w, parallel),
                      measured(r, "factorise", "processes", w, parallel)});
  }
  return f;
}

EventFacts event_section(Sections& sections, bool quick) {
  EventFacts f;
  f.latency_ms = course_latency_ms(quick);
  for (unsigned n : course_connection_counts(quick)) {
    Plan plan;
    plan.workloads = {"download"};
    plan.models = {"async", "threads"};
    plan.workers = {n};
    plan.sampling.fixed_repetitions = quick ? 3u : 5u;
    plan.options.images = n;
    plan.options.latency_ms = f.latency_ms;
    RunReport r = sections.run(plan, fmt::format("{} concurrent downloads", n));
    if (n == course_connection_counts(quick).back()) f.disturbance = Sections::disturbance(r);
    f.rows.push_back({n, measured(r, "download", "async", n), measured(r, "download", "threads", n)});
  }
  return f;
}

GpuFacts gpu_section(Sections& sections, bool quick, unsigned cpus) {
  GpuFacts f;
  f.cpu_workers = cpus;
  const ModelEntry* cuda = find_model("cuda");
  if (!cuda) {
    f.skipped_reason = "no 'cuda' model in this build";
    return f;
  }
  if (Availability a = cuda->make(Options{})->availability(); !a.ok) {
    f.skipped_reason = a.reason;
    f.no_gpu = true;
    f.cuda_detail = a.reason;
    return f;
  }
  Plan plan;
  plan.workloads = {"factorise", "mandelbrot"};
  plan.models = {"sequential", "threads", "cuda"};
  plan.workers = {cpus};
  plan.sampling.fixed_repetitions = quick ? 1u : 3u;
  plan.options.quick = quick;
  RunReport r = sections.run(plan, "GPU");
  for (const auto& w : plan.workloads) {
    GpuFacts::Row row{w, measured(r, w, "sequential", 1), measured(r, w, "threads", cpus),
                      measured(r, w, "cuda", 1), std::nullopt, ""};
    for (const auto& c : r.cells)
      if (c.workload == w && c.model == "cuda") {
        row.kernel_seconds = c.kernel_seconds;
        row.launch_shape = c.workers_label;
      }
    f.rows.push_back(std::move(row));
  }
  return f;
}

// Free threads from 1 to twice the cores on the course's numbers: the
// speedup climbs to the core count and stops there.
AmdahlFacts amdahl_section(Sections& sections, bool quick, unsigned cpus, std::uint64_t numbers) {
  AmdahlFacts f;
  f.cores = std::max(cpus, 1u);
  Plan plan;
  plan.workloads = {"factorise"};
  plan.models = {"sequential", "threads"};
  for (unsigned w = 1; w <= 2 * f.cores; ++w) plan.workers.push_back(w);
  plan.sampling.fixed_repetitions = quick ? 3u : 5u;
  plan.options.size = numbers;
  RunReport r = sections.run(plan, "Amdahl's law");
  f.disturbance = Sections::disturbance(r);
  f.sequential = measured(r, "factorise", "sequential", 1, 1);
  for (unsigned w : plan.workers)
    f.points.push_back({w, measured(r, "factorise", "threads", w, std::min(w, f.cores))});
  const auto scaling = report::analyse_scaling(r);
  for (const auto& s : scaling)
    if (s.model == "threads") f.serial_fraction = s.serial_fraction;
  if (!scaling.empty()) f.svg = report::render_speedup_svg(scaling);
  return f;
}

RunHeader run_header(const CourseSettings& settings) {
  RunHeader h;
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &local);
  h.date = text;
  h.version = build_info::version;
  h.command = settings.command_line;
  h.seed = settings.seed;
  return h;
}

}  // namespace

double course_latency_ms(bool quick) {
  // The course's 10 images took 2.469 s one after another: ~0.247 s each,
  // nearly all of it waiting; a loopback transfer adds about a millisecond.
  return quick ? 50 : 245;
}

std::vector<unsigned> course_connection_counts(bool quick) {
  return quick ? std::vector<unsigned>{10, 100, 300} : std::vector<unsigned>{10, 100, 1000};
}

CourseRun measure_course(const CourseSettings& settings) {
  CourseRun run;
  CourseFacts& f = run.facts;
  Sections sections(settings);
  f.header = run_header(settings);
  f.quick = settings.quick;
  f.verbose = settings.verbose;
  f.machine = machine_facts();
  f.download = download_section(sections, settings.quick);
  f.factorise = factorise_section(sections, settings.quick, f.machine.usable_cpus,
                                  settings.switch_interval_ms);
  f.amdahl = amdahl_section(sections, settings.quick, f.machine.usable_cpus, f.factorise.numbers);
  if (settings.progress) settings.progress("starting 10 threads and 10 processes");
  f.startup = measure_startup(kCourseWorkers, settings.quick ? 10 : 30);
  if (settings.progress) settings.progress("a shared counter with and without a lock");
  f.races = measure_races(std::max(f.machine.usable_cpus, 2u), settings.quick ? 200'000 : 1'000'000,
                          settings.quick ? 3 : 5);
  if (settings.python) {
    if (settings.progress) settings.progress("the same experiments in CPython");
    f.cpython = measure_cpython(settings.quick, settings.seed, f.download.latency_ms);
  } else {
    f.cpython.missing = "--no-python";
  }
  f.events = event_section(sections, settings.quick);
  f.events.trace = trace_event_loop({30, 10, 20});  // three waits, registered in this order
  f.gpu = gpu_section(sections, settings.quick, f.machine.usable_cpus);
  run.any_failed = sections.any_failed();
  return run;
}

}  // namespace concur::course
