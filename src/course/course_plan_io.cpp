// Sections 2 and 4: the course's downloads, then many at once (async
// against one thread per connection), through the runner.
#include <fmt/format.h>

#include "course/course_plan_sections.hpp"
#include "workloads/download/download_options.hpp"

namespace concur::course {

double course_latency_ms(bool quick) {
  // The course's 10 images took 2.469 s one after another: ~0.247 s each,
  // nearly all of it waiting; a loopback transfer adds about a millisecond.
  return quick ? 50 : 245;
}

std::vector<unsigned> course_connection_counts(bool quick) {
  return quick ? std::vector<unsigned>{10, 100, 300} : std::vector<unsigned>{10, 100, 1000};
}

DownloadFacts download_section(Sections& sections, bool quick) {
  DownloadFacts f;
  f.latency_ms = course_latency_ms(quick);
  Plan plan;
  plan.workloads = {"download"};
  plan.models = {"sequential", "threads", "gil"};
  plan.workers = {f.images};  // one thread per image, as the course does
  plan.sampling.fixed_repetitions = 3u;  // the fewest that give a verdict an interval
  plan.options.plugins.get<DownloadOptions>().images = f.images;
  plan.options.plugins.get<DownloadOptions>().latency_ms = f.latency_ms;
  RunReport r = sections.run(plan, "download 10 images");
  f.disturbance = Sections::disturbance(r);
  f.sequential = measured(r, "download", "sequential", 1);
  f.threads = measured(r, "download", "threads", f.images);
  f.gil = measured(r, "download", "gil", f.images);
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
    plan.options.plugins.get<DownloadOptions>().images = n;
    plan.options.plugins.get<DownloadOptions>().latency_ms = f.latency_ms;
    RunReport r = sections.run(plan, fmt::format("{} concurrent downloads", n));
    if (n == course_connection_counts(quick).back()) f.disturbance = Sections::disturbance(r);
    f.rows.push_back({n, measured(r, "download", "async", n), measured(r, "download", "threads", n)});
  }
  return f;
}

}  // namespace concur::course
