// Measures every section of the course now, through the matrix runner.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "course/course_facts.hpp"

namespace concur::course {

struct CourseSettings {
  bool quick = false;
  double switch_interval_ms = 5;
  std::uint64_t seed = 42;
  bool verbose = false;  // keep raw messages (CUDA's) in the text
  bool python = true;
  std::string command_line;  // for the report's header  // also run the experiments in CPython when python3 is there
  std::function<void(std::string_view)> progress;  // told each section's name as it starts
};

struct CourseRun {
  CourseFacts facts;
  bool any_failed = false;  // a cell failed or did not verify
};

CourseRun measure_course(const CourseSettings& settings);

// The sizes the course runs with (so the text can quote them).
double course_latency_ms(bool quick);  // per image, so one takes ~0.25 s as in the course
std::vector<unsigned> course_connection_counts(bool quick);

}  // namespace concur::course
