// Inside measure_course: the runner every section goes through and one
// function per section (course_plan_*.cpp), each building its Plan and
// boiling the report down to the facts the text quotes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "concur/runner.hpp"
#include "course/course_facts.hpp"
#include "course/course_plan.hpp"

namespace concur::course {

inline constexpr std::uint64_t kCourseNumbers = 10'000;  // the course factorised 10,000 integers
inline constexpr unsigned kCourseWorkers = 10;           // and used 10 threads or processes

// Runs plans through run_matrix with the course's seed and switch interval,
// leaving out workloads and models this build lacks; Ctrl-C ends the course.
class Sections {
 public:
  explicit Sections(const CourseSettings& settings) : settings_(settings) {}
  RunReport run(Plan plan, std::string_view name);
  void progress(std::string_view name) const {
    if (settings_.progress) settings_.progress(name);
  }
  // What the run's own warnings say disturbed it.
  static Disturbance disturbance(const RunReport& report);
  bool any_failed() const { return any_failed_; }

 private:
  const CourseSettings& settings_;
  bool any_failed_ = false;
};

// One cell of a report, or why it has none. `expected_cpus`: what a
// computing cell should keep busy (0 for waiting).
Measured measured(const RunReport& report, std::string_view workload, std::string_view model,
                  unsigned workers, double expected_cpus = 0);
// The same cell's own figure (pipeline: "latency_p50"), when it has one.
std::optional<double> figure_of(const RunReport& report, std::string_view workload, std::string_view model,
                                unsigned workers, std::string_view figure);

// course_plan_io.cpp
DownloadFacts download_section(Sections&, bool quick);
EventFacts event_section(Sections&, bool quick);
// course_plan_cpu.cpp
FactoriseFacts factorise_section(Sections&, bool quick, unsigned cpus, double switch_interval_ms);
AmdahlFacts amdahl_section(Sections&, bool quick, unsigned cpus, std::uint64_t numbers);
GpuFacts gpu_section(Sections&, bool quick, unsigned cpus);
// course_plan_streams.cpp
SharingFacts sharing_section(Sections&, bool quick, unsigned cpus);
ReactiveFacts reactive_section(Sections&, bool quick);

}  // namespace concur::course
