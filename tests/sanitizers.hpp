// Which sanitizer this test binary was built with, for the few tests that
// cannot run under one (libgomp is not TSan-instrumented; the sanitizer
// runtimes need file descriptors of their own).
#pragma once

#include <string>
#include <vector>

#include "concur/model.hpp"

namespace concur::testing {

constexpr bool running_under_tsan() {
#if defined(__SANITIZE_THREAD__)
  return true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
  return true;
#endif
#endif
  return false;
}

constexpr bool running_under_asan() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#endif
#endif
  return false;
}

// OpenMP's and oneTBB's runtimes are not built with ThreadSanitizer: their
// barriers and task hand-overs look like races, so under TSan their models
// are left out.
inline bool tsan_cannot_see(const ModelInfo& model) {
  return model.runtime_hidden_from_tsan && running_under_tsan();
}

// The environment a binary that may run the mpi model needs under
// AddressSanitizer: no leak check at exit. Open MPI 4.1 does not free what
// MPI_Init, MPI_Comm_spawn and its dlclose()d components allocate (hundreds
// of reports, frames in no module a suppression can name), and
// LeakSanitizer's own tracer crashes now and then in its ranks ("Tracer
// caught signal 11"), failing runs that did nothing wrong. Our code's leaks
// are checked by every other test, which runs the same code without MPI.
// Empty otherwise.
inline std::vector<std::string> open_mpi_leak_environment() {
  if (!running_under_asan()) return {};
  return {"LSAN_OPTIONS=detect_leaks=0"};
}

}  // namespace concur::testing
