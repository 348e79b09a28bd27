// One Plan per experiment of the course, run through run_matrix like any
// other command, then boiled down to the numbers the text quotes. A
// workload or model missing from this build leaves its cells "not built"
// instead of failing the course. The sections' plans live in
// course_plan_*.cpp; this file holds what they share and the running order.
#include "course/course_plan.hpp"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/registry.hpp"
#include "concur/version.hpp"
#include "core/machine.hpp"
#include "course/course_cpython.hpp"
#include "course/course_event_trace.hpp"
#include "course/course_plan_sections.hpp"
#include "course/course_races.hpp"
#include "course/course_startup.hpp"
#include "models/gil_options.hpp"

namespace concur::course {

RunReport Sections::run(Plan plan, std::string_view name) {
  progress(name);
  plan.options.seed = settings_.seed;
  plan.options.plugins.get<GilOptions>().switch_interval_ms = settings_.switch_interval_ms;
  std::erase_if(plan.models, [](const std::string& m) { return !find_model(m); });
  std::erase_if(plan.workloads, [](const std::string& w) { return !find_workload(w); });
  if (plan.models.empty() || plan.workloads.empty()) return {};
  RunReport report = run_matrix(plan);
  if (report.interrupted) throw Interrupted();
  any_failed_ = any_failed_ || report.exit_code() != 0;
  return report;
}

Disturbance Sections::disturbance(const RunReport& report) {
  Disturbance d;
  d.load = report.context.state.load_average[0];
  d.cpus = report.context.state.usable_cpus();
  for (const auto& w : report.analysis.warnings)
    if (w.kind == WarningKind::speedup_above_workers || w.kind == WarningKind::speedup_above_cpus)
      d.impossible.push_back(w.subject.name);
  return d;
}

namespace {

const CellResult* find_cell(const RunReport& report, std::string_view workload, std::string_view model,
                            unsigned workers) {
  for (const auto& c : report.cells)
    if (c.workload == workload && c.model == model && c.workers == workers) return &c;
  return nullptr;
}

}  // namespace

Measured measured(const RunReport& report, std::string_view workload, std::string_view model, unsigned workers,
                  double expected_cpus) {
  if (!find_workload(workload)) return Measured::missing(fmt::format("no '{}' workload in this build", workload));
  if (!find_model(model)) return Measured::missing(fmt::format("no '{}' model in this build", model));
  const CellResult* c = find_cell(report, workload, model, workers);
  if (!c) return Measured::missing("not run");
  if (c->status == CellStatus::ok && c->time.count > 0)
    return Measured::sampled(c->real_seconds, c->max_rss_kb, c->cpu_median, expected_cpus);
  return Measured::missing(c->reason.empty() ? to_string(c->status) : c->reason);
}

std::optional<double> figure_of(const RunReport& report, std::string_view workload, std::string_view model,
                                unsigned workers, std::string_view figure) {
  if (const CellResult* c = find_cell(report, workload, model, workers); c && c->timed())
    for (const auto& f : c->figures)
      if (f.name == figure) return f.value;
  return std::nullopt;
}

namespace {

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

CourseRun measure_course(const CourseSettings& settings) {
  CourseRun run;
  CourseFacts& f = run.facts;
  Sections sections(settings);
  const bool quick = settings.quick;
  f.header = run_header(settings);
  f.quick = quick;
  f.verbose = settings.verbose;
  f.machine = machine_facts();
  const unsigned cpus = f.machine.usable_cpus;
  f.download = download_section(sections, quick);
  f.factorise = factorise_section(sections, quick, cpus, settings.switch_interval_ms);
  f.amdahl = amdahl_section(sections, quick, cpus, f.factorise.numbers);
  sections.progress("starting 10 threads and 10 processes");
  f.startup = measure_startup(kCourseWorkers, quick ? 10 : 30);
  sections.progress("a shared counter with and without a lock");
  f.races = measure_races(std::max(cpus, 2u), quick ? 200'000 : 1'000'000, quick ? 3 : 5);
  f.sharing = sharing_section(sections, quick, cpus);
  if (settings.python) {
    sections.progress("the same experiments in CPython");
    f.cpython = measure_cpython(quick, settings.seed, f.download.latency_ms);
  } else {
    f.cpython.missing = "--no-python";
  }
  f.events = event_section(sections, quick);
  f.events.trace = trace_event_loop({30, 10, 20});  // three waits, registered in this order
  f.reactive = reactive_section(sections, quick);
  f.gpu = gpu_section(sections, quick, cpus);
  run.any_failed = sections.any_failed();
  return run;
}

}  // namespace concur::course
