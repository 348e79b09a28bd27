// Which sanitizer this test binary was built with, for the few tests that
// cannot run under one (libgomp is not TSan-instrumented; the sanitizer
// runtimes need file descriptors of their own).
#pragma once

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

}  // namespace concur::testing
