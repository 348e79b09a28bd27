// What the course's tests share: repetitions as the runner records them, and
// a plain substring check of the rendered text.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "course/course_facts.hpp"

namespace concur::testing {

inline bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Wall seconds, then the median CPU time, for a cell that should keep `cpus`
// CPUs busy (0: it waits).
inline course::Measured cell(std::vector<double> wall, double cpu = 0, double cpus = 0,
                             double rss_kb = 0) {
  return course::Measured::sampled(std::move(wall), rss_kb, cpu, cpus);
}

}  // namespace concur::testing
