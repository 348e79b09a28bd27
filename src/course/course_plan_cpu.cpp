// Sections 3, 3e and 5: the course's factorisation sized like the course's,
// Amdahl's curve of free threads, and the GPU when there is one.
#include <algorithm>

#include <fmt/format.h>

#include "concur/registry.hpp"
#include "course/course_plan_sections.hpp"
#include "report/scaling.hpp"

namespace concur::course {
namespace {

// The course's Python spent 1.75 s on its numbers; compiled C++ needs about
// 50 times less, too little to outweigh starting workers or a busy
// neighbour. So the full course factorises a whole multiple of 10,000,
// enough for about this long in one thread.
constexpr double kSequentialTarget = 1.2;
constexpr std::uint64_t kMaxMultiple = 200;

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

}  // namespace

FactoriseFacts factorise_section(Sections& sections, bool quick, unsigned cpus, double switch_interval_ms) {
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
  const auto& scaling = r.analysis.scaling;  // the fits are the Analysis's
  for (const auto& s : scaling)
    if (s.model == "threads") f.serial_fraction = s.serial_fraction;
  if (!scaling.empty()) f.svg = report::render_speedup_svg(scaling, report::usable_cores(r));
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

}  // namespace concur::course
