// Sections 3d and 4b through the runner: what sharing one counter costs
// (the contention workloads) and the course's reactive data centre (the
// pipeline workload: a stream of thermometer readings through stages).
#include <algorithm>

#include "course/course_plan_sections.hpp"
#include "workloads/pipeline/temperature_stages.hpp"

namespace concur::course {

SharingFacts sharing_section(Sections& sections, bool quick, unsigned cpus) {
  SharingFacts f;
  // Enough that the cheapest form (a counter each, ~1.5 ns an increment)
  // still runs for milliseconds, so its CPU share means something.
  f.increments = quick ? 1'000'000 : 6'000'000;
  f.workers = std::max(cpus, 2u);
  Plan plan;
  plan.workloads = {"contention_mutex", "contention_atomic", "contention_local"};
  plan.models = {"sequential", "threads"};
  plan.workers = {f.workers};
  plan.sampling.fixed_repetitions = quick ? 3u : 5u;
  plan.options.size = f.increments;
  RunReport r = sections.run(plan, "the cost of sharing a counter");
  f.disturbance = Sections::disturbance(r);
  for (const auto& workload : {"contention_mutex", "contention_atomic", "contention_local"}) {
    // A thread blocked on the mutex sleeps: only the holder is sure to be
    // computing, so a mutex cell is held to one CPU's worth; the others spin.
    const bool sleeps = std::string_view(workload) == "contention_mutex";
    const double busy = sleeps ? 1.0 : std::min(f.workers, std::max(cpus, 1u));
    f.rows.push_back({workload, measured(r, workload, "sequential", 1, 1),
                      measured(r, workload, "threads", f.workers, busy)});
  }
  return f;
}

ReactiveFacts reactive_section(Sections& sections, bool quick) {
  ReactiveFacts f;
  f.readings = quick ? 40'000 : 300'000;
  Plan plan;
  plan.workloads = {"pipeline"};
  plan.models = {"sequential", "threads", "processes"};
  // Threads and processes run one worker per stage whatever is asked; asking
  // for that many keeps the runner's speedup-per-worker checks honest.
  const unsigned stages = pipeline::kStageCount;
  plan.workers = {stages};
  plan.sampling.fixed_repetitions = quick ? 3u : 5u;
  plan.options.size = f.readings;
  RunReport r = sections.run(plan, "the data centre's thermometers");
  f.disturbance = Sections::disturbance(r);
  for (const auto& c : r.cells)  // the workload rounds down to whole cycles of its sensors
    if (c.timed()) f.readings = c.items;
  for (const auto& [model, workers] : {std::pair{"sequential", 1u}, {"threads", stages}, {"processes", stages}})
    // Every form keeps at least one CPU busy: the loop, or the slowest stage.
    f.rows.push_back({model, measured(r, "pipeline", model, workers, 1),
                      figure_of(r, "pipeline", model, workers, "latency_p50"),
                      figure_of(r, "pipeline", model, workers, "latency_p99")});
  return f;
}

}  // namespace concur::course
