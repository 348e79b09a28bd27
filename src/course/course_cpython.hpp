// The course's experiments in real CPython, beside the model: the scripts
// installed with the binary (share/concur-bench/python) run under python3,
// and under a free-threaded python3.13t when one is on the PATH.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "course/course_facts.hpp"

namespace concur::course {

// Where the scripts are: $CONCUR_BENCH_PYTHON_DIR, else beside the binary in
// the build tree (share/concur-bench/python) or after `cmake --install`
// (../share/concur-bench/python).
std::optional<std::filesystem::path> cpython_scripts_dir();

// Runs the scripts (downloads against a fresh embedded server waiting
// `latency_ms` per image). Checks each CPU run's checksum against C++.
CPythonFacts measure_cpython(bool quick, std::uint64_t seed, double latency_ms);

}  // namespace concur::course
