// Which sanitizer this test binary was built with, for the few tests that
// cannot run under one (libgomp is not TSan-instrumented; the sanitizer
// runtimes need file descriptors of their own).
#pragma once

#include <string>
#include <vector>

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

// The environment a binary that may run the mpi model needs under
// AddressSanitizer: LeakSanitizer's suppressions for Open MPI's own leaks
// (tests/lsan.supp; its frames need the slow unwinder). Empty otherwise.
inline std::vector<std::string> open_mpi_leak_environment() {
  if (!running_under_asan()) return {};
  return {"LSAN_OPTIONS=fast_unwind_on_malloc=0:suppressions=" CONCUR_SOURCE_DIR "/tests/lsan.supp"};
}

}  // namespace concur::testing
